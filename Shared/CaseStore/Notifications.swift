import Foundation
import Storage

/// `notifications`: 通知记录, the messages to a petitioner and what became of them. The notifier
/// writes them; staff read them on the case (template, time, outcome — never the text).
public enum Notifications {
    /// One record, as staff see it.
    public struct Record: Codable, Sendable, Equatable {
        public let id: String
        public let caseNumber: String
        public let moment: String
        public let template: String
        public let language: String
        public let status: String
        public let attempts: Int
        public let createdAt: Date
        public let acceptedAt: Date?
        public let deliveredAt: Date?
        public let failedAt: Date?
        public let lastError: String?
    }

    /// A message due to be sent, with what fills its template.
    public struct Due: Sendable {
        public let id: String
        public let caseId: String
        public let template: String
        public let language: String
        public let parameters: [String: String]
        public let sealedParameters: String?
        public let sealedPhone: String
        public let attempts: Int
    }

    /// Records a message for the moment `moment` of the event `sourceMessageId`; a second record
    /// for the same event and moment is not made (a redelivered event tells nothing twice).
    public static func record(
        caseId: String, sourceMessageId: String, moment: String, template: String, language: String,
        parameters: [String: String], sealedParameters: String?, required: Bool, skipped: Bool,
        on connection: PostgresConnection
    ) throws {
        let json = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
        try connection.execute(
            """
            INSERT INTO notifications (case_id, source_message_id, moment, template, language, parameters,
                sealed_parameters, required, status, last_error)
            VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
            ON CONFLICT (source_message_id, moment) DO NOTHING
            """,
            [
                caseId, sourceMessageId, moment, template, language, json, sealedParameters, required,
                skipped ? "skipped" : "pending", skipped ? "the petitioner opted out of messages" : nil,
            ])
    }

    /// Locks the next message due (others' locks skipped), or nil.
    public static func lockNextDue(on connection: PostgresConnection) throws -> Due? {
        guard
            let row = try connection.execute(
                """
                SELECT n.id::text AS id, n.case_id::text AS case_id, n.template, n.language,
                       n.parameters::text AS parameters, n.sealed_parameters, n.attempts, c.petitioner_phone
                FROM notifications n JOIN cases c ON c.id = n.case_id
                WHERE n.status = 'pending' AND n.next_attempt_at <= now()
                ORDER BY n.next_attempt_at LIMIT 1
                FOR UPDATE OF n SKIP LOCKED
                """
            ).first
        else { return nil }
        let parameters = try JSONDecoder().decode(
            [String: String].self, from: Data(try row.decode("parameters", as: String.self).utf8))
        return Due(
            id: try row.decode("id"), caseId: try row.decode("case_id"), template: try row.decode("template"),
            language: try row.decode("language"), parameters: parameters,
            sealedParameters: try row.decodeIfPresent("sealed_parameters"),
            sealedPhone: try row.decode("petitioner_phone"), attempts: try row.decode("attempts"))
    }

    /// The provider took it (`reference`: its id for the message).
    public static func markAccepted(_ id: String, reference: String?, on connection: PostgresConnection)
        throws
    {
        try connection.execute(
            """
            UPDATE notifications SET status = 'accepted', accepted_at = now(), attempts = attempts + 1,
                provider_reference = coalesce($2, provider_reference), last_error = NULL
            WHERE id = $1::uuid AND status = 'pending'
            """, [id, reference])
    }

    /// A try failed: tried again after `retryIn` seconds, or given up (flagged to staff) when nil.
    public static func markAttemptFailed(
        _ id: String, error: String, retryIn: TimeInterval?, on connection: PostgresConnection
    ) throws {
        try connection.execute(
            """
            UPDATE notifications SET attempts = attempts + 1, last_error = left($2, 500),
                status = CASE WHEN $3::float8 IS NULL THEN 'failed' ELSE status END,
                failed_at = CASE WHEN $3::float8 IS NULL THEN now() ELSE failed_at END,
                next_attempt_at = now() + make_interval(secs => coalesce($3::float8, 0))
            WHERE id = $1::uuid
            """, [id, error, retryIn.map { Double($0) }])
    }

    /// Not tried now (the provider's circuit is open): due again after `seconds`, no try counted.
    public static func postpone(_ id: String, seconds: TimeInterval, on connection: PostgresConnection) throws
    {
        try connection.execute(
            "UPDATE notifications SET next_attempt_at = now() + make_interval(secs => $2) WHERE id = $1::uuid",
            [id, Double(seconds)])
    }

    /// What the provider's callback reports; returns false when there is no such message.
    /// An outcome never goes back: a delivered message stays delivered.
    public static func recordOutcome(
        _ id: String, outcome: String, reference: String?, error: String?, on connection: PostgresConnection
    ) throws -> Bool {
        guard UUID(uuidString: id) != nil else { return false }
        let found = try connection.execute(
            """
            UPDATE notifications SET
                status = CASE
                    WHEN status = 'delivered' THEN status
                    WHEN $2 = 'delivered' THEN 'delivered'
                    WHEN $2 = 'failed' THEN 'failed'
                    WHEN status = 'pending' THEN 'accepted'
                    ELSE status END,
                accepted_at = coalesce(accepted_at, now()),
                delivered_at = CASE WHEN $2 = 'delivered' THEN coalesce(delivered_at, now()) ELSE delivered_at END,
                failed_at = CASE WHEN $2 = 'failed' AND status <> 'delivered' THEN now() ELSE failed_at END,
                provider_reference = coalesce($3, provider_reference),
                last_error = CASE WHEN $2 = 'failed' THEN left($4, 500) ELSE last_error END
            WHERE id = $1::uuid
            RETURNING id
            """, [id, outcome, reference, error ?? "reported failed by the provider"]
        )
        return found.first != nil
    }

    static let recordColumns = """
        n.id::text AS id, c.case_number, n.moment, n.template, n.language, n.status, n.attempts,
        n.created_at, n.accepted_at, n.delivered_at, n.failed_at, n.last_error
        """

    /// A case's records, oldest first.
    public static func forCase(caseNumber: String, on connection: PostgresConnection) throws -> [Record] {
        try connection.execute(
            """
            SELECT \(recordColumns) FROM notifications n JOIN cases c ON c.id = n.case_id
            WHERE c.case_number = $1 ORDER BY n.created_at, n.moment
            """, [caseNumber]
        ).rows.map(record)
    }

    /// 通知失败: messages given up on, newest first (in `town`, when given) — the clerk's to call.
    public static func failed(town: String?, limit: Int, on connection: PostgresConnection) throws -> [Record]
    {
        try connection.execute(
            """
            SELECT \(recordColumns) FROM notifications n JOIN cases c ON c.id = n.case_id
            WHERE n.status = 'failed' AND ($1::text IS NULL OR c.location_town = $1)
            ORDER BY n.failed_at DESC LIMIT $2
            """, [town, limit]
        ).rows.map(record)
    }

    /// How many messages are failed (in `town`, when given).
    public static func failedCount(town: String?, on connection: PostgresConnection) throws -> Int {
        try connection.execute(
            """
            SELECT count(*) AS n FROM notifications n JOIN cases c ON c.id = n.case_id
            WHERE n.status = 'failed' AND ($1::text IS NULL OR c.location_town = $1)
            """, [town]
        ).first!.decode("n")
    }

    static func record(_ row: PostgresRow) throws -> Record {
        Record(
            id: try row.decode("id"), caseNumber: try row.decode("case_number"),
            moment: try row.decode("moment"),
            template: try row.decode("template"), language: try row.decode("language"),
            status: try row.decode("status"), attempts: try row.decode("attempts"),
            createdAt: try row.decode("created_at"), acceptedAt: try row.decodeIfPresent("accepted_at"),
            deliveredAt: try row.decodeIfPresent("delivered_at"),
            failedAt: try row.decodeIfPresent("failed_at"),
            lastError: try row.decodeIfPresent("last_error"))
    }
}
