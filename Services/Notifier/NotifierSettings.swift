import Foundation
import Settings

/// The notifier's configuration (docs/configuration.md).
struct NotifierSettings: Sendable {
    /// `log` (local runs) or `webhook` (ONEDOOR_SMS_PROVIDER).
    let providerName: String
    let logFile: String
    let webhookURL: URL?
    let webhookSecret: String?
    /// Checks the provider's callbacks (ONEDOOR_SMS_CALLBACK_SECRET, else the webhook's secret).
    let callbackSecret: String
    let timeout: TimeInterval
    let maxAttempts: Int
    let retryBase: TimeInterval
    let breakerThreshold: Int
    let breakerCooldown: TimeInterval
    let templatesPath: String?
    /// 【signature】: ONEDOOR_SMS_SIGNATURE, else the centre's name.
    let signature: String

    init(_ settings: EnvironmentSettings) throws {
        providerName = settings.text("ONEDOOR_SMS_PROVIDER") ?? "log"
        guard ["log", "webhook"].contains(providerName) else {
            throw ConfigurationError("ONEDOOR_SMS_PROVIDER must be log or webhook, not '\(providerName)'")
        }
        logFile = settings.text("ONEDOOR_SMS_LOG_FILE") ?? "notifications.log"
        webhookURL = settings.text("ONEDOOR_SMS_WEBHOOK_URL").flatMap(URL.init(string:))
        webhookSecret = settings.text("ONEDOOR_SMS_WEBHOOK_SECRET")
        if providerName == "webhook" {
            guard let webhookURL, ["http", "https"].contains(webhookURL.scheme ?? "") else {
                throw ConfigurationError("ONEDOOR_SMS_WEBHOOK_URL must be the provider's http(s) URL")
            }
            guard (webhookSecret ?? "").count >= 16 else {
                throw ConfigurationError(
                    "ONEDOOR_SMS_WEBHOOK_SECRET must be at least 16 characters: it signs each request")
            }
        }
        // Without any secret no callback can be signed: a random one refuses them all.
        callbackSecret =
            settings.text("ONEDOOR_SMS_CALLBACK_SECRET") ?? webhookSecret ?? UUID().uuidString
            + UUID().uuidString
        timeout = TimeInterval(try settings.integer("ONEDOOR_SMS_TIMEOUT_SECONDS", 10, range: 1...120))
        maxAttempts = try settings.integer("ONEDOOR_SMS_MAX_ATTEMPTS", 6, range: 1...50)
        retryBase =
            TimeInterval(try settings.integer("ONEDOOR_SMS_RETRY_BASE_MS", 30_000, range: 10...3_600_000))
            / 1000
        breakerThreshold = try settings.integer("ONEDOOR_SMS_BREAKER_THRESHOLD", 5, range: 1...1000)
        breakerCooldown = TimeInterval(
            try settings.integer("ONEDOOR_SMS_BREAKER_COOLDOWN_SECONDS", 30, range: 1...3600))
        templatesPath = settings.text("ONEDOOR_NOTIFICATION_TEMPLATES")
        signature =
            settings.text("ONEDOOR_SMS_SIGNATURE") ?? settings.text("ONEDOOR_CENTRE_NAME") ?? "样板区矛盾纠纷调处化解中心"
    }

    func provider() throws -> any SMSProvider {
        guard providerName == "webhook", let webhookURL, let webhookSecret else {
            return LogProvider(path: logFile)
        }
        return WebhookProvider(
            url: webhookURL, secret: webhookSecret, timeout: timeout,
            breaker: CircuitBreaker(threshold: breakerThreshold, cooldown: breakerCooldown))
    }
}
