import CaseModel
import Foundation
import Storage

/// 回访 — a follow-up caller's worklist: the visits the scheduler has put on the list and nobody
/// has recorded yet, oldest first, with the petitioner's masked name and phone (the full phone
/// is opened by the audited reveal).
public enum VisitsDue {
    public struct Item: Codable, Sendable, PostgresRowDecodable {
        public let visitId: String
        public let caseNumber: String
        public let round: Int
        public let scheduledAt: Date
        public let category: String
        public let channel: String
        public let town: String
        public let community: String?
        public let department: String?
        public var petitioner: String
        public let phone: String?
    }

    /// One page, oldest first; `town`: only that town's cases (a town-level caller's).
    public static func page(
        town: String?, after cursor: KeysetCursor?, limit: Int, on connection: PostgresConnection
    ) throws -> (items: [Item], next: KeysetCursor?) {
        var rows = try connection.query(
            """
            SELECT v.id::text AS "visitId", c.case_number AS "caseNumber", v.round, v.scheduled_at AS "scheduledAt",
                   c.category_code AS category, c.channel, c.location_town AS town,
                   c.location_community AS community, c.department_code AS department,
                   c.petitioner_name AS petitioner, c.petitioner_phone_masked AS phone
            FROM visits v JOIN cases c ON c.id = v.case_id
            WHERE v.visited_at IS NULL AND c.status = 'follow_up' AND \(KeysetCursor.after(cursor, time: "v.scheduled_at", id: "v.id"))
              AND (\(town)::text IS NULL OR c.location_town = \(town))
            ORDER BY v.scheduled_at, v.id LIMIT \(limit + 1)
            """, as: Item.self)
        for index in rows.indices {
            rows[index].petitioner = PersonalData.maskName(rows[index].petitioner)
        }
        return KeysetCursor.page(rows, limit: limit) { ($0.scheduledAt, $0.visitId) }
    }

    /// How many visits are due, in `town` or everywhere.
    public static func count(town: String?, on connection: PostgresConnection) throws -> Int {
        try connection.query(
            """
            SELECT count(*) AS n FROM visits v JOIN cases c ON c.id = v.case_id
            WHERE v.visited_at IS NULL AND c.status = 'follow_up' AND (\(town)::text IS NULL OR c.location_town = \(town))
            """
        ).first!.decode("n")
    }
}
