import CaseModel
import CaseStore
import Contracts
import Reliability
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

    /// A move up the ladder: from the current tier to the next step.
    public struct Move: Sendable {
        public let plan: RoutingPlan
        public let from: Tier
        public let index: Int
        public let step: RoutingPlan.Step
    }

    /// Where the locked case can go: the next step, or why it cannot move (its status does not
    /// allow it, it has no plan, or it is at the top of its ladder).
    public enum Next: Sendable {
        case move(Move)
        case blocked(any Error & Sendable)
    }

    public static func next(of caseRef: CaseRef, on transaction: PostgresConnection) throws -> Next {
        do {
            _ = try CaseStateMachine.apply(.escalate, to: caseRef.status)
        } catch {
            return .blocked(error)
        }
        guard let (plan, current) = try caseRef.routing(on: transaction) else {
            return .blocked(DomainRefusal.conflict("case \(caseRef.number) has no routing plan to escalate"))
        }
        guard current + 1 < plan.ladder.count else {
            return .blocked(
                DomainRefusal.conflict(
                    "case \(caseRef.number) is at the top of its ladder "
                        + "(\(plan.ladder[current].tier.rawValue), \(plan.ladder[current].lead)); "
                        + "it cannot be escalated further"))
        }
        return .move(
            Move(
                plan: plan, from: plan.ladder[current].tier, index: current + 1,
                step: plan.ladder[current + 1]))
    }

    /// The next step of the locked case's ladder, or the refusal saying why there is none.
    public static func nextStep(of caseRef: CaseRef, on transaction: PostgresConnection) throws -> Move {
        switch try next(of: caseRef, on: transaction) {
        case .move(let move): return move
        case .blocked(let why): throw why
        }
    }

    /// Makes the move `next` (from `nextStep`) on the locked case.
    public static func escalate(
        _ caseRef: CaseRef, to next: Move, trigger: Trigger, reason: String, actor: String, producer: String,
        on transaction: PostgresConnection
    ) throws {
        let from = next.from
        try WorkOrders.closeOpen(
            caseId: caseRef.id, reason: "escalated to \(next.step.tier.rawValue)", on: transaction)
        try ClockPauses.end(caseId: caseRef.id, resumedBy: "escalation", on: transaction)
        try Escalations.record(
            caseRef, from: from, to: next.step, index: next.index, trigger: trigger.rawValue, reason: reason,
            actor: actor, on: transaction)
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
