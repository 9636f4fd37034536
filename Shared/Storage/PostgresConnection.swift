import CLibPQ
import Foundation

/// One libpq connection. Blocking, and owned by one thread: never share it.
/// Every value goes to the server as a parameter, never spliced into SQL text.
public final class PostgresConnection {
    public let conninfo: String
    private var handle: OpaquePointer?
    private var inTransaction = false
    private var commitActions: [() -> Void] = []
    /// Statements prepared on this connection, by their SQL text (see `preparedStatement`).
    private var prepared: [String: String] = [:]
    private var preparedCount = 0
    static let preparedLimit = 500

    /// Connects at once; the error is transient when the server is unreachable.
    public init(conninfo: String) throws {
        self.conninfo = conninfo
        try connect()
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    public var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Runs one statement with parameters ($1, $2, … in the SQL text).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> PostgresResult
    {
        if !inTransaction { try reconnectIfNeeded() }
        let texts = parameters.map { $0?.postgresText }
        let cStrings: [UnsafeMutablePointer<CChar>?] = texts.map { $0.flatMap { strdup($0) } }
        defer { cStrings.forEach { free($0) } }
        let statement = texts.isEmpty ? nil : try preparedStatement(sql)
        let result = cStrings.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            buffer.baseAddress!.withMemoryRebound(
                to: UnsafePointer<CChar>?.self, capacity: max(buffer.count, 1)
            ) { values in
                if let statement {
                    return PQexecPrepared(handle, statement, Int32(texts.count), values, nil, nil, 0)
                }
                return PQexecParams(
                    handle, sql, Int32(texts.count), nil, texts.isEmpty ? nil : values, nil, nil, 0)
            }
        }
        do {
            return try consume(result)
        } catch let error as PostgresError where error.isStalePlan && statement != nil {
            // A migration changed its result type: prepared afresh, at once outside a
            // transaction; inside one the error is transient and the caller's retry finds
            // the new statement. (Other errors leave a prepared statement as good as it was.)
            forget(sql)
            if !inTransaction { return try execute(sql, parameters) }
            throw error
        }
    }

    /// The name of `sql` prepared on this connection, prepared now if it is new: the
    /// server parses and plans a statement once per connection instead of on every
    /// call. Nil (run unprepared) once `preparedLimit` statements are kept.
    private func preparedStatement(_ sql: String) throws -> String? {
        if let name = prepared[sql] { return name }
        guard prepared.count < Self.preparedLimit else { return nil }
        preparedCount += 1
        let name = "onedoor_\(preparedCount)"
        _ = try consume(PQprepare(handle, name, sql, 0, nil))
        prepared[sql] = name
        return name
    }

    private func forget(_ sql: String) {
        guard let name = prepared.removeValue(forKey: sql) else { return }
        // Outside a failed transaction it can go now; inside one it stays until the connection closes.
        if !inTransaction { _ = try? consume(PQexec(handle, "DEALLOCATE \(name)")) }
    }

    /// Runs a script of several statements without parameters: for trusted
    /// migration files only, never for anything built from input.
    public func executeScript(_ sql: String) throws {
        if !inTransaction { try reconnectIfNeeded() }
        _ = try consume(PQexec(handle, sql))
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    @discardableResult
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        precondition(!inTransaction, "nested transactions are not supported")
        try reconnectIfNeeded()
        do {
            try execute("BEGIN")
        } catch let error as PostgresError where error.kind == .connection {
            // Stale after a server restart: nothing was done yet, so reconnecting is safe.
            // (A lost COMMIT is never retried here: its outcome is unknown.)
            try connect()
            try execute("BEGIN")
        }
        inTransaction = true
        defer {
            inTransaction = false
            commitActions = []
        }
        do {
            let value = try body(self)
            try execute("COMMIT")
            let actions = commitActions
            commitActions = []
            for action in actions { action() }
            return value
        } catch {
            if isConnected { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `action` once the current transaction has committed (at once outside
    /// one); forgotten if it rolls back.
    public func afterCommit(_ action: @escaping () -> Void) {
        if inTransaction { commitActions.append(action) } else { action() }
    }

    /// OneDoor never authenticates to PostgreSQL with Kerberos, but libpq's default
    /// (`gssencmode=prefer`) initialises krb5 on every connect, and krb5's own clean-up at exit
    /// races with a connection still closing on another thread: a service stopped with SIGTERM
    /// could abort (`k5_mutex_unlock` assertion). Disabled for the process, unless the operator
    /// set `PGGSSENCMODE` themselves.
    private static let gssEncryptionOff: Void = { setenv("PGGSSENCMODE", "disable", 0) }()

    private func connect() throws {
        _ = Self.gssEncryptionOff
        if let handle { PQfinish(handle) }
        prepared = [:]
        handle = PQconnectdb(conninfo)
        guard isConnected else {
            let error = connectionError("cannot connect")
            PQfinish(handle)
            handle = nil
            throw error
        }
        // Timestamps are read and written as UTC ISO text (see PostgresTimestamp).
        // Notices (e.g. "already exists, skipping") would go to stderr unformatted: keep warnings only.
        _ = try consume(
            PQexec(handle, "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'; SET client_min_messages = 'warning'"))
    }

    private func reconnectIfNeeded() throws {
        if !isConnected { try connect() }
    }

    private func connectionError(_ context: String) -> PostgresError {
        let text = handle.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
        return PostgresError(
            kind: .connection, message: "\(context): \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
    }

    private func consume(_ result: OpaquePointer?) throws -> PostgresResult {
        guard let result else { throw connectionError("no result") }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return decodeRows(result)
        default:
            if !isConnected { throw connectionError("connection lost") }
            throw serverError(result)
        }
    }

    private func serverError(_ result: OpaquePointer) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        return PostgresError(
            kind: .server,
            message: field(UInt8(ascii: "M")) ?? String(cString: PQresultErrorMessage(result)),
            sqlState: field(UInt8(ascii: "C")),
            constraint: field(UInt8(ascii: "n")),
            detail: field(UInt8(ascii: "D")))
    }

    private func decodeRows(_ result: OpaquePointer) -> PostgresResult {
        let rowCount = Int(PQntuples(result))
        let fieldCount = Int(PQnfields(result))
        var columns: [String: Int] = [:]
        for field in 0..<fieldCount {
            columns[String(cString: PQfname(result, Int32(field)))] = field
        }
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(fieldCount)
            for field in 0..<fieldCount {
                if PQgetisnull(result, Int32(row), Int32(field)) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(row), Int32(field))))
                }
            }
            rows.append(PostgresRow(values: values, columns: columns))
        }
        return PostgresResult(rows: rows, affectedRows: Int(String(cString: PQcmdTuples(result))) ?? 0)
    }
}
