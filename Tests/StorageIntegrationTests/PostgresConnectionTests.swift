import Foundation
import Storage
import TestSupport
import Testing

@Suite struct PostgresConnectionTests {
    let connection: PostgresConnection

    init() throws {
        connection = try PostgresConnection(conninfo: TestServers.postgresURL)
        // The tests of this suite start in parallel; CREATE TABLE IF NOT EXISTS is not safe
        // under concurrency, so creators take turns.
        try connection.transaction {
            try $0.execute("SELECT pg_advisory_xact_lock(4242)")
            try $0.execute(
                "CREATE TABLE IF NOT EXISTS storage_test (id text PRIMARY KEY, note text, at timestamptz, n bigint)"
            )
        }
    }

    @Test func aUniqueViolationCarriesSQLStateAndConstraint() throws {
        let id = TestServers.uniqueName("dup")
        try connection.execute("INSERT INTO storage_test (id) VALUES ($1)", [id])
        let error = #expect(throws: PostgresError.self) {
            try connection.execute("INSERT INTO storage_test (id) VALUES ($1)", [id])
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.isUniqueViolation == true)
        #expect(error?.constraint == "storage_test_pkey")
        #expect(error?.isTransient == false)
        // The statement stays prepared: an error in its data says nothing against it.
        let prepared = try connection.execute(
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1",
            ["INSERT INTO storage_test (id) VALUES ($1)"]
        ).first!
        #expect(try prepared.decode("n", as: Int.self) == 1)
    }

    @Test func aFailedTransactionLeavesNothing() throws {
        let id = TestServers.uniqueName("rollback")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try connection.transaction { transaction in
                try transaction.execute("INSERT INTO storage_test (id) VALUES ($1)", [id])
                throw Boom()
            }
        }
        let count = try connection.execute("SELECT count(*) AS n FROM storage_test WHERE id = $1", [id])
            .first!
        #expect(try count.decode("n", as: Int.self) == 0)
        // The connection is usable afterwards.
        try connection.transaction { try $0.execute("INSERT INTO storage_test (id) VALUES ($1)", [id]) }
        #expect(try connection.execute("SELECT id FROM storage_test WHERE id = $1", [id]).rows.count == 1)
    }

    @Test func valuesAreParametersNeverSQL() throws {
        let id = TestServers.uniqueName("quote")
        let hostile = "x'); DROP TABLE storage_test; --"
        try connection.execute("INSERT INTO storage_test (id, note) VALUES ($1, $2)", [id, hostile])
        let row = try connection.execute("SELECT note FROM storage_test WHERE id = $1", [id]).first!
        #expect(try row.decode("note", as: String.self) == hostile)
    }

    @Test func rowsDecodeIntoTypes() throws {
        let id = TestServers.uniqueName("typed")
        let moment = Date(timeIntervalSince1970: 1_795_000_000.123456)
        try connection.execute(
            "INSERT INTO storage_test (id, note, at, n) VALUES ($1, NULL, $2, $3)",
            [id, moment, Int64(1) << 40])
        let row = try connection.execute("SELECT note, at, n FROM storage_test WHERE id = $1", [id]).first!
        #expect(try row.decodeIfPresent("note", as: String.self) == nil)
        #expect(abs(try row.decode("at", as: Date.self).timeIntervalSince(moment)) < 0.000_01)
        #expect(try row.decode("n", as: Int64.self) == 1 << 40)
        #expect(throws: PostgresError.self) { try row.decode("note", as: String.self) }
        #expect(throws: PostgresError.self) { try row.decode("missing", as: String.self) }
    }

    @Test func aRefusedConnectionIsTransient() {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(conninfo: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
        }
        #expect(error?.kind == .connection)
        #expect(error?.isTransient == true)
    }

    @Test func thePoolRunsWorkOnItsOwnConnections() async throws {
        let pool = PostgresPool(conninfo: TestServers.postgresURL, size: 2)
        defer { pool.shutdown() }
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await pool.withConnection {
                        try $0.execute("SELECT pg_backend_pid() AS pid").first!.decode("pid")
                    }
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(pids.count >= 1 && pids.count <= 2)
    }

    @Test func aStatementIsPreparedOnceAndMendedAfterAMigration() throws {
        let table = TestServers.uniqueName("prepared").replacingOccurrences(of: "-", with: "_")
        try connection.execute("CREATE TABLE \(table) (id text PRIMARY KEY)")
        defer { _ = try? connection.execute("DROP TABLE \(table)") }
        try connection.execute("INSERT INTO \(table) VALUES ($1)", ["a"])
        let query = "SELECT * FROM \(table) WHERE id = $1"
        for _ in 0..<3 { #expect(try connection.execute(query, ["a"]).rows.count == 1) }
        let prepared = try connection.execute(
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1", [query]
        ).first!
        #expect(try prepared.decode("n", as: Int.self) == 1)

        // The table gains a column: the prepared SELECT * would return another row type.
        try connection.execute("ALTER TABLE \(table) ADD COLUMN note text")
        let inTransaction = #expect(throws: PostgresError.self) {
            try connection.transaction { try $0.execute(query, ["a"]) }
        }
        #expect(inTransaction?.isStalePlan == true && inTransaction?.isTransient == true)
        // The retry (a consumer's requeue) finds it prepared afresh.
        let row = try connection.transaction { try $0.execute(query, ["a"]).first! }
        #expect(try row.decodeIfPresent("note", as: String.self) == nil)

        // Outside a transaction the stale plan is mended at once.
        try connection.execute("ALTER TABLE \(table) ADD COLUMN n bigint")
        #expect(try connection.execute(query, ["a"]).first!.decodeIfPresent("n", as: Int.self) == nil)
    }

    @Test func afterCommitActionsRunOnlyOnceCommitted() throws {
        final class Log: @unchecked Sendable { var entries: [String] = [] }
        let log = Log()
        try connection.transaction { transaction in
            transaction.afterCommit { log.entries.append("committed") }
            #expect(log.entries.isEmpty)
        }
        #expect(log.entries == ["committed"])
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try connection.transaction { transaction in
                transaction.afterCommit { log.entries.append("rolled back") }
                throw Boom()
            }
        }
        try connection.transaction { _ in }
        connection.afterCommit { log.entries.append("no transaction") }
        #expect(log.entries == ["committed", "no transaction"])
    }
}
