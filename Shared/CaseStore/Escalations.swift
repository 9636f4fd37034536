import CaseModel
import Storage

/// 吹哨报到: the `escalations` table and the case's place on its ladder.
public enum Escalations {
    /// Puts the case on rung `index` of its ladder (tier and lead) and records the move.
    public static func record(
        _ caseRef: CaseRef, from: Tier, to step: RoutingPlan.Step, index: Int, trigger: String,
        reason: String,
        actor: String, on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            UPDATE cases SET ladder_step = \(index), tier = \(step.tier.rawValue), department_code = \(step.lead)
            WHERE id = \(caseRef.id)::uuid
            """)
        try connection.query(
            """
            INSERT INTO escalations (case_id, from_tier, to_tier, to_step, trigger, reason, actor)
            VALUES (\(caseRef.id)::uuid, \(from.rawValue), \(step.tier.rawValue), \(index), \(trigger), \(reason),
                    \(actor))
            """)
    }
}
