import Accounts
import Settings

/// The accounts service's own settings (docs/configuration.md, "Accounts").
struct AccountSettings: Sendable {
    /// bcrypt's cost (ONEDOOR_BCRYPT_COST, 12 by default): each step doubles the time a guess takes.
    let bcryptCost: UInt8
    let policy: PasswordPolicy
    let signIn: SignIn
    /// Whether the session cookie is marked `Secure` (ONEDOOR_COOKIE_SECURE: behind TLS).
    let secureCookie: Bool
    /// How long case reads stay on the audit (ONEDOOR_READ_AUDIT_DAYS, 365 by default).
    let readAuditDays: Int

    init(_ settings: EnvironmentSettings) throws {
        bcryptCost = UInt8(try settings.integer("ONEDOOR_BCRYPT_COST", 12, range: 4...15))
        policy = PasswordPolicy(
            minimumLength: try settings.integer("ONEDOOR_PASSWORD_MIN_LENGTH", 10, range: 8...64))
        signIn = SignIn(
            maxFailures: try settings.integer("ONEDOOR_SIGNIN_MAX_FAILURES", 5, range: 1...100),
            lockSeconds: try settings.integer("ONEDOOR_SIGNIN_LOCK_SECONDS", 900, range: 1...86_400),
            sessionHours: try settings.integer("ONEDOOR_SESSION_HOURS", 8, range: 1...24),
            bcryptCost: bcryptCost)
        secureCookie = try settings.integer("ONEDOOR_COOKIE_SECURE", 0, range: 0...1) == 1
        readAuditDays = try settings.integer("ONEDOOR_READ_AUDIT_DAYS", 365, range: 1...3650)
    }
}
