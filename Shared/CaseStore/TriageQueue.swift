import Foundation
import Storage

/// 待人工分流: the cases no rule could route, oldest first, with why routing sent each there.
public enum TriageQueue {
    public struct Waiting: Codable, Sendable, PostgresRowDecodable {
        public let caseNumber: String
        public let category: String
        public let town: String
        public let registeredAt: Date
        /// Why routing sent it here.
        public let reason: String
    }

    /// At most 1,000.
    public static func waiting(on connection: PostgresConnection) throws -> [Waiting] {
        try connection.query(
            """
            SELECT c.case_number AS "caseNumber", c.category_code AS category, c.location_town AS town,
                   c.registered_at AS "registeredAt", coalesce(e.reason, '') AS reason
            FROM cases c
            JOIN LATERAL (SELECT reason FROM case_events WHERE case_id = c.id AND action = 'send_to_triage'
                          ORDER BY seq DESC LIMIT 1) e ON true
            WHERE c.status = 'triage' ORDER BY c.registered_at LIMIT 1000
            """, as: Waiting.self)
    }
}
