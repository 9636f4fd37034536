import CaseModel
import Contracts
import Foundation
import Logging
import Messaging
import Metrics
import Storage

/// The backbone every service shares: consume → one transaction (inbox check +
/// the handler's changes + outbox rows) → commit → ack.
///
/// - A message that breaks the contract is published to `onedoor.dead-letters`
///   with the reason in its headers, then acked: it never blocks the queue.
/// - A transient failure (database down) is retried with back-off and requeued,
///   never dead-lettered.
/// - A crash between commit and ack redelivers the message; the inbox makes
///   that redelivery a no-op.
public final class ConsumerLoop: Sendable {
    public let name: String
    let queues: [String]
    let handler: any MessageHandler
    let configuration: ServiceConfiguration
    let topology: Topology
    let health: Health
    let logger: Logger

    public init(
        name: String, queues: [String], handler: any MessageHandler, configuration: ServiceConfiguration,
        topology: Topology, health: Health, logger: Logger
    ) {
        self.name = name
        self.queues = queues
        self.handler = handler
        self.configuration = configuration
        self.topology = topology
        self.health = health
        var logger = logger
        logger[metadataKey: "consumer"] = "\(name)"
        self.logger = logger
    }

    public var service: BlockingLoop {
        BlockingLoop(name: "consumer-\(name)") { stop in self.run(until: stop) }
    }

    /// What one connection's worth of state holds; dropped wholesale when broken.
    final class Session {
        let consumer: Consumer
        let deadLetters: ConfirmingPublisher
        init(consumer: Consumer, deadLetters: ConfirmingPublisher) {
            self.consumer = consumer
            self.deadLetters = deadLetters
        }
    }

    func run(until stop: StopFlag) {
        health.set("consumer.\(name)", up: false)
        var session: Session?
        var database: PostgresConnection?
        var reconnect = Backoff(cap: 15)
        var transient = Backoff(cap: 5)
        while !stop.isRaised {
            do {
                if session == nil || session!.consumer.connection.isBroken {
                    session = nil
                    let amqp = try configuration.amqp()
                    session = Session(
                        consumer: try Consumer(
                            amqp, queues: queues, prefetch: configuration.prefetch, declaring: topology),
                        deadLetters: try ConfirmingPublisher(amqp, window: 64))
                    health.set("consumer.\(name)", up: true)
                    reconnect.reset()
                    logger.info("consuming", metadata: ["queues": "\(queues.joined(separator: ","))"])
                }
                guard let delivery = try session!.consumer.next(timeout: configuration.consumeTimeout) else {
                    continue
                }
                try process(delivery, session!, &database, &transient, stop)
            } catch {
                session = nil
                health.set("consumer.\(name)", up: false)
                let delay = reconnect.step()
                logger.warning(
                    "broker connection failed; reconnecting",
                    metadata: ["error": "\(error)", "retryInSeconds": "\(delay)"])
                stop.sleep(delay)
            }
        }
        logger.info("consumer stopped")
    }

    /// Handles one delivery to its end: acked after commit, dead-lettered, or requeued.
    func process(
        _ delivery: Delivery, _ session: Session, _ database: inout PostgresConnection?,
        _ transient: inout Backoff,
        _ stop: StopFlag
    ) throws {
        guard let messageId = delivery.messageId, !messageId.isEmpty else {
            return try deadLetter(delivery, reason: "missing message_id property", session)
        }
        do {
            if database == nil { database = try PostgresConnection(conninfo: configuration.postgresURL) }
            let fresh = try database!.transaction { transaction in
                guard try Inbox.claim(consumer: name, messageId: messageId, on: transaction) else {
                    return false
                }
                try handler.handle(delivery, in: transaction)
                return true
            }
            FaultInjection.crashIfRequested(configuration.fault, point: "crash-after-commit:\(name)")
            try session.consumer.ack(delivery.deliveryTag)
            transient.reset()
            health.set("database", up: true)
            Counter(label: "onedoor_messages_processed_total", dimensions: [("consumer", name)]).increment()
            if !fresh {
                Counter(label: "onedoor_messages_duplicate_total", dimensions: [("consumer", name)])
                    .increment()
                logger.debug("duplicate delivery ignored", metadata: ["messageId": "\(messageId)"])
            }
        } catch let error as PostgresError where error.isTransient {
            if error.kind == .connection { database = nil }
            health.set("database", up: false)
            let delay = transient.step()
            logger.warning(
                "transient failure; message requeued",
                metadata: ["messageId": "\(messageId)", "error": "\(error)", "retryInSeconds": "\(delay)"])
            stop.sleep(delay)
            try session.consumer.reject(delivery.deliveryTag, requeue: true)
        } catch let error as AMQPError {
            throw error
        } catch let error as ContractViolation {
            try deadLetter(delivery, reason: error.reason, session)
        } catch let error as IllegalTransition {
            try deadLetter(delivery, reason: "illegal transition: \(error)", session)
        } catch let error as DecodingError {
            try deadLetter(delivery, reason: "invalid body: \(DecodingProblem.describe(error))", session)
        } catch {
            // Deterministic failures (constraint violations and the like) would fail again: park them.
            try deadLetter(delivery, reason: "\(error)", session)
        }
    }

    /// Publishes the message, unchanged but for its reason headers, to the
    /// dead-letter exchange; acks the original only once the broker confirmed.
    func deadLetter(_ delivery: Delivery, reason: String, _ session: Session) throws {
        var headers = delivery.headers
        headers[DeadLetterHeaders.reason] = .string(reason)
        headers[DeadLetterHeaders.originalExchange] = .string(delivery.exchange)
        headers[DeadLetterHeaders.originalRoutingKey] = .string(delivery.routingKey)
        headers[DeadLetterHeaders.queue] = .string(queues.count == 1 ? queues[0] : delivery.routingKey)
        headers[DeadLetterHeaders.consumer] = .string(name)
        headers[DeadLetterHeaders.deadLetteredAt] = .string(ISO8601DateFormatter().string(from: Date()))
        let message = OutgoingMessage(
            exchange: Exchanges.deadLetter, routingKey: delivery.routingKey,
            messageId: delivery.messageId ?? "dead-letter-\(UUID().uuidString.lowercased())",
            type: delivery.type ?? "unknown", body: delivery.body, headers: headers,
            contentType: delivery.contentType ?? "application/octet-stream",
            timestamp: delivery.timestamp ?? Date())
        let outcome = try session.deadLetters.publish([message])
        guard outcome == [.confirmed] else {
            throw AMQPError("dead-letter", "broker did not take the dead letter: \(outcome)")
        }
        try session.consumer.ack(delivery.deliveryTag)
        Counter(label: "onedoor_messages_dead_lettered_total", dimensions: [("consumer", name)]).increment()
        logger.error(
            "message dead-lettered",
            metadata: ["messageId": "\(delivery.messageId ?? "-")", "reason": "\(reason)"])
    }
}
