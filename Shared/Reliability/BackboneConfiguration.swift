import Foundation
import Messaging

/// What the backbone's loops need to know: where the broker and the database are, how many
/// messages a consumer takes at once, and how long sent and processed rows are kept.
/// `Hosting`'s `ServiceConfiguration` reads it from the environment.
public struct BackboneConfiguration: Sendable {
    public let amqpURL: String
    public let heartbeat: Int
    public let postgresURL: String
    public let prefetch: UInt16
    /// Days sent outbox rows and processed inbox rows are kept (ONEDOOR_RETENTION_DAYS, 7).
    public let retentionDays: Int
    /// Seconds between retention sweeps (ONEDOOR_RETENTION_INTERVAL_SECONDS, 3600).
    public let retentionInterval: TimeInterval
    /// Test hook: `crash-after-commit:<consumer>` kills the process between commit and ack.
    public let fault: String?

    public init(
        amqpURL: String, heartbeat: Int, postgresURL: String, prefetch: UInt16, retentionDays: Int = 7,
        retentionInterval: TimeInterval = 3600, fault: String? = nil
    ) {
        self.amqpURL = amqpURL
        self.heartbeat = heartbeat
        self.postgresURL = postgresURL
        self.prefetch = prefetch
        self.retentionDays = retentionDays
        self.retentionInterval = retentionInterval
        self.fault = fault
    }

    public func amqp() throws -> AMQPConfiguration {
        try AMQPConfiguration(url: amqpURL, heartbeat: heartbeat)
    }

    /// Consumers wait for deliveries at most this long, well under half the heartbeat.
    public var consumeTimeout: TimeInterval { min(1, Double(heartbeat) / 3) }
}
