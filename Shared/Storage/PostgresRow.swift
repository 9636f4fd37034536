/// One result row, decoded by column name.
public struct PostgresRow: Sendable {
    let values: [String?]
    let columns: [String: Int]

    /// The column's value; throws if it is NULL or cannot be decoded.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try decodeIfPresent(column, as: type) else {
            throw PostgresError(kind: .decoding, message: "column '\(column)' is NULL")
        }
        return value
    }

    /// The column's value, or nil if it is NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T?
    {
        guard let index = columns[column] else {
            throw PostgresError(kind: .decoding, message: "no column '\(column)' in the result")
        }
        guard let text = values[index] else { return nil }
        return try T(postgresText: text)
    }
}

/// The rows a statement returned and the number of rows it changed.
public struct PostgresResult: Sendable {
    public let rows: [PostgresRow]
    public let affectedRows: Int

    public var first: PostgresRow? { rows.first }
}
