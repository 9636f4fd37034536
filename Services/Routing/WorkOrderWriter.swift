import CaseModel
import CaseStore
import Contracts
import Foundation
import Reliability
import Storage

/// 分流交办 in the database: gives a case its routing plan and writes the work orders of its
/// current step (each with its message in the outbox) — or, for a matter that belongs in court,
/// records the redirection. Rules (`RoutingConsumer`) and the human dispatcher (triage) both
/// come through here.
struct WorkOrderWriter: Sendable {
    let rules: HandlingRules
    /// Opens the petitioner's sealed phone: the department must be able to call them.
    let identity: IdentityKey

    func dispatch(
        _ dispatched: DispatchCase, plan: RoutingPlan, actor: String, note: String?,
        on transaction: PostgresConnection
    ) throws {
        let caseRef = dispatched.ref
        let step = plan.ladder[0]
        try DispatchCase.recordPlan(plan, of: caseRef, on: transaction)
        let suffix = note.map { ": \($0)" } ?? ""
        if plan.mode == .judicial {
            try CaseTransitions.apply(
                .redirectToJudicial, to: caseRef, actor: actor,
                reason: "\(plan.source) → judicial channel (\(step.lead))\(suffix)", on: transaction)
            return
        }
        let partners = step.co.isEmpty ? "" : " with \(step.co.joined(separator: ", "))"
        try CaseTransitions.apply(
            .dispatch, to: caseRef, actor: actor,
            reason: "\(plan.source) → \(plan.mode.rawValue), \(step.tier.rawValue), lead \(step.lead)"
                + partners + suffix,
            on: transaction)
        try sendWorkOrders(dispatched, plan: plan, step: 0, scope: .step, on: transaction)
    }

    /// The work orders of one round: the lead's, and (joint handling, whole step) each co-handler's.
    func sendWorkOrders(
        _ dispatched: DispatchCase, plan: RoutingPlan, step: Int, scope: RedispatchScope,
        on transaction: PostgresConnection
    ) throws {
        let caseId = dispatched.ref.id
        let rung = plan.ladder[step]
        var orders = [(rung.lead, WorkOrderRole.lead, rules.leadDueDays(plan))]
        if scope == .step, plan.coHandlersGetWorkOrders {
            orders += rung.co.map { ($0, WorkOrderRole.co, rules.coHandlerDueDays(plan)) }
        }
        guard let channel = Channel(rawValue: dispatched.channel) else {
            throw ContractViolation("case \(caseId) has an unknown channel")
        }
        let phone = try identity.open(dispatched.sealedPhone)
        let parties = try CaseParties.forWorkOrder(caseId: caseId, on: transaction)
        for (department, role, days) in orders {
            let issued = try WorkOrders.issue(
                caseId: caseId, department: department, round: dispatched.nextRound, days: days, role: role,
                tier: rung.tier, on: transaction)
            var workOrder = WorkOrder(
                workOrderId: issued.id, caseId: caseId, caseNumber: dispatched.ref.number,
                departmentCode: department, round: dispatched.nextRound, category: dispatched.category,
                channel: channel, facts: dispatched.facts, demand: dispatched.demand,
                petitioner: .init(name: dispatched.petitionerName, phone: phone),
                location: .init(
                    town: dispatched.ref.town, community: dispatched.community, grid: dispatched.grid,
                    address: dispatched.address),
                dispatchedAt: issued.dispatchedAt, dueAt: issued.dueAt,
                handling: .init(
                    role: role, mode: plan.mode, tier: rung.tier, lead: rung.lead,
                    partners: role == .lead ? rung.co : [rung.lead] + rung.co.filter { $0 != department }))
            (workOrder.collective, workOrder.otherParties, workOrder.amountInvolved) = parties
            try Outbox.enqueue(
                producer: "routing", exchange: Exchanges.departments, routingKey: department,
                type: WorkOrder.type, body: workOrder, messageId: "work-order-\(issued.id)",
                sealedBy: identity.personalDataSeal, on: transaction
            )
        }
    }
}
