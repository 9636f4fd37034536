import Foundation
import Logging
import Messaging

/// Settings from environment variables, with defaults that match the local run
/// (deploy/run). docs/configuration.md lists them all.
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
    /// Days a department has to answer (15 by the centres' rule).
    public let answerDays: Int
    /// Days after signing within which a disputed answer may go to review (5).
    public let reviewWindowDays: Int
    /// The fewest experts a petitioner may choose for a panel (5).
    public let reviewMinimumExperts: Int
    /// 督办: how often routing checks due times, how long before the due time a
    /// reminder goes out, and how long after it flagged supervision follows (seconds).
    public let supervisionInterval: TimeInterval
    public let reminderLead: Double
    public let flagAfter: Double
    /// 重复信访: the secret for keyed hashes of petitioners' identity (intake requires it),
    /// and the days within which a new case of the same petitioner and category is a repeat.
    public let identityKey: String?
    /// Signs and checks staff tokens (docs/access.md); every HTTP service requires it.
    public let authSecret: String?
    public let repeatWindowDays: Int
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
        func value(_ key: String) -> String? {
            environment[key].flatMap { $0.isEmpty ? nil : $0 }
        }
        func integer(_ key: String, _ fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = value(key) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigurationError("\(key)=\(text) must be a whole number in \(range)")
            }
            return number
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
        answerDays = try integer("ONEDOOR_ANSWER_DAYS", 15, range: 1...365)
        reviewWindowDays = try integer("ONEDOOR_REVIEW_WINDOW_DAYS", 5, range: 0...365)
        reviewMinimumExperts = try integer("ONEDOOR_REVIEW_MIN_EXPERTS", 5, range: 1...50)
        supervisionInterval = TimeInterval(
            try integer("ONEDOOR_SUPERVISION_INTERVAL_SECONDS", 60, range: 1...86_400))
        reminderLead = Double(
            try integer("ONEDOOR_REMINDER_LEAD_SECONDS", 2 * 86_400, range: 0...30 * 86_400))
        flagAfter = Double(try integer("ONEDOOR_FLAG_AFTER_SECONDS", 3 * 86_400, range: 0...90 * 86_400))
        identityKey = value("ONEDOOR_IDENTITY_KEY")
        authSecret = value("ONEDOOR_AUTH_SECRET")
        repeatWindowDays = try integer("ONEDOOR_REPEAT_WINDOW_DAYS", 90, range: 1...3650)
        tokenMaxHours = try integer("ONEDOOR_TOKEN_MAX_HOURS", 12, range: 1...744)
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

    /// Consumers wait for deliveries at most this long, well under half the heartbeat.
    public var consumeTimeout: TimeInterval { min(1, Double(heartbeat) / 3) }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
