import Contracts
import Foundation
import Messaging
import Runtime
import Storage

/// A department's own system reporting over AMQP (exchange
/// `onedoor.department-actions`, routing key `<department>.<action>`): the same
/// actions and the same refusals as HTTP; a refused message is dead-lettered
/// with the reason.
struct DepartmentActionConsumer: MessageHandler {
    let actions: DepartmentActions

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

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        let envelope = try ContractCoding.decode(Envelope.self, from: delivery.body)
        switch envelope.action {
        case "receive":
            let receipt = try ContractCoding.decode(Receipt.self, from: delivery.body)
            try WorkOrderReceiver.receive(
                workOrderId: receipt.workOrderId, department: receipt.departmentCode, on: transaction)
        case "handling-step":
            let step = try ContractCoding.decode(Step.self, from: delivery.body).step
            try actions.recordStep(caseNumber: envelope.caseNumber, step: step, on: transaction)
        case "answer":
            let answer = try ContractCoding.decode(Answer.self, from: delivery.body).answer
            try actions.answer(caseNumber: envelope.caseNumber, answer: answer, on: transaction)
        case "sign-off":
            let signOff = try ContractCoding.decode(SignOff.self, from: delivery.body).signOff
            try actions.signOff(caseNumber: envelope.caseNumber, signOff: signOff, on: transaction)
        case "co-report":
            let report = try ContractCoding.decode(CoReport.self, from: delivery.body).report
            try actions.coReport(caseNumber: envelope.caseNumber, report: report, on: transaction)
        case "escalate":
            let escalation = try ContractCoding.decode(Escalate.self, from: delivery.body).escalation
            try actions.requestEscalation(
                caseNumber: envelope.caseNumber, request: escalation, on: transaction)
        default:
            throw ContractViolation(
                "unknown action '\(envelope.action)' (receive, handling-step, answer, sign-off, co-report, escalate)"
            )
        }
    }
}
