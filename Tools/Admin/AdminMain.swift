import ArgumentParser
import Foundation
import Storage

/// Operator commands: `onedoor-admin migrate`, `reference …`, `report …`, `timeline …`, `token …`, `staff …`,
/// `dead-letters …`, `grid publish`, `restore …`, `bench …` (docs/operations.md).
@main
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onedoor-admin", abstract: "OneDoor operator commands.",
        subcommands: [
            Migrate.self, Reference.self, Report.self, Timeline.self, Token.self, StaffCommand.self,
            DeadLetters.self, Grid.self, Restore.self, Bench.self, Document.self,
        ])
}

/// Connection options shared by the subcommands.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "libpq connection URL (default: $ONEDOOR_POSTGRES_URL, else the local run's database).")
    var postgresURL: String =
        ProcessInfo.processInfo.environment["ONEDOOR_POSTGRES_URL"]
        ?? "postgresql://onedoor:onedoor@127.0.0.1:5442/onedoor"
}

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the SQL migrations that are not applied yet (safe to run concurrently).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Folder of NNNN_name.sql files.")
    var directory: String = "deploy/migrations"

    func run() throws {
        let migrator = try Migrator(directory: URL(fileURLWithPath: directory))
        let connection = try PostgresConnection(conninfo: database.postgresURL)
        let applied = try migrator.apply(on: connection)
        print(
            applied.isEmpty
                ? "migrations: up to date (\(migrator.migrations.count) known)"
                : "migrations: applied \(applied.map(String.init).joined(separator: ", "))")
    }
}
