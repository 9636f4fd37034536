import CAMQPShim
import CRabbitMQ
import Foundation

/// Consumes one or more queues with manual acks and a prefetch window.
public final class Consumer {
    public let connection: AMQPConnection
    public let queues: [String]

    /// Connects, declares `topology` (so the queues exist), then starts consuming.
    public init(
        _ configuration: AMQPConfiguration, queues: [String], prefetch: UInt16,
        declaring topology: Topology? = nil
    ) throws {
        connection = try AMQPConnection(configuration)
        self.queues = queues
        if let topology { try connection.declare(topology) }
        amqp_basic_qos(connection.state, connection.channel, 0, prefetch, 0)
        try connection.check(amqp_get_rpc_reply(connection.state), "basic.qos")
        for queue in queues {
            let arena = CArena()
            amqp_basic_consume(
                connection.state, connection.channel, arena.bytes(queue), amqp_empty_bytes, 0, 0, 0,
                amqp_empty_table)
            try connection.check(amqp_get_rpc_reply(connection.state), "basic.consume \(queue)")
        }
    }

    /// The next delivery, or nil when none arrived within `timeout`. Keep the
    /// timeout well under the heartbeat: heartbeats are serviced only in here.
    public func next(timeout: TimeInterval) throws -> Delivery? {
        let state = connection.state
        amqp_maybe_release_buffers(state)
        var envelope = amqp_envelope_t()
        var wait = timeval(seconds: timeout)
        let reply = amqp_consume_message(state, &envelope, &wait, 0)
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            defer { amqp_destroy_envelope(&envelope) }
            return Delivery(envelope)
        case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_TIMEOUT.rawValue:
            return nil
        case AMQP_RESPONSE_LIBRARY_EXCEPTION
        where reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue:
            // A frame other than a delivery: a close or a cancel means this consumer is done.
            guard let frame = try connection.waitFrame(timeout: timeout),
                frame.frame_type == UInt8(AMQP_FRAME_METHOD)
            else { return nil }
            switch frame.payload.method.id {
            case AMQPMethod.channelClose, AMQPMethod.connectionClose:
                throw connection.closeError(method: frame.payload.method, context: "consume")
            case AMQPMethod.basicCancel:
                connection.markBroken()
                throw AMQPError("consume", "the broker cancelled the consumer (queue deleted?)")
            default:
                return nil
            }
        default:
            try connection.check(reply, "consume")
            return nil
        }
    }

    /// Acknowledges one delivery (`multiple`: and every earlier one): the broker forgets it.
    public func ack(_ deliveryTag: UInt64, multiple: Bool = false) throws {
        try connection.ack(deliveryTag, multiple: multiple)
    }

    /// Gives a delivery back: requeued for another try, or dead-lettered by the broker.
    public func reject(_ deliveryTag: UInt64, requeue: Bool) throws {
        try connection.reject(deliveryTag, requeue: requeue)
    }
}

extension Delivery {
    init(_ envelope: amqp_envelope_t) {
        self.init(
            deliveryTag: envelope.delivery_tag, redelivered: envelope.redelivered != 0,
            exchange: envelope.exchange.string, routingKey: envelope.routing_key.string,
            properties: envelope.message.properties, body: envelope.message.body.array)
    }

    init(
        deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String,
        properties: amqp_basic_properties_t, body: [UInt8]
    ) {
        func text(_ flag: UInt32, _ bytes: amqp_bytes_t) -> String? {
            properties._flags & flag != 0 ? bytes.string : nil
        }
        self.init(
            deliveryTag: deliveryTag, redelivered: redelivered, exchange: exchange, routingKey: routingKey,
            messageId: text(AMQPPropertyFlag.messageId, properties.message_id),
            type: text(AMQPPropertyFlag.type, properties.type),
            contentType: text(AMQPPropertyFlag.contentType, properties.content_type),
            timestamp: properties._flags & AMQPPropertyFlag.timestamp != 0
                ? Date(timeIntervalSince1970: TimeInterval(properties.timestamp)) : nil,
            headers: properties._flags & AMQPPropertyFlag.headers != 0 ? properties.headers.headers : [:],
            body: body)
    }
}
