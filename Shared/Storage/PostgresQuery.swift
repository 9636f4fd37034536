/// A statement whose interpolated values become bind parameters, never SQL text (as postgres-nio's
/// `PostgresQuery` does): `"SELECT … WHERE id = \(id)::uuid"` sends `$1` and `id` apart.
/// Only `\(unescaped:)` puts text into the statement, for the code's own constants.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    public private(set) var binds: [(any PostgresEncodable)?]

    public init(stringLiteral value: String) {
        sql = value
        binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        binds = stringInterpolation.binds
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [(any PostgresEncodable)?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { sql += literal }

        /// A value: bound as the next parameter.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            binds.append(value)
            sql += "$\(binds.count)"
        }

        /// A fragment of the code's own SQL (a column list, a condition), with its binds renumbered.
        public mutating func appendInterpolation(_ fragment: PostgresQuery) {
            var text = ""
            var rest = Substring(fragment.sql)
            while let dollar = rest.firstIndex(of: "$") {
                text += rest[..<dollar]
                let digits = rest[rest.index(after: dollar)...].prefix(while: \.isNumber)
                if let number = Int(digits), number >= 1, number <= fragment.binds.count {
                    text += "$\(binds.count + number)"
                } else {
                    text += "$" + digits
                }
                rest = rest[rest.index(dollar, offsetBy: 1 + digits.count)...]
            }
            sql += text + rest
            binds += fragment.binds
        }

        /// Text of the code's own (a constant): never a value from outside.
        public mutating func appendInterpolation(unescaped text: StaticString) {
            sql += text.description
        }
    }
}

extension PostgresConnection {
    /// Runs a typed query: its values travel as parameters.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresResult {
        try execute(query.sql, query.binds)
    }

    /// The rows of a typed query, each decoded as `Row`.
    public func query<Row: PostgresRowDecodable>(_ query: PostgresQuery, as type: Row.Type = Row.self) throws
        -> [Row]
    {
        try execute(query.sql, query.binds).rows.map(Row.init(row:))
    }
}

/// A type read from one row of a result, by column name.
public protocol PostgresRowDecodable {
    init(row: PostgresRow) throws
}

extension PostgresQuery {
    /// `column = value`, or `TRUE` when there is no value (no filter). Each shape is its own
    /// statement with its own plan, where `$1 IS NULL OR column = $1` would share one generic
    /// plan that cannot use the column's index.
    public static func equals(_ column: StaticString, _ value: (some PostgresEncodable)?) -> PostgresQuery {
        guard let value else { return "TRUE" }
        return "\(unescaped: column) = \(value)"
    }
}
