import CaseModel
import CaseStore
import Contracts
import Foundation
import Messaging
import Runtime
import Storage

/// 分流交办: dispatch a registered case to the responsible department, and send
/// a case back for another round when review or follow-up asks. In one
/// transaction: the work order, the case's new status and timeline row, and
/// the work order message in the outbox.
struct Dispatcher: MessageHandler {
    let answerDays: Int

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        switch delivery.routingKey {
        case CaseRegistered.type:
            let registered = try ContractCoding.decode(CaseRegistered.self, from: delivery.body)
            guard
                let department = try DepartmentRules.responsibleDepartment(
                    category: registered.category, on: transaction)
            else {
                throw ContractViolation("no department is responsible for category '\(registered.category)'")
            }
            // The state machine refuses a case that is no longer registered (e.g. withdrawn).
            let caseRef = try CaseRef.lock(caseId: registered.caseId, on: transaction)
            try CaseTransitions.apply(
                .dispatch, to: caseRef, actor: "routing",
                reason: "category \(registered.category) → department \(department)", on: transaction)
            try transaction.execute(
                "UPDATE cases SET department_code = $2 WHERE id = $1::uuid", [registered.caseId, department])
            try sendWorkOrder(caseId: registered.caseId, department: department, on: transaction)
        case CaseRedispatch.type:
            // The case is already `dispatched` (by review or follow-up): a new round for the same department.
            let redispatch = try ContractCoding.decode(CaseRedispatch.self, from: delivery.body)
            let caseRef = try CaseRef.lock(caseId: redispatch.caseId, on: transaction)
            guard let department = caseRef.departmentCode else {
                throw ContractViolation("case \(caseRef.number) has no department to send back to")
            }
            guard caseRef.status == .dispatched else { return }  // withdrawn meanwhile: nothing to send
            try sendWorkOrder(caseId: caseRef.id, department: department, on: transaction)
        default:
            throw ContractViolation("routing does not handle '\(delivery.routingKey)'")
        }
    }

    static func channel(_ text: String) throws -> Channel {
        guard let channel = Channel(rawValue: text) else {
            throw ContractViolation("case has unknown channel '\(text)'")
        }
        return channel
    }

    /// A work order for the next round, due `answerDays` from now, and its message in the outbox.
    func sendWorkOrder(caseId: String, department: String, on transaction: PostgresConnection) throws {
        guard
            let row = try transaction.execute(
                """
                SELECT case_number, channel, category_code, facts, demand, petitioner_name, petitioner_phone,
                       location_town, location_community, location_grid, location_address
                FROM cases WHERE id = $1::uuid
                """, [caseId]
            ).first
        else { throw ContractViolation("no case \(caseId)") }
        let order = try transaction.execute(
            """
            INSERT INTO work_orders (case_id, department_code, round, due_at)
            SELECT $1::uuid, $2, coalesce(max(round), 0) + 1, now() + make_interval(days => $3)
            FROM work_orders WHERE case_id = $1::uuid
            RETURNING id::text AS id, round, dispatched_at, due_at
            """, [caseId, department, answerDays]
        ).first!
        let workOrderId: String = try order.decode("id")
        let channel: String = try row.decode("channel")
        let workOrder = WorkOrder(
            workOrderId: workOrderId, caseId: caseId, caseNumber: try row.decode("case_number"),
            departmentCode: department, round: try order.decode("round"),
            category: try row.decode("category_code"),
            channel: try Self.channel(channel), facts: try row.decode("facts"),
            demand: try row.decode("demand"),
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
