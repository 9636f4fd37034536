import CaseModel
import CaseStore
import Contracts
import Foundation
import Messaging
import Runtime
import Storage

/// 分流交办: dispatch a registered case to the responsible department. In one
/// transaction: the work order, the case's new status and timeline row, and
/// the work order message in the outbox.
struct Dispatcher: MessageHandler {
    let answerDays: Int

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        let registered = try ContractCoding.decode(CaseRegistered.self, from: delivery.body)
        guard
            let department = try DepartmentRules.responsibleDepartment(
                category: registered.category, on: transaction)
        else { throw ContractViolation("no department is responsible for category '\(registered.category)'") }

        guard
            let row = try transaction.execute(
                """
                SELECT case_number, channel, category_code, facts, demand, petitioner_name, petitioner_phone,
                       location_town, location_community, location_grid, location_address
                FROM cases WHERE id = $1::uuid
                """, [registered.caseId]
            ).first
        else { throw ContractViolation("no case \(registered.caseId)") }

        let order = try transaction.execute(
            """
            INSERT INTO work_orders (case_id, department_code, due_at)
            VALUES ($1::uuid, $2, now() + make_interval(days => $3))
            RETURNING id::text AS id, round, dispatched_at, due_at
            """, [registered.caseId, department, answerDays]
        ).first!
        try transaction.execute(
            "UPDATE cases SET department_code = $2 WHERE id = $1::uuid", [registered.caseId, department])
        try CaseTransitions.apply(
            .dispatch, caseId: registered.caseId, actor: "routing",
            reason: "category \(registered.category) → department \(department)", on: transaction)

        let workOrderId: String = try order.decode("id")
        let workOrder = WorkOrder(
            workOrderId: workOrderId, caseId: registered.caseId, caseNumber: try row.decode("case_number"),
            departmentCode: department, round: try order.decode("round"), category: registered.category,
            channel: registered.channel, facts: try row.decode("facts"), demand: try row.decode("demand"),
            petitioner: .init(
                name: try row.decode("petitioner_name"), phone: try row.decode("petitioner_phone")),
            location: .init(
                town: try row.decode("location_town"),
                community: try row.decodeIfPresent("location_community"),
                grid: try row.decodeIfPresent("location_grid"),
                address: try row.decodeIfPresent("location_address")),
            dispatchedAt: try order.decode("dispatched_at"), dueAt: try order.decode("due_at"))
        try Outbox.enqueue(
            producer: "routing", exchange: Exchanges.departments, routingKey: department,
            type: WorkOrder.type,
            body: workOrder, messageId: "work-order-\(workOrderId)", on: transaction)
    }
}
