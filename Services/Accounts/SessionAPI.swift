import Accounts
import CaseModel
import Foundation
import HTTPSupport
import OpenAPIRuntime

/// 登录 / 退出: `POST` and `DELETE /api/v1/session`, `GET /api/v1/me`, `PUT /api/v1/me/password`.
extension AccountsAPI {
    struct Credentials: Codable, Sendable {
        let login: String
        let password: String
    }

    struct SignedIn: Codable, Sendable {
        let token: String
        let expiresAt: Date
        let staff: StaffAccount
    }

    /// Every failure and lock is logged with the client's address; the answer never tells an
    /// unknown login from a wrong password.
    func signIn(_ input: Operations.SignIn.Input) async throws -> Operations.SignIn.Output {
        let credentials: Credentials = try GeneratedAPI.body(input.body)
        try RequestProblems.check()
        let client = Caller.current?.client ?? "?"
        let login = String(credentials.login.prefix(32))
        let signIn = settings.signIn
        let outcome = try await pool.withConnection { connection in
            try connection.transaction {
                try signIn.attempt(login: credentials.login, password: credentials.password, on: $0)
            }
        }
        switch outcome {
        case .signedIn(let account, let token, let expiresAt):
            logger.info("signed in", metadata: ["login": "\(login)", "client": "\(client)"])
            return .created(
                .init(
                    headers: .init(setCookie: cookie(token, maxAge: signIn.sessionHours * 3600)),
                    body: .json(
                        try GeneratedAPI.convert(SignedIn(token: token, expiresAt: expiresAt, staff: account))
                    )))
        case .refused(let lockedUntil?):
            logger.warning(
                "account locked after failed sign-ins",
                metadata: ["login": "\(login)", "client": "\(client)", "until": "\(lockedUntil)"])
            throw SignInRefusal.locked(until: lockedUntil)
        case .refused(nil):
            logger.notice("sign-in refused", metadata: ["login": "\(login)", "client": "\(client)"])
            throw SignInRefusal.wrongCredentials
        case .locked(let until):
            logger.notice(
                "sign-in to a locked account", metadata: ["login": "\(login)", "client": "\(client)"])
            throw SignInRefusal.locked(until: until)
        case .disabled:
            logger.notice(
                "sign-in to a disabled account", metadata: ["login": "\(login)", "client": "\(client)"])
            throw SignInRefusal.disabled
        }
    }

    /// The session cookie: not readable by scripts, never sent from another site, `Secure` behind TLS.
    func cookie(_ token: String, maxAge: Int) -> String {
        "\(Access.cookieName)=\(token); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
            + (settings.secureCookie ? "; Secure" : "")
    }

    func signOut(_ input: Operations.SignOut.Input) async throws -> Operations.SignOut.Output {
        let staff = try access.require(Set(StaffRole.allCases))
        if let session = Caller.current?.session {
            try await pool.withConnection { try StaffSessions.end(token: session, on: $0) }
            logger.info("signed out", metadata: ["login": "\(staff.name)"])
        }
        return .noContent(.init(headers: .init(setCookie: cookie("", maxAge: 0))))
    }

    struct Me: Codable, Sendable {
        let name: String
        let role: StaffRole
        let department: String?
        let expert: String?
        let town: String?
        let actor: String
        let account: StaffAccount?
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let staff = try access.require(Set(StaffRole.allCases))
        let me = Me(
            name: staff.name, role: staff.role, department: staff.department, expert: staff.expert,
            town: staff.town,
            actor: staff.actor, account: staff.account)
        return .ok(.init(body: .json(try GeneratedAPI.convert(me))))
    }

    struct PasswordChange: Codable, Sendable {
        let currentPassword: String
        let newPassword: String
    }

    /// 修改密码: the current password proves it is the person; the account's other sessions end.
    func changeOwnPassword(_ input: Operations.ChangeOwnPassword.Input) async throws
        -> Operations.ChangeOwnPassword.Output
    {
        let staff = try access.require(Set(StaffRole.allCases))
        let change: PasswordChange = try GeneratedAPI.body(input.body)
        guard let account = staff.account else {
            throw DomainRefusal.forbidden("an operator-issued token has no password to change")
        }
        var problems = settings.policy.problems(
            change.newPassword, login: account.login, displayName: account.displayName, field: "newPassword")
        if change.newPassword == change.currentPassword {
            problems.append(.init(field: "newPassword", problem: "must differ from the current password"))
        }
        try RequestProblems.check(problems)
        let (cost, session) = (settings.bcryptCost, Caller.current?.session)
        try await pool.withConnection { connection in
            try connection.transaction { transaction in
                guard let entry = try StaffPasswords.current(accountId: account.id, on: transaction),
                    StaffPasswords.verify(change.currentPassword, hash: entry)
                else {
                    throw DomainRefusal.invalid([.init(field: "currentPassword", problem: "is wrong")])
                }
                try StaffPasswords.set(
                    change.newPassword, accountId: account.id, cost: cost, keepingSession: session,
                    on: transaction)
            }
        }
        logger.info("password changed", metadata: ["login": "\(account.login)"])
        return .noContent(.init())
    }
}
