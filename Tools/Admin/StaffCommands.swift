import Accounts
import ArgumentParser
import CaseModel
import Foundation
import Settings
import Storage

/// `onedoor-admin staff add|list|disable|enable|reset-password|set-role`: staff accounts from the
/// operator's terminal (docs/access.md). A password comes from standard input
/// (`--password-stdin`) or is made and printed once.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Manage staff accounts.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, SetRole.self])

    /// The scope options of `add` and `set-role`.
    struct ScopeOptions: ParsableArguments {
        @Option(help: "clerk, dispatcher, department, expert, followup, supervisor or admin.") var role:
            String
        @Option(help: "A department handler's department code.") var department: String?
        @Option(help: "An expert account's expert code.") var expert: String?
        @Option(help: "A town-level centre's town code (clerk, dispatcher, followup, supervisor).") var town:
            String?

        func scope() throws -> StaffScope {
            guard let role = StaffRole(rawValue: role) else {
                throw ValidationError(
                    "--role must be one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let scope = StaffScope(role: role, department: department, expert: expert, town: town)
            if let problem = scope.problems().first {
                throw ValidationError("--\(problem.field): \(problem.problem)")
            }
            return scope
        }
    }

    struct PasswordOptions: ParsableArguments {
        @Flag(help: "Read the password from standard input (else one is made and printed once).")
        var passwordStdin = false

        /// The password to set, and whether it was made here (and so must be printed).
        func password(login: String, displayName: String) throws -> (String, made: Bool) {
            guard passwordStdin else { return (Credential.newPassword(), true) }
            let text = (readLine(strippingNewline: true) ?? "")
            let policy = PasswordPolicy(minimumLength: try Self.settings().minimum)
            if let problem = policy.problems(text, login: login, displayName: displayName).first {
                throw ValidationError("the password \(problem.problem)")
            }
            return (text, false)
        }

        static func settings() throws -> (minimum: Int, cost: UInt8) {
            let settings = EnvironmentSettings()
            return (
                try settings.integer("ONEDOOR_PASSWORD_MIN_LENGTH", 10, range: 8...64),
                UInt8(try settings.integer("ONEDOOR_BCRYPT_COST", 12, range: 4...15))
            )
        }
    }

    static var actor: String { "operator:" + (ProcessInfo.processInfo.environment["USER"] ?? "root") }

    static func account(_ login: String, on connection: PostgresConnection) throws -> StaffAccount {
        guard let account = try StaffAccounts.find(login: login, on: connection) else {
            throw ValidationError("no account \(login)")
        }
        return account
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account.")
        @Option(help: "The sign-in name: 2 to 32 of a-z, 0-9, '.', '_', '-'.") var login: String
        @Option(help: "The person's name as shown (Chinese names welcome).") var name: String
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var password: PasswordOptions
        @Flag(help: "Only when there is no account yet (the first admin of a new deployment).")
        var ifNoAccounts = false
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let scope = try scope.scope()
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            if ifNoAccounts, !(try StaffAccounts.isEmpty(on: connection)) {
                print("staff: accounts exist; \(login) not added")
                return
            }
            let (text, made) = try password.password(login: login, displayName: name)
            let cost = try PasswordOptions.settings().cost
            let account = try connection.transaction { transaction in
                let account = try StaffAccounts.add(
                    login: login, displayName: name, scope: scope, by: StaffCommand.actor, on: transaction)
                try StaffPasswords.set(text, accountId: account.id, cost: cost, on: transaction)
                return account
            }
            print(
                "staff: added \(account.login) (\(account.role.rawValue))"
                    + (made ? "; password: \(text)" : ""))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            for account in try StaffAccounts.list(on: connection) {
                let scope = account.department ?? account.expert ?? account.town ?? "-"
                print(
                    [
                        account.login, account.role.rawValue, scope, account.active ? "active" : "disabled",
                        account.displayName,
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; its sessions end.")
        @Argument var login: String
        @OptionGroup var database: DatabaseOptions

        func run() throws { try setActive(false, login: login, database: database) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @Argument var login: String
        @OptionGroup var database: DatabaseOptions

        func run() throws { try setActive(true, login: login, database: database) }
    }

    struct ResetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Set a new password; the account's sessions end.")
        @Argument var login: String
        @OptionGroup var password: PasswordOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            let account = try StaffCommand.account(login, on: connection)
            let (text, made) = try password.password(login: account.login, displayName: account.displayName)
            let cost = try PasswordOptions.settings().cost
            try connection.transaction {
                try StaffPasswords.set(text, accountId: account.id, cost: cost, on: $0)
            }
            print("staff: password of \(login) reset" + (made ? "; password: \(text)" : ""))
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role", abstract: "Change an account's role and scope.")
        @Argument var login: String
        @OptionGroup var scope: ScopeOptions
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let scope = try scope.scope()
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            let account = try StaffCommand.account(login, on: connection)
            _ = try StaffAccounts.update(
                login: login, displayName: account.displayName, scope: scope, active: account.active,
                on: connection)
            print("staff: \(login) is now \(scope.role.rawValue)")
        }
    }
}

/// Disables or enables an account; disabling ends its sessions.
private func setActive(_ active: Bool, login: String, database: DatabaseOptions) throws {
    let connection = try PostgresConnection(conninfo: database.postgresURL)
    try connection.transaction { transaction in
        let account = try StaffCommand.account(login, on: transaction)
        let scope = StaffScope(
            role: account.role, department: account.department, expert: account.expert, town: account.town)
        _ = try StaffAccounts.update(
            login: login, displayName: account.displayName, scope: scope, active: active, on: transaction)
    }
    print("staff: \(login) \(active ? "enabled" : "disabled")")
}
