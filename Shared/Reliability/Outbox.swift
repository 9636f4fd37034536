import Foundation
import Messaging
import Storage

/// Messages to publish, recorded in the same transaction as the change they
/// announce; a relay (OutboxRelay) publishes them with confirms afterwards.
public enum Outbox {
    /// `sealedBy`: the body carries personal data (a work order's petitioner) and is stored
    /// sealed; the producer's relay opens it when it publishes.
    public static func enqueue(
        producer: String, exchange: String, routingKey: String, type: String, body: some Encodable,
        messageId: String = UUID().uuidString.lowercased(), sealedBy seal: PersonalDataSeal? = nil,
        on connection: PostgresConnection
    ) throws {
        let json = String(decoding: try ContractCoding.encode(body), as: UTF8.self)
        let stored = try seal.map { try $0.seal(json) } ?? json
        try connection.execute(
            """
            INSERT INTO outbox (producer, exchange, routing_key, message_id, message_type, body, sealed)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [producer, exchange, routingKey, messageId, type, stored, seal != nil])
        connection.afterCommit { OutboxSignal.shared.raise() }
    }
}
