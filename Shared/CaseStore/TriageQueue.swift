import Foundation
import Storage

/// 待人工分流: the cases no rule could route, oldest first, with why routing sent each there.
public enum TriageQueue {
    public struct Waiting: Codable, Sendable, PostgresRowDecodable {
        /// The case id, for the cursor (not shown).
        let id: String
        public let caseNumber: String
        public let category: String
        public let town: String
        public let registeredAt: Date
        /// Why routing sent it here.
        public let reason: String

    }

    /// One page, oldest first; `town`: only that town's cases (a town-level dispatcher's).
    public static func page(
        town: String?, after cursor: KeysetCursor?, limit: Int, on connection: PostgresConnection
    ) throws -> (items: [Waiting], next: KeysetCursor?) {
        let rows = try connection.query(
            """
            SELECT c.id::text AS id, c.case_number AS "caseNumber", c.category_code AS category,
                   c.location_town AS town, c.registered_at AS "registeredAt", coalesce(e.reason, '') AS reason
            FROM cases c
            JOIN LATERAL (SELECT reason FROM case_events WHERE case_id = c.id AND action = 'send_to_triage'
                          ORDER BY seq DESC LIMIT 1) e ON true
            WHERE c.status = 'triage' AND \(KeysetCursor.after(cursor, time: "c.registered_at", id: "c.id"))
              AND (\(town)::text IS NULL OR c.location_town = \(town))
            ORDER BY c.registered_at, c.id LIMIT \(limit + 1)
            """, as: Waiting.self)
        return KeysetCursor.page(rows, limit: limit) { ($0.registeredAt, $0.id) }
    }

    /// How many cases wait, in `town` or everywhere.
    public static func count(town: String?, on connection: PostgresConnection) throws -> Int {
        try connection.query(
            """
            SELECT count(*) AS n FROM cases
            WHERE status = 'triage' AND (\(town)::text IS NULL OR location_town = \(town))
            """
        ).first!.decode("n")
    }
}
