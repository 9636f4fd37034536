import CRabbitMQ
import Foundation

/// Where and how to reach the broker, parsed from an `amqp://user:pass@host:port/vhost` URL.
public struct AMQPConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var virtualHost: String
    /// Seconds; consumers wait for deliveries at most a third of this, so heartbeats keep flowing.
    public var heartbeat: Int
    public var connectTimeout: TimeInterval

    public init(url: String, heartbeat: Int = 30, connectTimeout: TimeInterval = 5) throws {
        var info = amqp_connection_info()
        guard let copy = strdup(url) else { throw AMQPError("url", "out of memory") }
        defer { free(copy) }
        guard amqp_parse_url(copy, &info) == AMQP_STATUS_OK.rawValue else {
            throw AMQPError("url", "cannot parse AMQP URL (expected amqp://user:pass@host:port/vhost)")
        }
        host = String(cString: info.host)
        port = Int(info.port)
        user = String(cString: info.user)
        password = String(cString: info.password)
        virtualHost = String(cString: info.vhost)
        self.heartbeat = heartbeat
        self.connectTimeout = connectTimeout
    }

    /// The URL without its password, for logs.
    public var redacted: String { "amqp://\(user)@\(host):\(port)/\(virtualHost)" }
}
