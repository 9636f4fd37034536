/// Masks personal data for places that need only a hint of it (logs, case views).
public enum PersonalData {
    /// `13812345678` → `138****5678`.
    public static func maskPhone(_ phone: String) -> String {
        let digits = Array(phone.filter(\.isNumber))
        guard digits.count > 7 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + "****" + String(digits.suffix(4))
    }
}
