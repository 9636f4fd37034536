/// A string enum whose decoding error lists the allowed values, so a client
/// (or a dead letter's reason) says what would have been accepted.
public protocol ClosedSet: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {}

extension ClosedSet {
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: ClosedSetText.allowedPrefix + Self.allowedValues)
        }
        self = value
    }
}

/// The wording of a closed set's refusal; the HTTP layer reads the first allowed value from it
/// to carry on decoding and name every other bad field too.
public enum ClosedSetText {
    public static let allowedPrefix = "must be one of "
}
