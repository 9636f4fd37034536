import Foundation

/// A text array parameter (`$1::text[]`), quoted as PostgreSQL's array literal
/// so any element, commas and quotes included, arrives as itself.
public struct PostgresArray: PostgresEncodable {
    public let postgresText: String

    public static func text(_ elements: [String]) -> PostgresArray { text(elements.map(Optional.some)) }

    /// nil elements become SQL NULLs.
    public static func text(_ elements: [String?]) -> PostgresArray {
        let quoted = elements.map { element in
            guard let element else { return "NULL" }
            return "\""
                + element.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: "\"", with: "\\\"") + "\""
        }
        return PostgresArray(postgresText: "{" + quoted.joined(separator: ",") + "}")
    }
}
