import Foundation

/// A day of the centre's calendar (YYYY-MM-DD in Asia/Shanghai, the time zone every date of
/// the product is told in).
public enum CentreDay {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }()

    /// The day `date` falls on.
    public static func of(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Whether `text` is a real day written YYYY-MM-DD (not 2026-02-30).
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1900,
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day))
        else { return false }
        return of(date) == text
    }
}
