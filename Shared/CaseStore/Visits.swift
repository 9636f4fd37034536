import CaseModel
import Foundation
import Storage

/// 回访: the `visits` table, one row per round of follow-up.
public enum Visits {
    /// Schedules the next round's visit, unless one is open or one was recorded since `dueSince`
    /// (staff were quicker than the message).
    public static func schedule(caseId: String, dueSince: Date, on connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO visits (case_id, round)
            SELECT \(caseId)::uuid, coalesce(max(round), 0) + 1 FROM visits WHERE case_id = \(caseId)::uuid
            HAVING NOT EXISTS (SELECT 1 FROM visits WHERE case_id = \(caseId)::uuid
                               AND (visited_at IS NULL OR visited_at >= \(dueSince)))
            """)
    }

    /// Records a visit: on the scheduled visit of the round, or as a new round when the schedule
    /// has not arrived yet.
    public static func record(
        caseId: String, method: VisitMethod, satisfaction: Satisfaction, handlingComment: String?,
        conductComment: String?, actor: String, on connection: PostgresConnection
    ) throws {
        let updated = try connection.query(
            """
            UPDATE visits SET method = \(method.rawValue), satisfaction = \(satisfaction.rawValue),
                handling_comment = \(handlingComment), conduct_comment = \(conductComment), actor = \(actor),
                visited_at = now()
            WHERE id = (SELECT id FROM visits WHERE case_id = \(caseId)::uuid AND visited_at IS NULL
                        ORDER BY round LIMIT 1)
            """)
        guard updated.affectedRows == 0 else { return }
        try connection.query(
            """
            INSERT INTO visits (case_id, round, method, satisfaction, handling_comment, conduct_comment, actor, visited_at)
            SELECT \(caseId)::uuid, coalesce(max(round), 0) + 1, \(method.rawValue), \(satisfaction.rawValue),
                   \(handlingComment), \(conductComment), \(actor), now()
            FROM visits WHERE case_id = \(caseId)::uuid
            """)
    }
}
