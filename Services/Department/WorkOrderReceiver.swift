import CaseModel
import CaseStore
import Contracts
import Foundation
import Messaging
import Runtime
import Storage

/// 签收: the department records that its work order arrived, and the case
/// moves to handling.
struct WorkOrderReceiver: MessageHandler {
    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        let order = try ContractCoding.decode(WorkOrder.self, from: delivery.body)
        guard
            let row = try transaction.execute(
                """
                UPDATE work_orders SET received_at = coalesce(received_at, now())
                WHERE id = $1::uuid AND department_code = $2
                RETURNING case_id::text AS case_id
                """, [order.workOrderId, order.departmentCode]
            ).first
        else {
            throw ContractViolation(
                "no work order \(order.workOrderId) for department \(order.departmentCode)")
        }
        let caseRef = try CaseRef.lock(caseId: try row.decode("case_id"), on: transaction)
        // Withdrawn while the work order travelled: recorded as received, nothing more to do.
        guard !caseRef.status.isClosed else { return }
        try CaseTransitions.apply(
            .receive, caseId: caseRef.id, actor: "department:\(order.departmentCode)",
            reason:
                "work order received (round \(order.round)), answer due \(ISO8601DateFormatter().string(from: order.dueAt))",
            on: transaction)
    }
}
