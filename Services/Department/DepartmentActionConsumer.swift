import CaseModel
import Contracts
import Foundation
import Messaging
import Reliability
import Storage

/// A department's own system reporting over AMQP (exchange
/// `onedoor.department-actions`, routing key `<department>.<action>`): the same
/// actions and the same refusals as HTTP; a refused message is dead-lettered
/// with the reason. As over HTTP, a department acts only on its own work orders:
/// the routing key names it, and the broker lets each department's login publish
/// under its own code alone (topic permissions, docs/operations.md).
struct DepartmentActionConsumer: MessageHandler {
    let actions: DepartmentActions
    /// An action is a few kilobytes of JSON; anything larger is refused unread.
    static let maxBodyBytes = 64 * 1024

    struct Envelope: Decodable {
        let action: String
        let caseNumber: String
    }

    struct Receipt: Decodable {
        let workOrderId: String
        let departmentCode: String
    }

    struct Step: Decodable { let step: HandlingStepRequest }
    struct Answer: Decodable { let answer: AnswerRequest }
    struct SignOff: Decodable { let signOff: SignOffRequest }
    struct CoReport: Decodable { let report: CoReportRequest }
    struct Escalate: Decodable { let escalation: EscalationRequest }

    /// Message ids are unique per department, not across them: the inbox keys by the sender.
    func sender(of delivery: Delivery) -> String { String(delivery.routingKey.prefix { $0 != "." }) }

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        try JSONMessage.check(delivery, maxBytes: Self.maxBodyBytes)
        let envelope = try ContractCoding.decode(Envelope.self, from: delivery.body)
        let sender = sender(of: delivery)
        // The broker lets only the department's own login publish under its code (topic permissions).
        let actor = Self.actor(department: sender)
        func requireOwn(_ role: WorkOrderRole) throws {
            try requireOpenWorkOrder(of: sender, role, caseNumber: envelope.caseNumber, on: transaction)
        }
        switch envelope.action {
        case "receive":
            let receipt = try ContractCoding.decode(Receipt.self, from: delivery.body)
            guard receipt.departmentCode == sender else {
                throw ContractViolation(
                    "departmentCode '\(receipt.departmentCode)' is not the sender '\(sender)' (routing key)")
            }
            try WorkOrderReceiver.receive(
                workOrderId: receipt.workOrderId, department: receipt.departmentCode, actor: actor,
                on: transaction)
        case "handling-step":
            let step = try ContractCoding.decode(Step.self, from: delivery.body).step
            try requireOwn(.lead)
            try actions.recordStep(caseNumber: envelope.caseNumber, step: step, by: actor, on: transaction)
        case "answer":
            let answer = try ContractCoding.decode(Answer.self, from: delivery.body).answer
            try requireOwn(.lead)
            try actions.answer(caseNumber: envelope.caseNumber, answer: answer, by: actor, on: transaction)
        case "sign-off":
            let signOff = try ContractCoding.decode(SignOff.self, from: delivery.body).signOff
            try actions.signOff(
                caseNumber: envelope.caseNumber, signOff: signOff, recordedBy: actor, department: sender,
                on: transaction)
        case "co-report":
            let report = try ContractCoding.decode(CoReport.self, from: delivery.body).report
            guard report.department == sender else {
                throw ContractViolation(
                    "report.department '\(report.department)' is not the sender '\(sender)'")
            }
            try requireOwn(.co)
            try actions.coReport(caseNumber: envelope.caseNumber, report: report, by: actor, on: transaction)
        case "escalate":
            let escalation = try ContractCoding.decode(Escalate.self, from: delivery.body).escalation
            try requireOwn(.lead)
            try actions.requestEscalation(
                caseNumber: envelope.caseNumber, request: escalation, by: actor, on: transaction)
        default:
            throw ContractViolation(
                "unknown action \(JSONMessage.quoted(envelope.action)) (receive, handling-step, answer, sign-off, "
                    + "co-report, escalate)"
            )
        }
    }

    /// The department's own system on the record: its code and its broker login (`dept-<code>`,
    /// deploy/amqp-login), the only login allowed to publish under `<code>.*`.
    static func actor(department: String) -> String { "department:\(department)/system:dept-\(department)" }

    /// Refuses a department acting on a case whose open work order of this role is another
    /// department's. With no open work order at all (or no such case), the action itself refuses, as over HTTP.
    func requireOpenWorkOrder(
        of department: String, _ role: WorkOrderRole, caseNumber: String, on transaction: PostgresConnection
    ) throws {
        let holders = try actions.openWorkOrderHolders(caseNumber: caseNumber, role: role, on: transaction)
        guard holders.isEmpty || holders.contains(department) else {
            throw ContractViolation(
                "department '\(department)' (routing key) holds no open \(role.rawValue) work order of case "
                    + "\(caseNumber)")
        }
    }
}
