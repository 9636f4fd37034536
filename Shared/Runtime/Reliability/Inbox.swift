import Storage

/// Processed message ids, per consumer: recorded in the same transaction as
/// the message's effects, so a redelivered message changes nothing.
public enum Inbox {
    /// True the first time this consumer sees the id; false for a redelivery.
    public static func claim(consumer: String, messageId: String, on connection: PostgresConnection) throws
        -> Bool
    {
        let result = try connection.execute(
            "INSERT INTO inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            [consumer, messageId])
        return result.affectedRows == 1
    }
}
