/// Masks and checks personal data (logs, case views, repeat matching).
public enum PersonalData {
    /// `13812345678` → `138****5678`.
    public static func maskPhone(_ phone: String) -> String {
        let digits = Array(phone.filter { $0.isASCII && $0.isNumber })
        guard digits.count > 7 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + "****" + String(digits.suffix(4))
    }

    /// The digits of a phone number without China's country code: `+86 138-1234-5678` → `13812345678`.
    public static func normalisedPhone(_ phone: String) -> String {
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        return digits.count == 13 && digits.hasPrefix("86") ? String(digits.dropFirst(2)) : digits
    }

    /// Whether a name shows anything: not only spaces, control or invisible format characters.
    public static func hasVisibleCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned,
                .surrogate, .privateUse, .nonspacingMark, .enclosingMark:
                false
            default: !scalar.properties.isWhitespace && !scalar.properties.isDefaultIgnorableCodePoint
            }
        }
    }

    /// GB 11643: 17 digits and a check character (0-9 or X) from weights 2^(17-i) mod 11.
    public static func isResidentIdNumber(_ text: String) -> Bool {
        let characters = Array(text.uppercased())
        guard characters.count == 18, characters.prefix(17).allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return false
        }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(characters.prefix(17), weights).reduce(0) { $0 + $1.0.wholeNumberValue! * $1.1 }
        let check = Array("10X98765432")[sum % 11]
        return characters[17] == check
    }
}

extension PersonalData {
    /// `王秀英` → `王**`: the family name (the first character) and a star for each other one.
    public static func maskName(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}
