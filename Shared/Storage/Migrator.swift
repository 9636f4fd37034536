import Foundation
import Logging

/// Applies versioned SQL files (`0001_name.sql`, …) exactly once, in order,
/// under an advisory lock so that concurrent starters do not race.
public struct Migrator: Sendable {
    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        public let sql: String
    }

    /// Arbitrary but fixed: the advisory lock key of OneDoor's migrations.
    static let lockKey: Int64 = 0x0_4E_44_4F_4F_52

    public let migrations: [Migration]
    private let logger: Logger

    public init(directory: URL, logger: Logger = Logger(label: "onedoor.migrator")) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var migrations: [Migration] = []
        for file in files.sorted() where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw PostgresError(
                    kind: .decoding, message: "migration file '\(file)' is not named NNNN_name.sql")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem), sql: sql))
        }
        let versions = migrations.map(\.version)
        if Set(versions).count != versions.count {
            throw PostgresError(kind: .decoding, message: "two migration files share a version number")
        }
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies what is missing; returns the versions applied by this call.
    @discardableResult
    public func apply(on connection: PostgresConnection) throws -> [Int] {
        try connection.execute("SELECT pg_advisory_lock($1)", [Self.lockKey])
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [Self.lockKey]) }
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """)
        var applied: [Int: String] = [:]
        for row in try connection.execute("SELECT version, checksum FROM schema_migrations").rows {
            applied[try row.decode("version")] = try row.decode("checksum", as: String.self)
        }
        var newlyApplied: [Int] = []
        for migration in migrations {
            let checksum = try connection.execute("SELECT md5($1) AS sum", [migration.sql]).first!
                .decode("sum", as: String.self)
            if let recorded = applied[migration.version] {
                guard recorded == checksum else {
                    throw PostgresError(
                        kind: .server,
                        message: "migration \(migration.name) was changed after it was applied; add a new one"
                    )
                }
                continue
            }
            try connection.transaction { transaction in
                try transaction.executeScript(migration.sql)
                try transaction.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, checksum])
            }
            logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
            newlyApplied.append(migration.version)
        }
        return newlyApplied
    }
}
