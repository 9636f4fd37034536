import Accounts
import CaseModel
import Foundation
import HTTPSupport
import OpenAPIRuntime
import Storage

/// 系统管理 · 账号: an admin adds accounts, changes their role and scope, disables and enables
/// them, resets passwords, and issues and revokes API keys. Every change names the admin.
extension AccountsAPI {
    struct NewAccount: Codable, Sendable {
        let login: String
        let displayName: String
        let role: StaffRole
        let department: String?
        let expert: String?
        let town: String?
        let password: String?
    }

    struct AddedAccount: Codable, Sendable {
        let staff: StaffAccount
        let password: String?
    }

    func listStaff(_ input: Operations.ListStaff.Input) async throws -> Operations.ListStaff.Output {
        try access.require([.admin])
        let staff = try await pool.withConnection(retryOnLostConnection: true) {
            try StaffAccounts.list(on: $0)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(["staff": staff]))))
    }

    func addStaff(_ input: Operations.AddStaff.Input) async throws -> Operations.AddStaff.Output {
        let admin = try access.require([.admin])
        let new: NewAccount = try GeneratedAPI.body(input.body)
        let scope = StaffScope(role: new.role, department: new.department, expert: new.expert, town: new.town)
        var problems = Self.loginProblems(new.login) + scope.problems()
        if let password = new.password {
            problems += settings.policy.problems(password, login: new.login, displayName: new.displayName)
        }
        try RequestProblems.check(problems)
        let password = new.password ?? Credential.newPassword()
        let cost = settings.bcryptCost
        let account = try await pool.withConnection { connection in
            try connection.transaction { transaction in
                let account = try StaffAccounts.add(
                    login: new.login, displayName: new.displayName, scope: scope, by: admin.actor,
                    on: transaction)
                try StaffPasswords.set(password, accountId: account.id, cost: cost, on: transaction)
                return account
            }
        }
        logger.info("account added", metadata: ["login": "\(account.login)", "by": "\(admin.actor)"])
        let added = AddedAccount(staff: account, password: new.password == nil ? password : nil)
        return .created(.init(body: .json(try GeneratedAPI.convert(added))))
    }

    /// A login: 2 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.
    static func loginProblems(_ login: String) -> [FieldProblem] {
        let allowed =
            login.count >= 2 && login.count <= 32
            && login.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || ".-_".contains($0)) }
            && (login.first?.isLetter == true || login.first?.isNumber == true)
        return allowed
            ? [] : [FieldProblem(field: "login", problem: "must be 2 to 32 of a-z, 0-9, '.', '_', '-'")]
    }

    struct AccountChange: Codable, Sendable {
        let displayName: String?
        let role: StaffRole?
        let department: String?
        let expert: String?
        let town: String?
        let active: Bool?
    }

    /// What is not given stays; a role change keeps only the scope fields given with it.
    func updateStaff(_ input: Operations.UpdateStaff.Input) async throws -> Operations.UpdateStaff.Output {
        let admin = try access.require([.admin])
        let change: AccountChange = try GeneratedAPI.body(input.body)
        try RequestProblems.check()
        let login = input.path.login
        let account = try await pool.withConnection { connection in
            try connection.transaction { transaction in
                guard let current = try StaffAccounts.find(login: login, on: transaction) else {
                    throw DomainRefusal.notFound("no account \(login.prefix(40))")
                }
                let roleChanges = change.role != nil && change.role != current.role
                let scope = StaffScope(
                    role: change.role ?? current.role,
                    department: change.department ?? (roleChanges ? nil : current.department),
                    expert: change.expert ?? (roleChanges ? nil : current.expert),
                    town: change.town ?? (roleChanges ? nil : current.town))
                let problems = scope.problems()
                guard problems.isEmpty else { throw DomainRefusal.invalid(problems) }
                if current.login == admin.account?.login, change.active == false || roleChanges {
                    throw DomainRefusal.conflict("an admin does not disable or demote their own account")
                }
                return try StaffAccounts.update(
                    login: login, displayName: change.displayName ?? current.displayName, scope: scope,
                    active: change.active ?? current.active, on: transaction)
            }
        }
        logger.info(
            "account changed",
            metadata: [
                "login": "\(login)", "by": "\(admin.actor)", "role": "\(account.role.rawValue)",
                "active": "\(account.active)",
            ])
        return .ok(.init(body: .json(try GeneratedAPI.convert(account))))
    }

    struct PasswordReset: Codable, Sendable {
        let password: String?
    }

    /// 重置密码: the given password, or one made here and shown once; every session of the account ends.
    func resetStaffPassword(_ input: Operations.ResetStaffPassword.Input) async throws
        -> Operations.ResetStaffPassword.Output
    {
        let admin = try access.require([.admin])
        let reset: PasswordReset = try GeneratedAPI.body(input.body)
        let account = try await existing(input.path.login)
        if let password = reset.password {
            try RequestProblems.check(
                settings.policy.problems(password, login: account.login, displayName: account.displayName))
        } else {
            try RequestProblems.check()
        }
        let password = reset.password ?? Credential.newPassword()
        let cost = settings.bcryptCost
        try await pool.withConnection { connection in
            try connection.transaction {
                try StaffPasswords.set(password, accountId: account.id, cost: cost, on: $0)
            }
        }
        logger.info("password reset", metadata: ["login": "\(account.login)", "by": "\(admin.actor)"])
        return .ok(
            .init(
                body: .json(
                    try GeneratedAPI.convert(PasswordReset(password: reset.password == nil ? password : nil)))
            ))
    }

    func listApiKeys(_ input: Operations.ListApiKeys.Input) async throws -> Operations.ListApiKeys.Output {
        try access.require([.admin])
        let account = try await existing(input.path.login)
        let keys = try await pool.withConnection(retryOnLostConnection: true) {
            try StaffAPIKeys.list(accountId: account.id, on: $0)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(["keys": keys]))))
    }

    struct NewKey: Codable, Sendable {
        let name: String
    }

    struct IssuedKey: Codable, Sendable {
        let id: String
        let name: String
        let key: String
    }

    func createApiKey(_ input: Operations.CreateApiKey.Input) async throws -> Operations.CreateApiKey.Output {
        let admin = try access.require([.admin])
        let new: NewKey = try GeneratedAPI.body(input.body)
        try RequestProblems.check(DomainRefusal.textProblems(new.name, field: "name", max: 100))
        let account = try await existing(input.path.login)
        let (key, secret) = try await pool.withConnection {
            try StaffAPIKeys.create(accountId: account.id, name: new.name, by: admin.actor, on: $0)
        }
        logger.info(
            "API key issued",
            metadata: ["login": "\(account.login)", "key": "\(key.id)", "by": "\(admin.actor)"])
        return .created(
            .init(body: .json(try GeneratedAPI.convert(IssuedKey(id: key.id, name: key.name, key: secret)))))
    }

    func revokeApiKey(_ input: Operations.RevokeApiKey.Input) async throws -> Operations.RevokeApiKey.Output {
        let admin = try access.require([.admin])
        let account = try await existing(input.path.login)
        let keyId = input.path.keyId
        let revoked = try await pool.withConnection {
            try StaffAPIKeys.revoke(id: keyId, accountId: account.id, on: $0)
        }
        guard revoked else { throw DomainRefusal.notFound("no key \(keyId.prefix(40)) of \(account.login)") }
        logger.info(
            "API key revoked",
            metadata: ["login": "\(account.login)", "key": "\(keyId)", "by": "\(admin.actor)"])
        return .noContent(.init())
    }

    func existing(_ login: String) async throws -> StaffAccount {
        let account = try await pool.withConnection(retryOnLostConnection: true) {
            try StaffAccounts.find(login: login, on: $0)
        }
        guard let account else { throw DomainRefusal.notFound("no account \(login.prefix(40))") }
        return account
    }
}
