import CaseModel
import Foundation
import Storage

/// The `personal_data_reveals` and `case_reads` tables: who opened a petitioner's contact, when
/// and why, and who read which case when (with `attachment_downloads`: who downloaded which file). Written in the same transaction as the reveal, read
/// by an admin (docs/access.md, audit).
public enum AccessAudit {
    /// The petitioner's name and phone (opened with `open`), the reveal recorded with its reason.
    public static func revealContact(
        caseNumber: String, actor: String, reason: String, client: String, open: (String) throws -> String,
        on transaction: PostgresConnection
    ) throws -> (name: String, phone: String) {
        guard
            let row = try transaction.query(
                "SELECT id::text AS id, petitioner_name, petitioner_phone FROM cases WHERE case_number = \(caseNumber)"
            ).first
        else { throw CaseNotFound(reference: caseNumber) }
        let caseId: String = try row.decode("id")
        try transaction.query(
            """
            INSERT INTO personal_data_reveals (case_id, actor, reason, client)
            VALUES (\(caseId)::uuid, \(actor), \(reason), \(client))
            """)
        let phone: String
        do {
            phone = try open(try row.decode("petitioner_phone"))
        } catch {
            // Sealed under another identity key: nothing is revealed, and nothing recorded.
            throw DomainRefusal.conflict(
                "the petitioner's phone of case \(caseNumber) cannot be opened with this deployment's identity key"
            )
        }
        return (try row.decode("petitioner_name"), phone)
    }

    public static func recordRead(
        caseNumber: String, actor: String, client: String, on connection: PostgresConnection
    )
        throws
    {
        try connection.query(
            """
            INSERT INTO case_reads (case_id, actor, client)
            SELECT id, \(actor), \(client) FROM cases WHERE case_number = \(caseNumber)
            """)
    }

    public struct Entry: Codable, Sendable, PostgresRowDecodable {
        /// `reveal`, `read` or `download` (of an attachment, whose name is the reason).
        public let kind: String
        public let caseNumber: String
        public let actor: String
        public let reason: String?
        public let client: String
        public let at: Date
    }

    /// Reveals and reads, newest first, filtered by case number, by the person (a login or an
    /// actor: `lina` matches `clerk:lina` and `department:urban/lina`) and by time.
    public static func entries(
        caseNumber: String?, staff: String?, from: Date?, to: Date?, limit: Int,
        on connection: PostgresConnection
    ) throws -> [Entry] {
        try connection.query(
            """
            SELECT kind, "caseNumber", actor, reason, client, at FROM (
              SELECT 'reveal' AS kind, c.case_number AS "caseNumber", r.actor, r.reason, r.client, r.revealed_at AS at
              FROM personal_data_reveals r JOIN cases c ON c.id = r.case_id
              UNION ALL
              SELECT 'read', c.case_number, r.actor, NULL, r.client, r.read_at
              FROM case_reads r JOIN cases c ON c.id = r.case_id
              UNION ALL
              SELECT 'download', c.case_number, d.actor, a.file_name, d.client, d.downloaded_at
              FROM attachment_downloads d JOIN attachments a ON a.id = d.attachment_id JOIN cases c ON c.id = a.case_id
            ) audit
            WHERE (\(caseNumber)::text IS NULL OR "caseNumber" = \(caseNumber))
              AND (\(staff)::text IS NULL OR actor = \(staff) OR actor LIKE '%:' || \(staff) OR actor LIKE '%/' || \(staff))
              AND (\(from)::timestamptz IS NULL OR at >= \(from))
              AND (\(to)::timestamptz IS NULL OR at < \(to))
            ORDER BY at DESC
            LIMIT \(limit)
            """, as: Entry.self)
    }

    /// Forgets case reads older than `days` (reveals are kept).
    public static func purgeReads(olderThanDays days: Int, on connection: PostgresConnection) throws {
        try connection.query("DELETE FROM case_reads WHERE read_at < now() - make_interval(days => \(days))")
    }
}
