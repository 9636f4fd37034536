import CaseModel
import CaseStore
import Contracts
import Foundation
import Messaging
import Reliability
import Storage

/// 签收: the department records that its work order arrived, and the case
/// moves to handling.
struct WorkOrderReceiver: MessageHandler {
    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        let order = try ContractCoding.decode(WorkOrder.self, from: delivery.body)
        try Self.receive(
            workOrderId: order.workOrderId, department: order.departmentCode,
            actor: "department:\(order.departmentCode)/system:onedoor-department", on: transaction)
    }

    /// Marks the work order received and the case as being handled; a department's
    /// own system does the same through the `receive` action.
    static func receive(
        workOrderId: String, department: String, actor: String, on transaction: PostgresConnection
    ) throws {
        guard UUID(uuidString: workOrderId) != nil,
            let received = try WorkOrders.receive(workOrderId, department: department, on: transaction)
        else {
            throw ContractViolation("no work order \(workOrderId) for department \(department)")
        }
        // A co-handler's receipt, or an order an escalation closed meanwhile, does not move the case.
        guard received.role == .lead, !received.closed else { return }
        let caseRef = try CaseRef.lock(caseId: received.caseId, on: transaction)
        // Withdrawn while the work order travelled, or already received: nothing more to do.
        guard caseRef.status == .dispatched else { return }
        let due = ISO8601DateFormatter().string(from: received.dueAt)
        let round = received.round
        try CaseTransitions.apply(
            .receive, to: caseRef, actor: actor,
            reason: "work order received (round \(round)), answer due \(due)", on: transaction)
    }
}
