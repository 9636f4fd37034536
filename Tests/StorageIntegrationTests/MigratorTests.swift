import Foundation
import Storage
import TestSupport
import Testing

/// Each test migrates a database of its own, created for it.
@Suite struct MigratorTests {
    let database = "migrate_\(UUID().uuidString.prefix(8).lowercased())"
    let admin: PostgresConnection
    let migrator: Migrator

    init() throws {
        admin = try PostgresConnection(conninfo: TestServers.postgresURL)
        try admin.execute("CREATE DATABASE \(database)")  // a generated identifier, not input
        migrator = try Migrator(
            directory: TestServers.repositoryRoot.appendingPathComponent("deploy/migrations"))
    }

    /// The test server's URL with this test's database in place of the last path component.
    var url: String {
        let base = TestServers.postgresURL
        return base[..<base.lastIndex(of: "/")!] + "/\(database)"
    }

    func connect() throws -> PostgresConnection {
        try PostgresConnection(conninfo: url)
    }

    @Test func migrationsApplyOnceAndAreThenUpToDate() throws {
        let connection = try connect()
        let first = try migrator.apply(on: connection)
        #expect(first == migrator.migrations.map(\.version))
        #expect(try migrator.apply(on: connection).isEmpty)
        let count = try connection.execute("SELECT count(*) AS n FROM schema_migrations").first!
        #expect(try count.decode("n", as: Int.self) == migrator.migrations.count)
        let departments = try connection.execute("SELECT count(*) AS n FROM departments").first!
        #expect(try departments.decode("n", as: Int.self) > 5)
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        let url = self.url
        let migrator = self.migrator
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<3 {
                group.addTask { try migrator.apply(on: PostgresConnection(conninfo: url)) }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(applied.sorted() == migrator.migrations.map(\.version))
    }

    @Test func aChangedMigrationIsRefused() throws {
        let connection = try connect()
        try migrator.apply(on: connection)
        try connection.execute("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1")
        let error = #expect(throws: PostgresError.self) { try migrator.apply(on: connection) }
        #expect(error?.message.contains("changed after it was applied") == true)
    }
}
