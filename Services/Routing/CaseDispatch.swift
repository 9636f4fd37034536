import CaseModel
import CaseStore
import Contracts
import Foundation
import Runtime
import Storage

/// 分流交办 in the database: gives a case its routing plan and sends the work
/// orders of its current step — or, for a matter that belongs in court,
/// records the redirection. The rule-based dispatcher and the human dispatcher
/// (triage) both come through here.
struct CaseDispatch: Sendable {
    let answerDays: Int
    /// Opens the petitioner's sealed phone: the department must be able to call them.
    let identity: IdentityKey

    func dispatch(
        _ caseRef: CaseRef, plan: RoutingPlan, actor: String, note: String?,
        on transaction: PostgresConnection
    ) throws {
        let step = plan.ladder[0]
        let planText = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        try transaction.execute(
            """
            UPDATE cases SET routing_plan = $2::jsonb, ladder_step = 0, tier = $3, department_code = $4,
                             first_department_code = coalesce(first_department_code, $4)
            WHERE id = $1::uuid
            """, [caseRef.id, planText, step.tier.rawValue, step.lead])
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
        try sendWorkOrders(caseId: caseRef.id, plan: plan, step: 0, scope: .step, on: transaction)
    }

    /// The work orders of one round: the lead's, and (joint handling, whole step) each co-handler's.
    func sendWorkOrders(
        caseId: String, plan: RoutingPlan, step: Int, scope: RedispatchScope,
        on transaction: PostgresConnection
    ) throws {
        guard
            let row = try transaction.execute(
                """
                SELECT c.case_number, c.channel, c.category_code, c.facts, c.demand, c.petitioner_name,
                       c.petitioner_phone, c.location_town, c.location_community, c.location_grid,
                       c.location_address, coalesce(max(w.round), 0) + 1 AS round
                FROM cases c LEFT JOIN work_orders w ON w.case_id = c.id
                WHERE c.id = $1::uuid GROUP BY c.id
                """, [caseId]
            ).first
        else { throw ContractViolation("no case \(caseId)") }
        let rung = plan.ladder[step]
        let round: Int = try row.decode("round")
        var orders = [(rung.lead, WorkOrderRole.lead, plan.leadDueDays(standard: answerDays))]
        if scope == .step, plan.coHandlersGetWorkOrders {
            orders += rung.co.map { ($0, WorkOrderRole.co, plan.coHandlerDueDays(standard: answerDays)) }
        }
        guard let channel = Channel(rawValue: try row.decode("channel")) else {
            throw ContractViolation("case \(caseId) has an unknown channel")
        }
        for (department, role, days) in orders {
            let order = try transaction.execute(
                """
                INSERT INTO work_orders (case_id, department_code, round, due_at, role, tier)
                VALUES ($1::uuid, $2, $3, now() + make_interval(days => $4), $5, $6)
                RETURNING id::text AS id, dispatched_at, due_at
                """, [caseId, department, round, days, role.rawValue, rung.tier.rawValue]
            ).first!
            let workOrderId: String = try order.decode("id")
            let workOrder = WorkOrder(
                workOrderId: workOrderId, caseId: caseId, caseNumber: try row.decode("case_number"),
                departmentCode: department, round: round, category: try row.decode("category_code"),
                channel: channel, facts: try row.decode("facts"), demand: try row.decode("demand"),
                petitioner: .init(
                    name: try row.decode("petitioner_name"),
                    phone: try identity.open(try row.decode("petitioner_phone"))),
                location: .init(
                    town: try row.decode("location_town"),
                    community: try row.decodeIfPresent("location_community"),
                    grid: try row.decodeIfPresent("location_grid"),
                    address: try row.decodeIfPresent("location_address")),
                dispatchedAt: try order.decode("dispatched_at"), dueAt: try order.decode("due_at"),
                handling: .init(
                    role: role, mode: plan.mode, tier: rung.tier, lead: rung.lead,
                    partners: role == .lead ? rung.co : [rung.lead] + rung.co.filter { $0 != department }))
            try Outbox.enqueue(
                producer: "routing", exchange: Exchanges.departments, routingKey: department,
                type: WorkOrder.type, body: workOrder, messageId: "work-order-\(workOrderId)",
                sealedBy: identity.personalDataSeal, on: transaction
            )
        }
    }
}
