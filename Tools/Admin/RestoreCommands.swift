import ArgumentParser
import Contracts
import Foundation
import Messaging
import Reliability
import Storage

/// `onedoor-admin restore …`: the two steps between a point-in-time restore of the database
/// and the services starting on it (deploy/restore, docs/operations.md "Backup and restore").
/// The restored database is the truth; the broker may hold messages from after its time, and
/// may have lost none of what the database thinks it delivered only if that is published again.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "After a point-in-time restore: set the broker's messages aside, publish again what no consumer recorded.",
        subcommands: [SetAside.self, Resend.self])

    /// The topology of the restored database's departments.
    static func topology(_ connection: PostgresConnection) throws -> Topology {
        let codes: [String] = try connection.execute("SELECT code FROM departments ORDER BY code").rows.map {
            try $0.decode("code")
        }
        return Topology.oneDoor(departmentCodes: codes)
    }

    /// 搁置: every message in OneDoor's work queues moves to `onedoor.set-aside`, which nothing
    /// consumes, with the queue, exchange and routing key it came by in its headers (as a dead
    /// letter's: `x-original-queue`, `x-original-exchange`, `x-original-routing-key`). What the
    /// restored database announced is published again from its outbox (`resend`); the rest is
    /// from after the restore point, or from outside systems, for the operator to look at.
    struct SetAside: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-aside",
            abstract: "Move every message in OneDoor's work queues to onedoor.set-aside.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var broker: DeadLetters.BrokerOptions

        func run() throws {
            let topology = try Restore.topology(PostgresConnection(conninfo: database.postgresURL))
            let amqp = try AMQPConfiguration(url: broker.amqpURL)
            let connection = try AMQPConnection(amqp)
            try connection.declare(Topology(queues: [.init(Queues.setAside, quorum: true)]))
            let publisher = try ConfirmingPublisher(amqp)
            var total = 0
            for queue in topology.queues.map(\.name) where queue != Queues.deadLetters {
                var moved = 0
                while true {
                    var batch: [Delivery] = []
                    while batch.count < 200,
                        let delivery = try connection.get(queue: queue, acknowledge: false)
                    {
                        batch.append(delivery)
                    }
                    guard let last = batch.last else { break }
                    let outcomes = try publisher.publish(
                        batch.map { Self.setAside($0, from: queue) }, timeout: 60)
                    // Unconfirmed: the batch stays unacked, and goes back to its queue as the
                    // connection closes.
                    guard outcomes.allSatisfy({ $0 == .confirmed }) else {
                        throw ValidationError("the broker did not confirm the set-aside copies of \(queue)")
                    }
                    try connection.ack(last.deliveryTag, multiple: true)
                    moved += batch.count
                }
                if moved > 0 { print("\(queue): \(moved) message(s) set aside") }
                total += moved
            }
            print("set aside: \(total) message(s) in \(Queues.setAside)")
        }

        static func setAside(_ delivery: Delivery, from queue: String) -> OutgoingMessage {
            var headers = delivery.headers
            // Where it came from, under the names a dead letter's origin has.
            headers[DeadLetterHeaders.queue] = .string(queue)
            headers[DeadLetterHeaders.originalExchange] = .string(delivery.exchange)
            headers[DeadLetterHeaders.originalRoutingKey] = .string(delivery.routingKey)
            return OutgoingMessage(
                exchange: "", routingKey: Queues.setAside, messageId: delivery.messageId ?? "",
                type: delivery.type ?? "", body: delivery.body, headers: headers,
                contentType: delivery.contentType ?? "application/octet-stream",
                timestamp: delivery.timestamp ?? Date())
        }
    }

    /// 重发: an outbox row marked sent is published again when fewer consumers recorded it in
    /// their inbox than there are queues it lands in: the restored database does not know it
    /// was delivered. Repeats are harmless (every consumer's inbox; outside systems keep the
    /// message id, docs/asyncapi.yaml). Rows still unsent go out as always.
    struct Resend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark for publishing again every sent outbox row that not every consumer recorded.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            let topology = try Restore.topology(connection)
            let rows = try connection.execute(
                """
                SELECT o.id, o.exchange, o.routing_key, coalesce(i.consumers, 0) AS consumers
                FROM outbox o
                LEFT JOIN (SELECT message_id, count(DISTINCT consumer) AS consumers FROM inbox GROUP BY message_id) i
                  USING (message_id)
                WHERE o.sent_at IS NOT NULL
                """)
            var again: [Int64] = []
            for row in rows.rows {
                let expected = topology.queues(
                    receiving: try row.decode("routing_key"), from: try row.decode("exchange")
                ).count
                if try row.decode("consumers", as: Int.self) < expected { again.append(try row.decode("id")) }
            }
            var start = again.startIndex
            while start < again.endIndex {
                let chunk = again[start..<min(start + 1000, again.endIndex)]
                _ = try connection.execute(
                    """
                    UPDATE outbox SET sent_at = NULL, attempts = 0, next_attempt_at = now(), last_error = NULL
                    WHERE id IN (\(chunk.map(String.init).joined(separator: ",")))
                    """)
                start = chunk.endIndex
            }
            print("resend: \(again.count) of \(rows.rows.count) sent message(s) will be published again")
        }
    }
}
