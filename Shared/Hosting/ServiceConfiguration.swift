import Foundation
import HTTPSupport
import Logging
import Messaging
import Reliability
import Settings

/// What every service reads from environment variables, with defaults that match the local run
/// (deploy/run); the centre's time rules are `HandlingRules`, a service's own settings its own.
/// docs/configuration.md lists them all.
public struct ServiceConfiguration: Sendable {
    public let serviceName: String
    public let amqpURL: String
    public let postgresURL: String
    public let httpHost: String
    public let httpPort: Int
    public let heartbeat: Int
    public let prefetch: UInt16
    public let poolSize: Int
    public let logLevel: Logger.Level
    /// The secret for keyed hashes and seals of petitioners' identity (intake and routing require it).
    public let identityKey: String?
    /// Signs and checks staff tokens (docs/access.md); every HTTP service requires it.
    public let authSecret: String?
    /// The longest a staff token may live, in hours (ONEDOOR_TOKEN_MAX_HOURS, 12).
    public let tokenMaxHours: Int
    /// Days sent outbox rows and processed inbox rows are kept (ONEDOOR_RETENTION_DAYS, 7).
    public let retentionDays: Int
    /// Seconds between retention sweeps (ONEDOOR_RETENTION_INTERVAL_SECONDS, 3600).
    public let retentionInterval: TimeInterval
    /// Seconds a connection may stay without a complete request (ONEDOOR_HTTP_IDLE_SECONDS, 30).
    public let httpIdleSeconds: Int
    /// Test hook: `crash-after-commit:<consumer>` kills the process between commit and ack.
    public let fault: String?

    public init(
        serviceName: String, defaultPort: Int,
        environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws
    {
        let settings = EnvironmentSettings(environment)
        func value(_ key: String) -> String? { settings.text(key) }
        func integer(_ key: String, _ fallback: Int, range: ClosedRange<Int>) throws -> Int {
            try settings.integer(key, fallback, range: range)
        }
        let upper = serviceName.uppercased()
        self.serviceName = serviceName
        amqpURL = value("ONEDOOR_AMQP_URL") ?? "amqp://onedoor:onedoor@127.0.0.1:5682/onedoor"
        postgresURL = value("ONEDOOR_POSTGRES_URL") ?? "postgresql://onedoor:onedoor@127.0.0.1:5442/onedoor"
        httpHost = value("ONEDOOR_HTTP_HOST") ?? "127.0.0.1"
        httpPort = try integer("ONEDOOR_\(upper)_PORT", defaultPort, range: 1...65535)
        heartbeat = try integer("ONEDOOR_AMQP_HEARTBEAT", 30, range: 2...600)
        prefetch = UInt16(try integer("ONEDOOR_PREFETCH", 64, range: 1...10_000))
        poolSize = try integer("ONEDOOR_POSTGRES_POOL", 4, range: 1...64)
        identityKey = value("ONEDOOR_IDENTITY_KEY")
        authSecret = value("ONEDOOR_AUTH_SECRET")
        tokenMaxHours = try Access.maximumHours(from: settings)
        retentionDays = try integer("ONEDOOR_RETENTION_DAYS", 7, range: 1...3650)
        retentionInterval = TimeInterval(
            try integer("ONEDOOR_RETENTION_INTERVAL_SECONDS", 3600, range: 1...86_400))
        httpIdleSeconds = try integer("ONEDOOR_HTTP_IDLE_SECONDS", 30, range: 1...3600)
        let level = value("ONEDOOR_LOG_LEVEL") ?? "info"
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw ConfigurationError(
                "ONEDOOR_LOG_LEVEL=\(level) must be one of trace, debug, info, notice, warning, error")
        }
        self.logLevel = logLevel
        fault = value("ONEDOOR_FAULT")
        _ = try amqp()  // fail at start-up on a malformed URL, not at first use
    }

    public func amqp() throws -> AMQPConfiguration {
        try AMQPConfiguration(url: amqpURL, heartbeat: heartbeat)
    }

    /// The part the backbone's loops use.
    public var backbone: BackboneConfiguration {
        BackboneConfiguration(
            amqpURL: amqpURL, heartbeat: heartbeat, postgresURL: postgresURL, prefetch: prefetch,
            retentionDays: retentionDays, retentionInterval: retentionInterval, fault: fault)
    }
}
