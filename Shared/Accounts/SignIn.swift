import Foundation
import HummingbirdBcrypt
import Storage

/// 登录: checks a login and password and opens a session. After `maxFailures` wrong passwords
/// in a row the account is locked for `lockSeconds` (15 minutes by default); a disabled account is told so, but only to
/// someone who knows its password.
public struct SignIn: Sendable {
    public let maxFailures: Int
    public let lockSeconds: Int
    public let sessionHours: Int
    /// A hash to verify against when the login is unknown, made at the passwords' own cost, so
    /// an unknown login takes as long as a wrong password and tells nothing.
    let decoy: String

    public init(maxFailures: Int = 5, lockSeconds: Int = 900, sessionHours: Int = 8, bcryptCost: UInt8 = 12) {
        self.maxFailures = maxFailures
        self.lockSeconds = lockSeconds
        self.sessionHours = sessionHours
        decoy = Bcrypt.hash("decoy password that matches nothing", cost: bcryptCost)
    }

    public enum Outcome: Sendable {
        case signedIn(StaffAccount, token: String, expiresAt: Date)
        /// Unknown login or wrong password (told apart nowhere); `locked` when this failure locked it.
        case refused(lockedUntil: Date?)
        case locked(until: Date)
        case disabled
    }

    /// In one transaction: the account and its password row locked, the password verified, the
    /// failure counted (or the counter cleared) and, on success, a session opened.
    public func attempt(login: String, password: String, on transaction: PostgresConnection) throws -> Outcome
    {
        guard let account = try StaffAccounts.find(login: login, on: transaction),
            let entry = try StaffPasswords.lock(accountId: account.id, on: transaction)
        else {
            _ = StaffPasswords.verify(password, hash: decoy)
            return .refused(lockedUntil: nil)
        }
        if let until = entry.lockedUntil, until > Date() { return .locked(until: until) }
        guard StaffPasswords.verify(password, hash: entry.hash) else {
            let locks = entry.failedAttempts + 1 >= maxFailures
            let until = locks ? Date().addingTimeInterval(Double(lockSeconds)) : nil
            try StaffPasswords.recordFailure(accountId: account.id, lockUntil: until, on: transaction)
            return .refused(lockedUntil: until)
        }
        try StaffPasswords.recordSuccess(accountId: account.id, on: transaction)
        guard account.active else { return .disabled }
        let session = try StaffSessions.open(accountId: account.id, hours: sessionHours, on: transaction)
        return .signedIn(account, token: session.token, expiresAt: session.expiresAt)
    }
}

/// Why a sign-in is refused, in the same words whoever asks; the HTTP layer answers 401, 423
/// with the time left, or 403 (`Problem(signIn:)`).
public enum SignInRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// An unknown login or a wrong password, told apart nowhere.
    case wrongCredentials
    case locked(until: Date)
    /// Told only to someone who gave the account's right password.
    case disabled

    public var description: String {
        switch self {
        case .wrongCredentials: "the login or the password is wrong"
        case .locked: "too many wrong passwords: the account is locked for \(secondsLeft) more seconds"
        case .disabled: "the account is disabled; ask the centre's administrator"
        }
    }

    /// Seconds until a locked account may sign in again (at least 1).
    public var secondsLeft: Int {
        guard case .locked(let until) = self else { return 0 }
        return max(1, Int(until.timeIntervalSinceNow.rounded(.up)))
    }
}
