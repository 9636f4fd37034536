import Foundation

/// A value that can be sent as a statement parameter (text format).
public protocol PostgresEncodable: Sendable {
    var postgresText: String { get }
}

/// A value that can be read from a result column (text format).
public protocol PostgresDecodable: Sendable {
    init(postgresText: String) throws
}

extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self }
    public init(postgresText: String) { self = postgresText }
}

/// Numbers travel as their decimal text.
extension PostgresEncodable where Self: LosslessStringConvertible {
    public var postgresText: String { description }
}

extension PostgresDecodable where Self: LosslessStringConvertible {
    public init(postgresText: String) throws {
        guard let value = Self(postgresText) else {
            throw PostgresError.undecodable(postgresText, as: Self.self)
        }
        self = value
    }
}

extension Int: PostgresEncodable, PostgresDecodable {}
extension Int64: PostgresEncodable, PostgresDecodable {}
extension Double: PostgresEncodable, PostgresDecodable {}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self ? "t" : "f" }
    public init(postgresText: String) throws {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw PostgresError.undecodable(postgresText, as: Bool.self)
        }
    }
}

extension Date: PostgresEncodable, PostgresDecodable {
    /// Sent as ISO 8601 in UTC with microseconds.
    public var postgresText: String { PostgresTimestamp.format(self) }
    /// Read from `timestamptz` text, which the connection keeps in UTC and ISO style.
    public init(postgresText: String) throws {
        guard let date = PostgresTimestamp.parse(postgresText) else {
            throw PostgresError.undecodable(postgresText, as: Date.self)
        }
        self = date
    }
}

extension PostgresError {
    static func undecodable<T>(_ text: String, as type: T.Type) -> PostgresError {
        PostgresError(kind: .decoding, message: "cannot decode '\(text.prefix(64))' as \(T.self)")
    }
}

/// A closed set of texts (a role, a status) reads from its raw value; an unknown one is an error.
extension PostgresDecodable where Self: RawRepresentable, RawValue == String {
    public init(postgresText: String) throws {
        guard let value = Self(rawValue: postgresText) else {
            throw PostgresError.undecodable(postgresText, as: Self.self)
        }
        self = value
    }
}
