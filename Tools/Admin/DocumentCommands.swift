import ArgumentParser
import CaseStore
import Foundation
import Storage

/// `onedoor-admin document verify <code>`: checks a printed document's verification code (核验码)
/// against the record — the same check as `GET /api/v1/documents/{code}`.
struct Document: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the documents the centre hands out.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a verification code from a printed document; exit 1 when it does not verify.")
        @Argument(help: "The code as printed, like A1-3F2-9C0B7E11D4.") var code: String
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            let check = try CaseDocuments.verify(code, on: connection)
            guard check.valid, let caseNumber = check.caseNumber, let kind = check.kind,
                let issued = check.issuedAt
            else {
                print("\(check.code): does not verify: \(check.reason ?? "unknown")")
                throw ExitCode(1)
            }
            print(
                "\(check.code): valid — case \(caseNumber), \(kind) \(check.number ?? 1), issued at "
                    + ISO8601DateFormatter().string(from: issued))
        }
    }
}
