/// An error from PostgreSQL or from talking to it, with the server's SQLSTATE
/// and constraint name where the server gave them.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The connection could not be made or was lost.
        case connection
        /// The server refused a statement.
        case server
        /// A row could not be decoded into the requested type.
        case decoding
    }

    public let kind: Kind
    public let message: String
    public let sqlState: String?
    public let constraint: String?
    public let detail: String?

    public init(
        kind: Kind, message: String, sqlState: String? = nil, constraint: String? = nil, detail: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.constraint = constraint
        self.detail = detail
    }

    public var isUniqueViolation: Bool { sqlState == "23505" }
    public var isForeignKeyViolation: Bool { sqlState == "23503" }

    /// Worth retrying later: the server is unreachable, restarting, or asked us to retry.
    public var isTransient: Bool {
        if kind == .connection { return true }
        guard let state = sqlState else { return false }
        return state.hasPrefix("08")  // connection exceptions
            || state == "40001" || state == "40P01"  // serialization failure, deadlock
            // admin shutdown, crash shutdown, cannot connect now:
            || state == "57P01" || state == "57P02" || state == "57P03"
            || state == "53300"  // too many connections
            || isStalePlan
    }

    /// A prepared statement whose result columns a migration changed: preparing it again mends it.
    public var isStalePlan: Bool {
        sqlState == "0A000" && message.contains("cached plan must not change result type")
    }

    public var description: String {
        var text = "PostgreSQL \(kind)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let constraint { text += " (constraint \(constraint))" }
        if let detail { text += " — \(detail)" }
        return text
    }
}
