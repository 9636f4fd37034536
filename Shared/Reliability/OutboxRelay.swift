import Foundation
import Logging
import Messaging
import Metrics
import Settings
import Storage

/// Publishes a producer's outbox rows with publisher confirms and marks them
/// sent only after the broker acked them. Rows are locked (`SKIP LOCKED`)
/// while in flight, so several replicas never publish the same row at once.
public final class OutboxRelay: Sendable {
    let producer: String
    /// Rows of shared producers this relay publishes too (every relay races for them, each
    /// row locked by the one that takes it): the case steps any service may record.
    let alsoRelaying: [String]
    let configuration: BackboneConfiguration
    let topology: Topology
    let health: Health
    let logger: Logger
    let batchSize: Int
    /// Opens sealed bodies at publish time (nil: this producer writes none).
    let seal: PersonalDataSeal?

    public init(
        producer: String, alsoRelaying: [String] = [], configuration: BackboneConfiguration,
        topology: Topology,
        health: Health, logger: Logger, seal: PersonalDataSeal? = nil,
        batchSize: Int = 500
    ) {
        self.seal = seal
        self.producer = producer
        self.alsoRelaying = alsoRelaying
        self.configuration = configuration
        self.topology = topology
        self.health = health
        self.logger = logger
        self.batchSize = batchSize
    }

    public var service: BlockingLoop {
        BlockingLoop(name: "outbox-relay") { stop in self.run(until: stop) }
    }

    func run(until stop: StopFlag) {
        health.set("outbox", up: false)
        var publisher: ConfirmingPublisher?
        var database: PostgresConnection?
        var backoff = Backoff(cap: 15)
        var backlogMeasured = Date.distantPast
        while !stop.isRaised {
            do {
                if database == nil || !database!.isConnected {
                    database = try PostgresConnection(conninfo: configuration.postgresURL)
                }
                if Date().timeIntervalSince(backlogMeasured) >= 10 {
                    try measureBacklog(database!)
                    backlogMeasured = Date()
                }
                if publisher == nil || publisher!.connection.isBroken {
                    publisher = nil
                    let created = try ConfirmingPublisher(try configuration.amqp())
                    try created.connection.declare(topology)
                    publisher = created
                }
                health.set("outbox", up: true)
                // Taken before the batch: rows committed while it runs wake the next wait.
                let generation = OutboxSignal.shared.generation
                let published = try relayBatch(database!, publisher!)
                backoff.reset()
                if published == 0 {
                    // The timeout is the poll that catches rows written by other processes (replicas).
                    OutboxSignal.shared.wait(after: generation, timeout: 1)
                    try publisher!.connection.keepAlive()
                }
            } catch {
                health.set("outbox", up: false)
                if let error = error as? PostgresError, error.kind == .connection { database = nil }
                if error is AMQPError { publisher = nil }
                let delay = backoff.step()
                logger.warning(
                    "outbox relay failed; retrying",
                    metadata: ["error": "\(error)", "retryInSeconds": "\(delay)"])
                stop.sleep(delay)
            }
        }
        logger.info("outbox relay stopped")
    }

    /// `onedoor_outbox_backlog`: the producer's rows not yet published (an alert watches it grow
    /// when the broker refuses or is away). Counted on the unsent rows' index, every 10 s.
    func measureBacklog(_ database: PostgresConnection) throws {
        let unsent: Int = try database.execute(
            "SELECT count(*) AS n FROM outbox WHERE producer = $1 AND sent_at IS NULL", [producer]
        ).first!.decode("n")
        Gauge(label: "onedoor_outbox_backlog", dimensions: [("producer", producer)]).record(unsent)
    }

    /// Publishes one batch; returns how many rows it settled.
    func relayBatch(_ database: PostgresConnection, _ publisher: ConfirmingPublisher) throws -> Int {
        try database.transaction { transaction in
            let rows = try transaction.execute(
                """
                SELECT id, exchange, routing_key, message_id, message_type, body, sealed, created_at, attempts
                FROM outbox
                WHERE producer = ANY($1::text[]) AND sent_at IS NULL AND next_attempt_at <= now()
                ORDER BY id LIMIT $2
                FOR UPDATE SKIP LOCKED
                """, [PostgresArray.text([producer] + alsoRelaying), batchSize]
            ).rows
            guard !rows.isEmpty else { return 0 }
            let messages = try rows.map { row in
                var body: String = try row.decode("body")
                if try row.decode("sealed", as: Bool.self) {
                    guard let seal else {
                        throw ConfigurationError(
                            "outbox row of \(producer) is sealed: set ONEDOOR_IDENTITY_KEY")
                    }
                    body = try seal.open(body)
                }
                return OutgoingMessage(
                    exchange: try row.decode("exchange"), routingKey: try row.decode("routing_key"),
                    messageId: try row.decode("message_id"), type: try row.decode("message_type"),
                    body: Array(body.utf8), timestamp: try row.decode("created_at"))
            }
            let outcomes = try publisher.publish(messages)
            var sent: [Int64] = []
            for (row, outcome) in zip(rows, outcomes) {
                let id: Int64 = try row.decode("id")
                switch outcome {
                case .confirmed:
                    sent.append(id)
                case .nacked, .returned:
                    // Kept for a later try: a missing queue can be declared, a nack can pass.
                    let attempts: Int = try row.decode("attempts")
                    let delay = min(300, 1 << min(attempts, 8))
                    try transaction.execute(
                        """
                        UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                            next_attempt_at = now() + make_interval(secs => $3)
                        WHERE id = $1
                        """, [id, "\(outcome)", delay])
                    logger.error(
                        "outbox message not accepted by the broker", metadata: ["outcome": "\(outcome)"])
                }
            }
            if !sent.isEmpty {
                let list = "{" + sent.map(String.init).joined(separator: ",") + "}"
                try transaction.execute(
                    "UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])", [list])
                Counter(label: "onedoor_outbox_published_total", dimensions: [("producer", producer)])
                    .increment(by: sent.count)
            }
            return rows.count
        }
    }
}
