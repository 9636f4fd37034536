import Foundation
import Logging
import Messaging
import Metrics
import Storage

/// The backbone every service shares: consume → one transaction (inbox check +
/// the handler's changes + outbox rows, for each message of a batch) → commit → ack.
///
/// - A message that breaks the contract is published to `onedoor.dead-letters`
///   with the reason in its headers, then acked: it never blocks the queue.
/// - A transient failure (database down) holds the batch and retries it with back-off:
///   never requeued, never dead-lettered.
/// - A crash between commit and ack redelivers the message; the inbox makes
///   that redelivery a no-op.
public final class ConsumerLoop: Sendable {
    public let name: String
    let queues: [String]
    let handler: any MessageHandler
    let configuration: BackboneConfiguration
    let topology: Topology
    let health: Health
    let logger: Logger
    /// Seals dead-letter bodies that carry personal data (nil: they stay as they came).
    let seal: PersonalDataSeal?
    /// The dead-letter reason of a refusal the backbone does not know (the domain's), or nil.
    let describeRefusal: @Sendable (any Error) -> String?

    public init(
        name: String, queues: [String], handler: any MessageHandler, configuration: BackboneConfiguration,
        topology: Topology, health: Health, logger: Logger, seal: PersonalDataSeal? = nil,
        describeRefusal: @escaping @Sendable (any Error) -> String? = { _ in nil }
    ) {
        self.seal = seal
        self.describeRefusal = describeRefusal
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
        /// Replaced when the broker dropped it (it is idle most of the time).
        var deadLetters: ConfirmingPublisher
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
        var flapping = FlapDetector()
        while !stop.isRaised {
            do {
                if session == nil || session!.consumer.connection.isBroken {
                    session = nil
                    let amqp = try configuration.amqp()
                    session = Session(
                        consumer: try Consumer(
                            amqp, queues: queues, prefetch: configuration.prefetch, declaring: topology),
                        deadLetters: try ConfirmingPublisher(amqp, window: 64))
                    reconnect.reset()
                    logger.info("consuming", metadata: ["queues": "\(queues.joined(separator: ","))"])
                }
                // Connected is not enough: a consumer that keeps losing its connection is down.
                health.set("consumer.\(name)", up: !flapping.isFlapping())
                guard let first = try session!.consumer.next(timeout: configuration.consumeTimeout) else {
                    try session!.deadLetters.connection.keepAlive()
                    continue
                }
                // Whatever else has already arrived joins the batch (at most the prefetch window).
                var batch = [first]
                while batch.count < Int(configuration.prefetch),
                    let more = try session!.consumer.next(timeout: 0)
                {
                    batch.append(more)
                }
                try process(batch, session!, &database, &transient, stop)
            } catch {
                session = nil
                flapping.record()
                health.set("consumer.\(name)", up: false)
                Counter(label: "onedoor_consumer_reconnects_total", dimensions: [("consumer", name)])
                    .increment()
                let delay = reconnect.step()
                logger.warning(
                    "broker connection failed; reconnecting",
                    metadata: ["error": "\(error)", "retryInSeconds": "\(delay)"])
                stop.sleep(delay)
            }
        }
        logger.info("consumer stopped")
    }

    /// Handles a batch of deliveries to their end in one transaction (one commit,
    /// one fsync, for many messages). A refused message is rolled back alone and
    /// dead-lettered after the commit; the others are acked after the commit. A
    /// transient failure requeues the whole batch.
    func process(
        _ batch: [Delivery], _ session: Session, _ database: inout PostgresConnection?,
        _ transient: inout Backoff,
        _ stop: StopFlag
    ) throws {
        var deliveries = try admissible(batch, session)
        guard !deliveries.isEmpty else { return }
        var outcome = Outcome()
        while true {
            do {
                if database == nil { database = try PostgresConnection(conninfo: configuration.postgresURL) }
                // Optimistic first: no savepoints, two round trips fewer per message. If one
                // message is refused, the batch is rolled back and run again, each message in a
                // savepoint of its own.
                do {
                    outcome = try database!.transaction { try handle(deliveries, isolated: false, on: $0) }
                } catch is RefusedInBatch {
                    outcome = try database!.transaction { try handle(deliveries, isolated: true, on: $0) }
                }
                break
            } catch let error as PostgresError where error.isTransient {
                // Held, not requeued: a requeue counts against the queue's delivery limit, and a
                // database outage must not turn good messages into dead letters.
                if error.kind == .connection { database = nil }
                health.set("database", up: false)
                let delay = transient.step()
                logger.warning(
                    "transient failure; messages held and retried",
                    metadata: [
                        "messageId": "\(deliveries.map { $0.messageId ?? "-" }.joined(separator: ","))",
                        "error": "\(error)", "retryInSeconds": "\(delay)",
                    ])
                deliveries += try admissible(try wait(delay, servicing: session, stop), session)
                if stop.isRaised {
                    for delivery in deliveries {
                        try session.consumer.reject(delivery.deliveryTag, requeue: true)
                    }
                    return
                }
            }
        }
        FaultInjection.crashIfRequested(configuration.fault, point: "crash-after-commit:\(name)")
        let refused = outcome.refused
        for delivery in deliveries {
            if let reason = refused[delivery.deliveryTag] {
                try deadLetter(delivery, reason: reason, session)
            }
        }
        // The refused ones are acked once dead-lettered; one ack covers the rest (tags rise).
        if let last = deliveries.map(\.deliveryTag).filter({ refused[$0] == nil }).max() {
            try session.consumer.ack(last, multiple: true)
        }
        transient.reset()
        health.set("database", up: true)
        let duplicates = outcome.duplicates
        let processed = deliveries.count - refused.count
        Counter(label: "onedoor_messages_processed_total", dimensions: [("consumer", name)]).increment(
            by: processed)
        if duplicates > 0 {
            Counter(label: "onedoor_messages_duplicate_total", dimensions: [("consumer", name)])
                .increment(by: duplicates)
            logger.debug("duplicate deliveries ignored", metadata: ["count": "\(duplicates)"])
        }
    }

    /// The deliveries that can be handled; one without a message id is dead-lettered at once.
    func admissible(_ batch: [Delivery], _ session: Session) throws -> [Delivery] {
        var deliveries: [Delivery] = []
        for delivery in batch {
            if delivery.messageId?.isEmpty ?? true {
                try deadLetter(delivery, reason: "missing message_id property", session)
            } else {
                deliveries.append(delivery)
            }
        }
        return deliveries
    }

    /// Waits `seconds` while keeping the broker connection serviced (heartbeats flow only while
    /// the library reads); what arrives meanwhile (at most the prefetch window) is returned.
    func wait(_ seconds: TimeInterval, servicing session: Session, _ stop: StopFlag) throws -> [Delivery] {
        let deadline = Date().addingTimeInterval(seconds)
        var arrived: [Delivery] = []
        while !stop.isRaised, case let left = deadline.timeIntervalSinceNow, left > 0 {
            if let delivery = try session.consumer.next(timeout: min(left, configuration.consumeTimeout)) {
                arrived.append(delivery)
            }
            try session.deadLetters.connection.keepAlive()
        }
        return arrived
    }

    struct Outcome {
        var refused: [UInt64: String] = [:]
        var duplicates = 0
    }

    /// A message of an optimistic batch was refused: run the batch again, isolated.
    struct RefusedInBatch: Error {}

    /// Handles each delivery in the transaction, claiming its message id first (a
    /// redelivery changes nothing). `isolated`: each in a savepoint, so a refused one
    /// is undone alone; otherwise a refusal throws `RefusedInBatch`.
    func handle(_ deliveries: [Delivery], isolated: Bool, on transaction: PostgresConnection) throws
        -> Outcome
    {
        var outcome = Outcome()
        for delivery in deliveries {
            if isolated { try transaction.execute("SAVEPOINT message") }
            do {
                if try Inbox.claim(
                    consumer: name, sender: handler.sender(of: delivery), messageId: delivery.messageId!,
                    body: delivery.body, on: transaction)
                {
                    try handler.handle(delivery, in: transaction)
                } else {
                    outcome.duplicates += 1
                }
                if isolated { try transaction.execute("RELEASE SAVEPOINT message") }
            } catch let error as PostgresError where error.isTransient {
                throw error
            } catch {
                guard isolated else { throw RefusedInBatch() }
                try transaction.execute("ROLLBACK TO SAVEPOINT message")
                try transaction.execute("RELEASE SAVEPOINT message")
                outcome.refused[delivery.deliveryTag] = reason(for: error)
            }
        }
        return outcome
    }

    /// Why a message is refused for good (all but transient database errors).
    func reason(for error: any Error) -> String {
        switch error {
        case let violation as ContractViolation: violation.reason
        case let decoding as DecodingError: "invalid body: \(DecodingProblem.describe(decoding))"
        // The domain's refusals, in the words the host gives them; other deterministic failures
        // (constraint violations and the like) would fail again: park them too.
        default: describeRefusal(error) ?? "\(error)"
        }
    }

    /// Publishes the message, unchanged but for its reason headers (bounded copies of the
    /// originals), to the dead-letter exchange; acks the original only once the broker confirmed.
    /// If the broker refuses that form, a fresh connection publishes the minimal one.
    func deadLetter(_ delivery: Delivery, reason: String, _ session: Session) throws {
        let queue = queues.count == 1 ? queues[0] : delivery.routingKey
        let full = try DeadLetter.sealed(
            DeadLetter.full(delivery, reason: reason, queue: queue, consumer: name), by: seal)
        do {
            if session.deadLetters.connection.isBroken {
                session.deadLetters = try ConfirmingPublisher(try configuration.amqp(), window: 64)
            }
            try publishConfirmed(full, on: session.deadLetters)
        } catch {
            // The broker refused this form (or dropped the connection): a fresh connection takes
            // the minimal one, which is small whatever the message carried.
            logger.warning(
                "dead letter refused in full; publishing its minimal form", metadata: ["error": "\(error)"])
            session.deadLetters = try ConfirmingPublisher(try configuration.amqp(), window: 64)
            try publishConfirmed(
                try DeadLetter.sealed(
                    DeadLetter.minimal(delivery, reason: reason, queue: queue, consumer: name), by: seal),
                on: session.deadLetters)
        }
        try session.consumer.ack(delivery.deliveryTag)
        Counter(label: "onedoor_messages_dead_lettered_total", dimensions: [("consumer", name)]).increment()
        logger.error(
            "message dead-lettered",
            metadata: [
                "messageId": "\(DeadLetter.reason(delivery.messageId ?? "-"))",
                "reason": "\(DeadLetter.reason(reason))",
            ])
    }

    func publishConfirmed(_ message: OutgoingMessage, on publisher: ConfirmingPublisher) throws {
        let outcome = try publisher.publish([message])
        guard outcome == [.confirmed] else {
            throw AMQPError("dead-letter", "broker did not take the dead letter: \(outcome)")
        }
    }
}

/// A consumer that lost its broker connection 3 times within a minute is reported down
/// (`/healthz` names it) until a minute passes without a loss.
struct FlapDetector {
    var losses: [Date] = []
    let window: TimeInterval = 60
    let threshold = 3

    mutating func record(at time: Date = Date()) {
        losses.append(time)
        losses.removeAll { time.timeIntervalSince($0) > window }
    }

    mutating func isFlapping(at time: Date = Date()) -> Bool {
        losses.removeAll { time.timeIntervalSince($0) > window }
        return losses.count >= threshold
    }
}
