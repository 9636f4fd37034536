import Foundation
import Settings

/// The status page's configuration (docs/configuration.md, docs/notifications.md for the limits).
struct PublicSettings: Sendable {
    /// Signs the petitioner's session and the forms' CSRF tokens (ONEDOOR_PUBLIC_SECRET): its own
    /// secret, so the internet-facing side holds no staff or identity key.
    let secret: String
    let centreName: String
    let timeZone: TimeZone
    /// Wrong case-number/code pairs allowed per case, and per client address, in `window`.
    let caseAttempts: Int
    let addressAttempts: Int
    let window: TimeInterval
    /// One-time code requests: at least `codeInterval` apart, at most `codesPerHour` a case.
    let codeInterval: TimeInterval
    let codesPerHour: Int
    /// How long the petitioner stays signed in to their case.
    let sessionMinutes: Int
    /// Behind the operator's own reverse proxy: the client is the last X-Forwarded-For address.
    let trustForwarded: Bool
    /// `Secure` on the cookies, behind TLS (ONEDOOR_COOKIE_SECURE=1).
    let cookieSecure: Bool

    init(_ settings: EnvironmentSettings) throws {
        guard let secret = settings.text("ONEDOOR_PUBLIC_SECRET"), secret.count >= 32 else {
            throw ConfigurationError(
                "ONEDOOR_PUBLIC_SECRET must be set to at least 32 characters: it signs the petitioner's "
                    + "session on the status page (deploy/run makes one in .local/run/public.key)")
        }
        self.secret = secret
        centreName = settings.text("ONEDOOR_CENTRE_NAME") ?? "样板区矛盾纠纷调处化解中心"
        let zone = settings.text("ONEDOOR_TIME_ZONE") ?? "Asia/Shanghai"
        guard let timeZone = TimeZone(identifier: zone) else {
            throw ConfigurationError("ONEDOOR_TIME_ZONE '\(zone)' is not a time zone")
        }
        self.timeZone = timeZone
        caseAttempts = try settings.integer("ONEDOOR_STATUS_CASE_ATTEMPTS", 5, range: 1...1000)
        addressAttempts = try settings.integer("ONEDOOR_STATUS_ADDRESS_ATTEMPTS", 20, range: 1...100_000)
        window = TimeInterval(try settings.integer("ONEDOOR_STATUS_WINDOW_MINUTES", 15, range: 1...1440) * 60)
        codeInterval = TimeInterval(
            try settings.integer("ONEDOOR_CODE_INTERVAL_SECONDS", 60, range: 0...3600))
        codesPerHour = try settings.integer("ONEDOOR_CODES_PER_HOUR", 5, range: 1...100)
        sessionMinutes = try settings.integer("ONEDOOR_PUBLIC_SESSION_MINUTES", 30, range: 1...1440)
        trustForwarded = settings.text("ONEDOOR_PUBLIC_TRUST_FORWARDED") == "true"
        cookieSecure = settings.text("ONEDOOR_COOKIE_SECURE") == "1"
    }
}
