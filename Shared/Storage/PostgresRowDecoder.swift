/// A `Decodable` type read from a row by column name: each property reads the column of the same
/// name (the SQL names its columns after the type's properties, `department_code AS department`).
/// Properties are the types `PostgresDecodable` covers, optional where the column may be NULL.
extension PostgresRowDecodable where Self: Decodable {
    public init(row: PostgresRow) throws {
        self = try Self(from: PostgresRowDecoder(row: row))
    }
}

struct PostgresRowDecoder: Decoder {
    let row: PostgresRow
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns<Key>(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw Self.unsupported("a list")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw Self.unsupported("a single value")
    }

    static func unsupported(_ what: String) -> DecodingError {
        .typeMismatch(
            Any.self, .init(codingPath: [], debugDescription: "a row decodes by column, not as \(what)"))
    }

    struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: PostgresRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.columns.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { row.columns[key.stringValue] != nil }

        func decodeNil(forKey key: Key) throws -> Bool {
            try row.decodeIfPresent(key.stringValue, as: String.self) == nil
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard let column = type as? any PostgresDecodable.Type else {
                throw DecodingError.typeMismatch(
                    type,
                    .init(
                        codingPath: [key], debugDescription: "column '\(key.stringValue)': not a column type")
                )
            }
            // `as!` cannot fail: the value was decoded as `T` itself.
            return try row.decode(key.stringValue, as: column) as! T
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            throw PostgresRowDecoder.unsupported("nested values")
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw PostgresRowDecoder.unsupported("a list")
        }

        func superDecoder() throws -> any Decoder { throw PostgresRowDecoder.unsupported("a superclass") }
        func superDecoder(forKey key: Key) throws -> any Decoder {
            throw PostgresRowDecoder.unsupported("a superclass")
        }
    }
}
