import CAMQPShim
import CRabbitMQ
import Foundation

/// One rabbitmq-c connection with one channel. Blocking, and owned by one
/// thread: never share it. Publishing and consuming each get their own.
public final class AMQPConnection {
    public let configuration: AMQPConfiguration
    let state: amqp_connection_state_t
    let channel: amqp_channel_t = 1
    /// Set once the broker or the socket closed on us; the owner must reconnect.
    public private(set) var isBroken = false

    /// Opens the socket (with the configured timeout), logs in and opens channel 1.
    public init(_ configuration: AMQPConfiguration) throws {
        self.configuration = configuration
        guard let state = amqp_new_connection() else { throw AMQPError("connect", "out of memory") }
        self.state = state
        do {
            guard let socket = amqp_tcp_socket_new(state) else {
                throw AMQPError("connect", "cannot create socket")
            }
            var timeout = timeval(seconds: configuration.connectTimeout)
            let opened = amqp_socket_open_noblock(
                socket, configuration.host, Int32(configuration.port), &timeout)
            guard opened == AMQP_STATUS_OK.rawValue else {
                throw AMQPError(
                    "connect to \(configuration.host):\(configuration.port)",
                    String(cString: amqp_error_string2(opened)))
            }
            amqp_set_rpc_timeout(state, &timeout)
            try check(
                onedoor_amqp_login_plain(
                    state, configuration.virtualHost, 0, 131_072, Int32(configuration.heartbeat),
                    configuration.user,
                    configuration.password), "login")
            amqp_channel_open(state, channel)
            try check(amqp_get_rpc_reply(state), "channel.open")
        } catch {
            // deinit still runs (every property is set): it must only destroy, not close.
            isBroken = true
            throw error
        }
    }

    deinit {
        if !isBroken {
            amqp_channel_close(state, channel, Int32(AMQP_REPLY_SUCCESS))
            amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
        }
        amqp_destroy_connection(state)
    }

    /// Declares exchanges, queues and bindings; declaring what exists with the same arguments is a no-op.
    /// Expected exchanges are checked first: a missing one is an error naming it.
    public func declare(_ topology: Topology) throws {
        for name in topology.expectedExchanges {
            let arena = CArena()
            amqp_exchange_declare(
                state, channel, arena.bytes(name), arena.bytes("topic"), 1, 0, 0, 0, amqp_empty_table)
            do {
                try check(amqp_get_rpc_reply(state), "exchange.declare (passive) \(name)")
            } catch let error as AMQPError where error.replyCode == 404 {
                throw AMQPError(
                    error.context, replyCode: 404,
                    "\(error.replyText): provision the broker first (onedoor-admin reference apply declares the topology)"
                )
            }
        }
        for exchange in topology.exchanges {
            let arena = CArena()
            amqp_exchange_declare(
                state, channel, arena.bytes(exchange.name), arena.bytes(exchange.kind.rawValue), 0, 1, 0, 0,
                amqp_empty_table)
            try check(amqp_get_rpc_reply(state), "exchange.declare \(exchange.name)")
        }
        for queue in topology.queues {
            let arena = CArena()
            var arguments: [(String, HeaderValue)] = []
            if queue.quorum { arguments.append(("x-queue-type", .string("quorum"))) }
            if let deadLetters = queue.deadLetterExchange {
                arguments.append(("x-dead-letter-exchange", .string(deadLetters)))
            }
            amqp_queue_declare(state, channel, arena.bytes(queue.name), 0, 1, 0, 0, arena.table(arguments))
            try check(amqp_get_rpc_reply(state), "queue.declare \(queue.name)")
        }
        for binding in topology.bindings {
            let arena = CArena()
            amqp_queue_bind(
                state, channel, arena.bytes(binding.queue), arena.bytes(binding.exchange),
                arena.bytes(binding.routingKey), amqp_empty_table)
            try check(amqp_get_rpc_reply(state), "queue.bind \(binding.queue)")
        }
    }

    /// The number of ready messages in a queue (passive declare).
    public func messageCount(queue: String) throws -> Int {
        let arena = CArena()
        let ok = amqp_queue_declare(state, channel, arena.bytes(queue), 1, 0, 0, 0, amqp_empty_table)
        try check(amqp_get_rpc_reply(state), "queue.declare (passive) \(queue)")
        return Int(ok?.pointee.message_count ?? 0)
    }

    /// Takes one message from a queue (basic.get), or nil when it is empty. With
    /// `acknowledge: false` the message stays unacked until `ack`/`reject` on this connection.
    public func get(queue: String, acknowledge: Bool = true) throws -> Delivery? {
        let arena = CArena()
        let reply = amqp_basic_get(state, channel, arena.bytes(queue), acknowledge ? 1 : 0)
        try check(reply, "basic.get \(queue)")
        guard reply.reply.id == AMQPMethod.basicGetOk else { return nil }
        let ok = reply.reply.decoded.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
        var message = amqp_message_t()
        defer { amqp_destroy_message(&message) }
        try check(amqp_read_message(state, channel, &message, 0), "read message")
        return Delivery(
            deliveryTag: ok.delivery_tag, redelivered: ok.redelivered != 0, exchange: ok.exchange.string,
            routingKey: ok.routing_key.string, properties: message.properties, body: message.body.array)
    }

    /// Acknowledges a delivery received on this connection (by `get` or a consumer);
    /// `multiple`: every unacked one up to it too.
    public func ack(_ deliveryTag: UInt64, multiple: Bool = false) throws {
        try checkStatus(amqp_basic_ack(state, channel, deliveryTag, multiple ? 1 : 0), "basic.ack")
    }

    /// Gives a delivery back: requeued for another try, or dead-lettered by the broker.
    public func reject(_ deliveryTag: UInt64, requeue: Bool) throws {
        try checkStatus(amqp_basic_nack(state, channel, deliveryTag, 0, requeue ? 1 : 0), "basic.nack")
    }

    func checkStatus(_ status: Int32, _ context: String) throws {
        guard status == AMQP_STATUS_OK.rawValue else {
            markBroken()
            throw AMQPError(context, String(cString: amqp_error_string2(status)))
        }
    }

    /// Deletes a queue and its messages (for scratch queues such as a benchmark's).
    public func delete(queue: String) throws {
        let arena = CArena()
        amqp_queue_delete(state, channel, arena.bytes(queue), 0, 0)
        try check(amqp_get_rpc_reply(state), "queue.delete \(queue)")
    }

    /// Removes every ready message from a queue; returns how many.
    @discardableResult
    public func purge(queue: String) throws -> Int {
        let arena = CArena()
        let ok = amqp_queue_purge(state, channel, arena.bytes(queue))
        try check(amqp_get_rpc_reply(state), "queue.purge \(queue)")
        return Int(ok?.pointee.message_count ?? 0)
    }

    /// Turns an RPC reply into an error carrying the broker's reply code and text.
    func check(_ reply: amqp_rpc_reply_t, _ context: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            isBroken = true
            throw AMQPError(context, String(cString: amqp_error_string2(reply.library_error)))
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            throw closeError(method: reply.reply, context: context)
        default:
            isBroken = true
            throw AMQPError(context, "no reply from the broker")
        }
    }

    /// Builds the error for a connection.close or channel.close from the broker.
    /// Either way this connection is done: we use one channel per connection.
    func closeError(method: amqp_method_t, context: String) -> AMQPError {
        isBroken = true
        switch method.id {
        case AMQPMethod.connectionClose:
            let close = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            return AMQPError(context, replyCode: Int(close.reply_code), close.reply_text.string)
        case AMQPMethod.channelClose:
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            return AMQPError(context, replyCode: Int(close.reply_code), close.reply_text.string)
        default:
            return AMQPError(context, "unexpected method 0x\(String(method.id, radix: 16))")
        }
    }

    /// Reads one frame, waiting at most `timeout`; nil on timeout.
    func waitFrame(timeout: TimeInterval) throws -> amqp_frame_t? {
        var frame = amqp_frame_t()
        var wait = timeval(seconds: timeout)
        let status = amqp_simple_wait_frame_noblock(state, &frame, &wait)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        guard status == AMQP_STATUS_OK.rawValue else {
            isBroken = true
            throw AMQPError("wait for frame", String(cString: amqp_error_string2(status)))
        }
        return frame
    }

    func markBroken() { isBroken = true }

    /// Services the connection while it has nothing to send: rabbitmq-c sends and checks
    /// heartbeats only inside its own calls, so an idle publisher would otherwise be dropped by
    /// the broker for missed heartbeats and fail at its next publish. Throws if the broker closed it.
    public func keepAlive() throws {
        guard let frame = try waitFrame(timeout: 0), frame.frame_type == UInt8(AMQP_FRAME_METHOD) else {
            return
        }
        if [AMQPMethod.channelClose, AMQPMethod.connectionClose].contains(frame.payload.method.id) {
            throw closeError(method: frame.payload.method, context: "keep-alive")
        }
    }
}

extension timeval {
    init(seconds: TimeInterval) {
        let whole = Int(seconds)
        self.init(tv_sec: whole, tv_usec: Int((seconds - Double(whole)) * 1_000_000))
    }
}
