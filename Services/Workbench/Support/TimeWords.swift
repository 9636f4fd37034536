import Foundation
import WebPages

/// Times as the centre reads them: 2026年12月1日 14:05 in the deployment's time zone (English:
/// 2026-12-01 14:05), and what is left of a deadline: 剩余3天 / 超期2天.
struct TimeWords: Sendable {
    let timeZone: TimeZone
    let catalogue: MessageCatalogue

    static func parse(_ text: String?) -> Date? {
        guard let text else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    func dateTime(_ text: String?, _ language: Language) -> String {
        guard let date = Self.parse(text) else { return text ?? "" }
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let (year, month, day) = (parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let clock = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return language == .chinese
            ? "\(year)年\(month)月\(day)日 \(clock)"
            : String(format: "%04d-%02d-%02d ", year, month, day) + clock
    }

    func date(_ text: String?, _ language: Language) -> String {
        guard let date = Self.parse(text) else { return text ?? "" }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let (year, month, day) = (parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return language == .chinese
            ? "\(year)年\(month)月\(day)日" : String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// 剩余3天 or 超期2天 (whole days, rounded up while time is left).
    func remaining(_ due: String?, _ language: Language, now: Date = Date()) -> String {
        guard let date = Self.parse(due) else { return "" }
        let seconds = date.timeIntervalSince(now)
        let days = Int((abs(seconds) / 86_400).rounded(.up))
        return seconds >= 0
            ? catalogue.text(language, "worklist.days_left", ["days": "\(days)"])
            : catalogue.text(language, "worklist.days_over", ["days": "\(days)"])
    }

    /// Due within two days and not yet overdue (即将到期).
    static func dueSoon(_ due: String?, now: Date = Date()) -> Bool {
        guard let date = parse(due) else { return false }
        let left = date.timeIntervalSince(now)
        return left >= 0 && left < 2 * 86_400
    }

    static func overdue(_ due: String?, now: Date = Date()) -> Bool {
        guard let date = parse(due) else { return false }
        return date < now
    }
}
