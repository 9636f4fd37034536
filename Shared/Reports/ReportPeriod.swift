import Foundation

/// A reporting period in the centre's local time (Asia/Shanghai): a month
/// (`2026-11`), a quarter (`2026-Q4`), a year (`2026`) or a custom range of
/// days (`from`/`to`, both inclusive). Events count where their time falls.
public struct ReportPeriod: Sendable, Equatable, Codable {
    public let label: String
    /// First day, `YYYY-MM-DD`.
    public let from: String
    /// Last day, inclusive.
    public let to: String
    /// The day after `to`: the exclusive end the queries use.
    let end: String

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let field: String
        public let problem: String
        public var description: String { "\(field): \(problem)" }
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }()

    init(label: String, from: DateComponents, days: Int? = nil, months: Int? = nil) {
        let start = Self.calendar.date(from: from)!
        let end = Self.calendar.date(byAdding: DateComponents(month: months, day: days), to: start)!
        self.label = label
        self.from = Self.day(start)
        self.to = Self.day(Self.calendar.date(byAdding: .day, value: -1, to: end)!)
        self.end = Self.day(end)
    }

    static func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    public static func month(year: Int, month: Int) -> ReportPeriod {
        .init(
            label: String(format: "%04d-%02d", year, month), from: .init(year: year, month: month, day: 1),
            months: 1)
    }

    /// `2026-11`, `2026-Q4` or `2026`.
    public static func parse(_ text: String) throws(Invalid) -> ReportPeriod {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let year = Int(parts[0]).flatMap { (2000...2100).contains($0) ? $0 : nil }
        switch (year, parts.count) {
        case (let year?, 1):
            return .init(label: text, from: .init(year: year, month: 1, day: 1), months: 12)
        case (let year?, 2) where parts[1].hasPrefix("Q"):
            guard let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) else { break }
            return .init(label: text, from: .init(year: year, month: quarter * 3 - 2, day: 1), months: 3)
        case (let year?, 2):
            guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { break }
            return .month(year: year, month: month)
        default:
            break
        }
        throw Invalid(
            field: "period",
            problem: "'\(text.prefix(20))' must be a month (2026-11), quarter (2026-Q4) or year")
    }

    /// A custom range of whole days, at most ten years.
    public static func range(from: String, to: String) throws(Invalid) -> ReportPeriod {
        func date(_ text: String, _ field: String) throws(Invalid) -> Date {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, text.count == 10,
                let date = calendar.date(from: .init(year: parts[0], month: parts[1], day: parts[2])),
                day(date) == text
            else { throw Invalid(field: field, problem: "'\(text.prefix(20))' must be a date, YYYY-MM-DD") }
            return date
        }
        let start = try date(from, "from")
        let last = try date(to, "to")
        let days = calendar.dateComponents([.day], from: start, to: last).day!
        guard days >= 0 else { throw Invalid(field: "to", problem: "must not be before from") }
        guard days < 3660 else { throw Invalid(field: "to", problem: "a range may span at most ten years") }
        return .init(
            label: "\(from)..\(to)", from: calendar.dateComponents([.year, .month, .day], from: start),
            days: days + 1)
    }

    /// The months the period touches, oldest first (for trends).
    public var months: [ReportPeriod] {
        var result: [ReportPeriod] = []
        var cursor = Self.calendar.dateComponents(
            [.year, .month], from: Self.calendar.date(from: Self.components(from))!)
        while true {
            let month = ReportPeriod.month(year: cursor.year!, month: cursor.month!)
            guard month.from < end else { return result }
            result.append(month)
            cursor = Self.calendar.dateComponents(
                [.year, .month],
                from: Self.calendar.date(byAdding: .month, value: 1, to: Self.calendar.date(from: cursor)!)!)
        }
    }

    static func components(_ day: String) -> DateComponents {
        let parts = day.split(separator: "-").map { Int($0)! }
        return DateComponents(year: parts[0], month: parts[1], day: parts[2])
    }
}
