import Foundation

/// A submitted form (application/x-www-form-urlencoded), its values by field name in order.
public struct FormBody: Sendable {
    public let pairs: [(String, String)]

    public init(pairs: [(String, String)]) { self.pairs = pairs }

    public init(encoded: String) {
        pairs = encoded.split(separator: "&").map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }

    public subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// Every value of a repeated field (checkboxes, multiple selects).
    public func all(_ name: String) -> [String] { pairs.filter { $0.0 == name && !$0.1.isEmpty }.map(\.1) }

    /// The trimmed value, nil when empty.
    public func text(_ name: String) -> String? {
        let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return value.isEmpty ? nil : value
    }
}
