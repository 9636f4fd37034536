import Foundation
import Storage

/// 专家评审 — an expert's worklist: the panels they sit on, those awaiting their opinion soonest
/// due first (the opinion is due `opinionDays` after the panel formed), or those they have given
/// an opinion on, latest first; with the count in each state.
public enum ExpertWorklist {
    public enum State: String, Sendable, CaseIterable {
        /// 待评审: the expert has not given an opinion and the panel has not concluded.
        case awaiting
        /// 已评审: the expert's opinion is on the record.
        case given
    }

    public struct Item: Codable, Sendable, PostgresRowDecodable {
        public let panelId: String
        public let caseNumber: String
        public let category: String
        public let town: String
        /// The department whose answer is under review.
        public let department: String
        public let appliedAt: Date
        /// 评审期限: when the expert's opinion is due.
        public let opinionDueAt: Date
        public let overdue: Bool
        public let members: Int
        /// Opinions given so far, the expert's own included.
        public let opinions: Int
        public let verdict: String?
        public let votedAt: Date?
        public let conclusion: String?
    }

    public struct Counts: Codable, Sendable, Equatable, PostgresRowDecodable {
        public let awaiting: Int
        public let overdue: Int
        public let given: Int
    }

    public static func page(
        expert: String, state: State, opinionDays: Int, after cursor: KeysetCursor?, limit: Int,
        on connection: PostgresConnection
    ) throws -> (items: [Item], next: KeysetCursor?) {
        let given = state == .given
        let after =
            given
            ? KeysetCursor.after(cursor, time: "m.voted_at", id: "m.panel_id", descending: true)
            : KeysetCursor.after(cursor, time: "p.applied_at", id: "p.id")
        let order: PostgresQuery = given ? "m.voted_at DESC, m.panel_id DESC" : "p.applied_at, p.id"
        let rows = try connection.query(
            """
            SELECT p.id::text AS "panelId", c.case_number AS "caseNumber", c.category_code AS category,
                   c.location_town AS town, a.department_code AS department, p.applied_at AS "appliedAt",
                   p.applied_at + make_interval(days => \(opinionDays)) AS "opinionDueAt",
                   (\(awaiting(true)) AND p.applied_at + make_interval(days => \(opinionDays)) < now()) AS overdue,
                   (SELECT count(*) FROM panel_members x WHERE x.panel_id = p.id) AS members,
                   (SELECT count(*) FROM panel_members x WHERE x.panel_id = p.id AND x.verdict IS NOT NULL)
                     AS opinions,
                   m.verdict, m.voted_at AS "votedAt", p.conclusion
            FROM panel_members m JOIN review_panels p ON p.id = m.panel_id
            JOIN cases c ON c.id = p.case_id JOIN answers a ON a.id = p.answer_id
            WHERE m.expert_code = \(expert) AND \(awaiting(!given)) AND \(after)
            ORDER BY \(order) LIMIT \(limit + 1)
            """, as: Item.self)
        return KeysetCursor.page(rows, limit: limit) {
            ((given ? $0.votedAt : nil) ?? $0.appliedAt, $0.panelId)
        }
    }

    public static func counts(expert: String, opinionDays: Int, on connection: PostgresConnection) throws
        -> Counts
    {
        // The awaiting ones are few; the given ones (all history) are counted from their index.
        try connection.query(
            """
            SELECT count(*) AS awaiting,
                   count(*) FILTER (WHERE p.applied_at + make_interval(days => \(opinionDays)) < now()) AS overdue,
                   (SELECT count(*) FROM panel_members m WHERE m.expert_code = \(expert) AND \(awaiting(false)))
                     AS given
            FROM panel_members m JOIN review_panels p ON p.id = m.panel_id
            WHERE m.expert_code = \(expert) AND \(awaiting(true))
            """, as: Counts.self
        )[0]
    }

    /// The one definition of "awaiting this member's opinion" (members `m`, panels `p`), or of
    /// "given" when false.
    static func awaiting(_ yes: Bool) -> PostgresQuery {
        yes ? "m.verdict IS NULL AND p.concluded_at IS NULL" : "m.verdict IS NOT NULL"
    }
}
