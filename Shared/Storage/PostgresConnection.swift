import CLibPQ
import Foundation

/// One libpq connection. Blocking, and owned by one thread: never share it.
/// Every value goes to the server as a parameter, never spliced into SQL text.
public final class PostgresConnection {
    public let conninfo: String
    private var handle: OpaquePointer?
    private var inTransaction = false

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
        let result = cStrings.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            buffer.baseAddress!.withMemoryRebound(
                to: UnsafePointer<CChar>?.self, capacity: max(buffer.count, 1)
            ) {
                PQexecParams(handle, sql, Int32(texts.count), nil, texts.isEmpty ? nil : $0, nil, nil, 0)
            }
        }
        return try consume(result)
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
        defer { inTransaction = false }
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            if isConnected { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Subscribes to `NOTIFY` on a channel (channel names are identifiers, not values).
    public func listen(_ channel: String) throws {
        precondition(channel.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "bad channel name")
        try execute("LISTEN \(channel)")
    }

    /// Waits up to `timeout` for a notification; returns the payloads received.
    public func waitForNotifications(timeout: TimeInterval) throws -> [String] {
        try reconnectIfNeeded()
        var payloads = drainNotifications()
        if !payloads.isEmpty { return payloads }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeout * 1000))
        if ready > 0 {
            guard PQconsumeInput(handle) == 1 else { throw connectionError("lost while waiting") }
            payloads = drainNotifications()
        }
        return payloads
    }

    private func drainNotifications() -> [String] {
        var payloads: [String] = []
        PQconsumeInput(handle)
        while let notice = PQnotifies(handle) {
            payloads.append(String(cString: notice.pointee.extra))
            PQfreemem(notice)
        }
        return payloads
    }

    private func connect() throws {
        if let handle { PQfinish(handle) }
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
