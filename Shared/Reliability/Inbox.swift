import Storage

/// Processed message ids, per consumer and sender: recorded in the same transaction as
/// the message's effects, so a redelivered message changes nothing. The body's hash tells a
/// redelivery from a sender reusing an id for another message, which is refused, never dropped.
public enum Inbox {
    /// True the first time this consumer sees the id from this sender; false for a redelivery
    /// (same body). Throws `ContractViolation` for a reused id with a different body.
    public static func claim(
        consumer: String, sender: String, messageId: String, body: [UInt8], on connection: PostgresConnection
    ) throws -> Bool {
        let bytes = hexLiteral(body)
        let claimed = try connection.execute(
            """
            WITH hash AS (SELECT encode(sha256($4::bytea), 'hex') AS value),
            claimed AS (
              INSERT INTO inbox (consumer, sender, message_id, body_hash) SELECT $1, $2, $3, value FROM hash
              ON CONFLICT DO NOTHING RETURNING true AS first
            )
            SELECT coalesce((SELECT first FROM claimed), false) AS first,
                   coalesce((SELECT i.body_hash IS NULL OR i.body_hash = h.value FROM inbox i, hash h
                             WHERE i.consumer = $1 AND i.sender = $2 AND i.message_id = $3), true) AS same
            """, [consumer, sender, messageId, bytes]
        ).first!
        if try claimed.decode("first", as: Bool.self) { return true }
        guard try claimed.decode("same", as: Bool.self) else {
            throw ContractViolation("message id reused with a different body")
        }
        return false
    }

    /// `\\x…`: bytea's hex input form.
    static func hexLiteral(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
