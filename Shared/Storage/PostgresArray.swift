import Foundation

/// A text array parameter (`$1::text[]`), quoted as PostgreSQL's array literal
/// so any element, commas and quotes included, arrives as itself.
public struct PostgresArray: PostgresEncodable {
    public let postgresText: String

    public static func text(_ elements: [String]) -> PostgresArray {
        let quoted = elements.map { element in
            "\""
                + element.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                    of: "\"", with: "\\\"") + "\""
        }
        return PostgresArray(postgresText: "{" + quoted.joined(separator: ",") + "}")
    }
}
