import ArgumentParser
import Contracts
import Foundation
import Messaging
import ReferenceData
import Storage

/// `onedoor-admin reference validate|apply|history`: the district's reference
/// data from a YAML file (docs/reference-data.md).
struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate and apply the reference data file; list the applied versions.",
        subcommands: [Validate.self, Apply.self, History.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check a reference file without touching the database; exit 1 with every problem listed.")
        @Argument(help: "The YAML file, e.g. deploy/reference/sample-district.yaml.")
        var file: String

        func run() throws {
            let data = try Reference.load(file)
            print("\(file): valid (\(data.summary))")
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate, then write the file to the database as a new version (nothing if unchanged)."
        )
        @Argument(help: "The YAML file.")
        var file: String
        @Option(help: "Who applies it, for the record (default: $USER).")
        var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var broker: DeadLetters.BrokerOptions

        func run() throws {
            let data = try Reference.load(file)
            let content = try String(contentsOfFile: file, encoding: .utf8)
            // The broker first: a department must have its queue before routing can send it a
            // work order, and the services' least-privileged users cannot declare it themselves.
            do {
                let amqp = try AMQPConnection(AMQPConfiguration(url: broker.amqpURL))
                try amqp.declare(Topology.oneDoor(departmentCodes: data.departments.map(\.place.code)))
            } catch {
                FileHandle.standardError.write(
                    Data("error: the topology could not be declared, nothing applied: \(error)\n".utf8))
                throw ExitCode(1)
            }
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            switch try ReferenceStore.apply(
                data, content: content, source: file, actor: actor, on: connection)
            {
            case .applied(let version): print("reference data: applied version \(version) (\(data.summary))")
            case .unchanged(let version): print("reference data: unchanged, still version \(version)")
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The applied versions, oldest first.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            let formatter = ISO8601DateFormatter()
            for version in try ReferenceStore.history(on: connection) {
                print(
                    "\(version.version)\t\(formatter.string(from: version.appliedAt))\t\(version.appliedBy)\t"
                        + "\(version.sha256.prefix(12))\t\(version.source)\t\(version.summary)")
            }
        }
    }

    /// Loads and checks a file; a refused file prints its problems and exits 1.
    static func load(_ file: String) throws -> ReferenceData {
        do {
            return try ReferenceFile.load(path: file)
        } catch let refused as ReferenceFileRefused {
            FileHandle.standardError.write(Data((refused.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
