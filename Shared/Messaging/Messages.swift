import Foundation

/// A message to publish: persistent, JSON by default, identified by `messageId`
/// so that consumers can drop redeliveries.
public struct OutgoingMessage: Sendable, Equatable {
    public var exchange: String
    public var routingKey: String
    public var messageId: String
    public var type: String
    public var body: [UInt8]
    public var headers: [String: HeaderValue]
    public var contentType: String
    public var timestamp: Date

    public init(
        exchange: String, routingKey: String, messageId: String, type: String, body: [UInt8],
        headers: [String: HeaderValue] = [:], contentType: String = "application/json",
        timestamp: Date = Date()
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.messageId = messageId
        self.type = type
        self.body = body
        self.headers = headers
        self.contentType = contentType
        self.timestamp = timestamp
    }
}

/// A message received from a queue, copied out of the library's buffers.
public struct Delivery: Sendable {
    public let deliveryTag: UInt64
    public let redelivered: Bool
    public let exchange: String
    public let routingKey: String
    public let messageId: String?
    public let type: String?
    public let contentType: String?
    public let timestamp: Date?
    public let headers: [String: HeaderValue]
    public let body: [UInt8]

    public init(
        deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String, messageId: String?,
        type: String?, contentType: String?, timestamp: Date?, headers: [String: HeaderValue], body: [UInt8]
    ) {
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.exchange = exchange
        self.routingKey = routingKey
        self.messageId = messageId
        self.type = type
        self.contentType = contentType
        self.timestamp = timestamp
        self.headers = headers
        self.body = body
    }
}

/// What the broker said about one published message.
public enum PublishOutcome: Sendable, Equatable {
    /// Stored by the broker (routed to at least one queue; persisted where durable).
    case confirmed
    /// The broker could not take it (basic.nack).
    case nacked
    /// No queue was bound for its routing key (basic.return of a mandatory publish).
    case returned(replyCode: Int, replyText: String)
}
