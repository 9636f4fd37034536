import Foundation
import Settings

/// The workbench's own settings (docs/configuration.md).
struct WorkbenchSettings: Sendable {
    /// Where the services' HTTP API is: the gateway (ONEDOOR_API_URL, the local gateway by default).
    let apiURL: URL
    /// The centre's name, the letterhead of every page and document (ONEDOOR_CENTRE_NAME).
    let centreName: String
    /// The deployment's time zone for every time shown (ONEDOOR_TIME_ZONE, Asia/Shanghai).
    let timeZone: TimeZone
    /// `Secure` on the cookies, behind TLS (ONEDOOR_COOKIE_SECURE=1).
    let cookieSecure: Bool
    /// ONEDOOR_AUTH_SECRET: keys the forms' CSRF tokens and vouches for the person's address.
    let authSecret: String
    /// The petitioner's status page, printed on the receipt (ONEDOOR_STATUS_PAGE_URL).
    let statusPageURL: String

    init(_ settings: EnvironmentSettings, authSecret secret: String?) throws {
        let port = settings.text("ONEDOOR_GATEWAY_PORT") ?? "8080"
        let api = settings.text("ONEDOOR_API_URL") ?? "http://127.0.0.1:\(port)"
        guard let url = URL(string: api), url.scheme == "http" || url.scheme == "https" else {
            throw ConfigurationError("ONEDOOR_API_URL=\(api) must be an http(s) URL")
        }
        apiURL = url
        centreName = settings.text("ONEDOOR_CENTRE_NAME") ?? "样板区矛盾纠纷调处化解中心"
        let zone = settings.text("ONEDOOR_TIME_ZONE") ?? "Asia/Shanghai"
        guard let timeZone = TimeZone(identifier: zone) else {
            throw ConfigurationError("ONEDOOR_TIME_ZONE=\(zone) is not a time zone (e.g. Asia/Shanghai)")
        }
        self.timeZone = timeZone
        cookieSecure = settings.text("ONEDOOR_COOKIE_SECURE") == "1"
        guard let secret, secret.utf8.count >= 32 else {
            throw ConfigurationError(
                "ONEDOOR_AUTH_SECRET must be set to at least 32 characters: it keys the forms and vouches for addresses"
            )
        }
        authSecret = secret
        statusPageURL =
            settings.text("ONEDOOR_STATUS_PAGE_URL")
            ?? "http://127.0.0.1:\(settings.text("ONEDOOR_PUBLIC_PORT") ?? "8090")/"
    }
}
