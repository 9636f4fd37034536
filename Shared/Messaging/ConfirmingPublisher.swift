import CRabbitMQ
import Foundation

/// Publishes persistent, mandatory messages on a channel in confirm mode and
/// waits for the broker's verdicts in a pipelined window: many messages are in
/// flight at once, so throughput is not capped by one round trip per message.
public final class ConfirmingPublisher {
    public let connection: AMQPConnection
    /// How many unconfirmed messages may be in flight before we wait for acks.
    public let window: Int
    private var nextTag: UInt64 = 1

    public init(_ configuration: AMQPConfiguration, window: Int = 1000) throws {
        connection = try AMQPConnection(configuration)
        self.window = window
        amqp_confirm_select(connection.state, connection.channel)
        try connection.check(amqp_get_rpc_reply(connection.state), "confirm.select")
    }

    /// Publishes all messages and returns one outcome each, in order. Throws if
    /// the connection fails or the broker does not confirm within `timeout`;
    /// then nothing may be assumed about the messages, and the caller retries.
    public func publish(_ messages: [OutgoingMessage], timeout: TimeInterval = 30) throws -> [PublishOutcome]
    {
        var outcomes = [PublishOutcome?](repeating: nil, count: messages.count)
        var pending: [UInt64: Int] = [:]  // delivery tag → index
        var indexByMessageId: [String: Int] = [:]
        let deadline = Date().addingTimeInterval(timeout)

        for (index, message) in messages.enumerated() {
            try send(message)
            pending[nextTag] = index
            indexByMessageId[message.messageId] = index
            nextTag += 1
            while pending.count >= window {
                try awaitVerdicts(&pending, &outcomes, indexByMessageId, deadline: deadline)
            }
        }
        while !pending.isEmpty {
            try awaitVerdicts(&pending, &outcomes, indexByMessageId, deadline: deadline)
        }
        return outcomes.map { $0! }
    }

    private func send(_ message: OutgoingMessage) throws {
        let arena = CArena()
        var properties = amqp_basic_properties_t()
        properties._flags =
            AMQPPropertyFlag.contentType | AMQPPropertyFlag.deliveryMode | AMQPPropertyFlag.messageId
            | AMQPPropertyFlag.timestamp | AMQPPropertyFlag.type
        properties.content_type = arena.bytes(message.contentType)
        properties.delivery_mode = 2  // persistent
        properties.message_id = arena.bytes(message.messageId)
        properties.timestamp = UInt64(max(0, message.timestamp.timeIntervalSince1970))
        properties.type = arena.bytes(message.type)
        if !message.headers.isEmpty {
            properties._flags |= AMQPPropertyFlag.headers
            properties.headers = arena.table(message.headers.sorted { $0.key < $1.key })
        }
        let status = amqp_basic_publish(
            connection.state, connection.channel, arena.bytes(message.exchange),
            arena.bytes(message.routingKey),
            1, 0, &properties, arena.bytes(message.body))
        guard status == AMQP_STATUS_OK.rawValue else {
            connection.markBroken()
            throw AMQPError("basic.publish", String(cString: amqp_error_string2(status)))
        }
    }

    private func awaitVerdicts(
        _ pending: inout [UInt64: Int], _ outcomes: inout [PublishOutcome?],
        _ indexByMessageId: [String: Int],
        deadline: Date
    ) throws {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else { throw AMQPError("publish", "no confirm from the broker in time") }
        guard let frame = try connection.waitFrame(timeout: min(remaining, 1)) else { return }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD) else { return }
        let method = frame.payload.method
        switch method.id {
        case AMQPMethod.basicAck, AMQPMethod.basicNack:
            let isAck = method.id == AMQPMethod.basicAck
            let (tag, multiple): (UInt64, Bool)
            if isAck {
                let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
                (tag, multiple) = (ack.delivery_tag, ack.multiple != 0)
            } else {
                let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
                (tag, multiple) = (nack.delivery_tag, nack.multiple != 0)
            }
            let settled = multiple ? pending.keys.filter { $0 <= tag } : [tag]
            for settledTag in settled {
                guard let index = pending.removeValue(forKey: settledTag) else { continue }
                // A returned message is acked after its return: keep the return.
                if outcomes[index] == nil { outcomes[index] = isAck ? .confirmed : .nacked }
            }
        case AMQPMethod.basicReturn:
            let returned = method.decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            var message = amqp_message_t()
            let reply = amqp_read_message(connection.state, frame.channel, &message, 0)
            defer { amqp_destroy_message(&message) }
            try connection.check(reply, "read returned message")
            if let index = indexByMessageId[message.properties.message_id.string] {
                outcomes[index] = .returned(
                    replyCode: Int(returned.reply_code), replyText: returned.reply_text.string)
            }
        case AMQPMethod.channelClose, AMQPMethod.connectionClose:
            throw connection.closeError(method: method, context: "publish")
        default:
            return
        }
    }
}
