import ArgumentParser
import CaseModel
import Foundation
import HTTPSupport
import Logging
import Settings

/// `onedoor-admin token issue`: a staff token (docs/access.md), signed with
/// ONEDOOR_AUTH_SECRET, for a person in one role.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue staff tokens for the HTTP entry point.", subcommands: [Issue.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a token for one person in one role (the secret comes from $ONEDOOR_AUTH_SECRET)."
        )
        @Option(help: "clerk, dispatcher, department, expert, followup, supervisor or admin.") var role:
            String
        @Option(help: "Who the token is for (recorded as the actor).") var name: String
        @Option(help: "The department a department handler acts for.") var department: String?
        @Option(help: "The expert code an expert acts as.") var expert: String?
        @Option(help: "Hours until it expires.") var hours: Double = 12

        func validate() throws {
            guard let role = StaffRole(rawValue: role) else {
                throw ValidationError(
                    "--role must be one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if role == .department, department == nil {
                throw ValidationError("a department token needs --department")
            }
            if role == .expert, expert == nil { throw ValidationError("an expert token needs --expert") }
            let maximum = try Self.maximumHours()
            guard hours > 0, hours <= maximum else {
                throw ValidationError(
                    "--hours must be more than 0 and at most \(Int(maximum)) (ONEDOOR_TOKEN_MAX_HOURS, 12 by default)"
                )
            }
        }

        /// The services refuse tokens that live longer than ONEDOOR_TOKEN_MAX_HOURS (12 by default).
        static func maximumHours() throws -> Double {
            Double(try Access.maximumHours(from: EnvironmentSettings()))
        }

        func run() async throws {
            let access = try await Access(
                secret: ProcessInfo.processInfo.environment["ONEDOOR_AUTH_SECRET"],
                logger: Logger(label: "onedoor.admin"), maximumHours: try Self.maximumHours())
            print(
                try await access.issue(
                    name: name, role: StaffRole(rawValue: role)!, department: department, expert: expert,
                    hours: hours))
        }
    }
}
