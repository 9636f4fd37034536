/// A day written YYYY-MM-DD (a date with no time of its own, like an agreement's day), as the
/// language writes it: 2026年12月1日, or as it is in English.
public enum DayText {
    public static func written(_ text: String?, _ language: Language) -> String {
        let parts = (text ?? "").split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, language == .chinese else { return text ?? "" }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }
}
