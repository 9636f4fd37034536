import CaseModel
import CaseStore
import Contracts
import Runtime
import Storage

/// 吹哨报到: moves a case one step up the ladder of its routing plan — when its
/// handler asks, or by rule when its lead is flagged overdue. In the caller's
/// transaction: the open work orders of the lower tier are closed, an open clock
/// pause ends, the case's tier and lead change, the move is recorded (escalations
/// and the timeline, with its reason), and routing is told to send the next
/// step's work orders.
public enum Escalation {
    public enum Trigger: String, Sendable {
        case request
        case overdue
    }

    /// The next step of the case's ladder, or a 409 saying why there is none.
    public static func nextStep(of caseRef: CaseRef) throws -> (index: Int, step: RoutingPlan.Step) {
        _ = try CaseStateMachine.apply(.escalate, to: caseRef.status)
        guard let plan = caseRef.plan, let current = caseRef.ladderStep else {
            throw Problem(status: .conflict, detail: "case \(caseRef.number) has no routing plan to escalate")
        }
        guard current + 1 < plan.ladder.count else {
            throw Problem(
                status: .conflict,
                detail: "case \(caseRef.number) is at the top of its ladder "
                    + "(\(plan.ladder[current].tier.rawValue), \(plan.ladder[current].lead)); "
                    + "it cannot be escalated further")
        }
        return (current + 1, plan.ladder[current + 1])
    }

    /// Escalates the locked case; throws `IllegalTransition` or a 409 `Problem` when it cannot.
    public static func escalate(
        _ caseRef: CaseRef, trigger: Trigger, reason: String, actor: String, producer: String,
        on transaction: PostgresConnection
    ) throws {
        let next = try nextStep(of: caseRef)
        let from = caseRef.plan!.ladder[caseRef.ladderStep!].tier
        try transaction.execute(
            """
            UPDATE work_orders SET closed_at = now(), close_reason = $2
            WHERE case_id = $1::uuid AND answered_at IS NULL AND closed_at IS NULL
            """, [caseRef.id, "escalated to \(next.step.tier.rawValue)"])
        try transaction.execute(
            "UPDATE clock_pauses SET ended_at = now(), resumed_by = $2 WHERE case_id = $1::uuid AND ended_at IS NULL",
            [caseRef.id, "escalation"])
        try transaction.execute(
            "UPDATE cases SET ladder_step = $2, tier = $3, department_code = $4 WHERE id = $1::uuid",
            [caseRef.id, next.index, next.step.tier.rawValue, next.step.lead])
        try transaction.execute(
            """
            INSERT INTO escalations (case_id, from_tier, to_tier, to_step, trigger, reason, actor)
            VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)
            """,
            [caseRef.id, from.rawValue, next.step.tier.rawValue, next.index, trigger.rawValue, reason, actor])
        try CaseTransitions.apply(
            .escalate, to: caseRef, actor: actor,
            reason: "\(from.rawValue) → \(next.step.tier.rawValue) (lead \(next.step.lead)), "
                + "\(trigger == .request ? "requested" : "overdue"): \(reason)",
            on: transaction)
        try Outbox.enqueue(
            CaseRedispatch(
                caseId: caseRef.id, caseNumber: caseRef.number,
                reason: "escalated to \(next.step.tier.rawValue)",
                scope: .step), producer: producer, on: transaction)
    }
}
