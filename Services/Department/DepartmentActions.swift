import CaseModel
import CaseStore
import Contracts
import Foundation
import Runtime
import Storage

/// What a department does with a case: record handling steps, answer, and take
/// the petitioner's sign-off. The HTTP routes and the AMQP consumer both call
/// these, so the same rules refuse the same things on either path.
struct DepartmentActions: Sendable {
    let reviewWindowDays: Int

    /// The open work order of the case's current round (received, not yet answered).
    func openWorkOrder(_ caseRef: CaseRef, on transaction: PostgresConnection) throws -> (
        id: String, department: String
    ) {
        guard
            let row = try transaction.execute(
                """
                SELECT id::text AS id, department_code FROM work_orders
                WHERE case_id = $1::uuid AND answered_at IS NULL ORDER BY round DESC LIMIT 1
                """, [caseRef.id]
            ).first
        else { throw IllegalTransition(action: .answer, from: caseRef.status) }
        return (try row.decode("id"), try row.decode("department_code"))
    }

    /// 办理: a handling step on a case being handled.
    func recordStep(caseNumber: String, step: HandlingStepRequest, on transaction: PostgresConnection) throws
    {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        guard caseRef.status == .handling else {
            throw Problem(
                status: .conflict,
                detail: "case \(caseNumber) is \(caseRef.status.rawValue); steps are recorded while handling")
        }
        let order = try openWorkOrder(caseRef, on: transaction)
        try transaction.execute(
            """
            INSERT INTO handling_steps (case_id, work_order_id, mediation, note, actor)
            VALUES ($1::uuid, $2::uuid, $3, $4, $5)
            """,
            [caseRef.id, order.id, step.mediation?.rawValue, step.note, "department:\(order.department)"])
    }

    /// 结果反馈: the written answer of the current round.
    func answer(caseNumber: String, answer: AnswerRequest, on transaction: PostgresConnection) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        _ = try CaseStateMachine.apply(.answer, to: caseRef.status)
        let order = try openWorkOrder(caseRef, on: transaction)
        if answer.outcome == .notSupported, (answer.reasons ?? "").isEmpty {
            throw Problem.invalid([
                FieldProblem(field: "reasons", problem: "are required when the demand is not supported")
            ])
        }
        try transaction.execute(
            """
            INSERT INTO answers (case_id, work_order_id, department_code, outcome, text, reasons, actor)
            VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7)
            """,
            [
                caseRef.id, order.id, order.department, answer.outcome.rawValue, answer.text, answer.reasons,
                "department:\(order.department)",
            ])
        try transaction.execute("UPDATE work_orders SET answered_at = now() WHERE id = $1::uuid", [order.id])
        try CaseTransitions.apply(
            .answer, to: caseRef, actor: "department:\(order.department)",
            reason: "answer: \(answer.outcome.rawValue)", on: transaction)
    }

    /// 签收: the petitioner accepts the answer (→ follow-up) or disputes it (→ the review window opens).
    func signOff(caseNumber: String, signOff: SignOffRequest, on transaction: PostgresConnection) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        let action: CaseAction = signOff.decision == .accepted ? .accept : .dispute
        _ = try CaseStateMachine.apply(action, to: caseRef.status)
        guard
            let row = try transaction.execute(
                """
                UPDATE answers SET sign_off = $2, sign_off_channel = $3, signed_at = now()
                WHERE id = (SELECT id FROM answers WHERE case_id = $1::uuid AND signed_at IS NULL
                            ORDER BY answered_at DESC LIMIT 1)
                RETURNING id::text AS id, signed_at
                """, [caseRef.id, signOff.decision.rawValue, signOff.channel.rawValue]
            ).first
        else { throw IllegalTransition(action: action, from: caseRef.status) }
        let signedAt: Date = try row.decode("signed_at")
        try CaseTransitions.apply(
            action, to: caseRef, actor: "petitioner",
            reason: "signed via \(signOff.channel.rawValue): \(signOff.decision.rawValue)", on: transaction)
        switch signOff.decision {
        case .accepted:
            try Outbox.enqueue(
                CaseFollowUpDue(
                    caseId: caseRef.id, caseNumber: caseRef.number, reason: .answerAccepted,
                    dueSince: signedAt), producer: "department", on: transaction)
        case .disputed:
            let deadline = signedAt.addingTimeInterval(TimeInterval(reviewWindowDays * 86_400))
            try Outbox.enqueue(
                CaseDisputed(
                    caseId: caseRef.id, caseNumber: caseRef.number, answerId: try row.decode("id"),
                    signedAt: signedAt, reviewDeadline: deadline), producer: "department", on: transaction)
        }
    }
}

struct HandlingStepRequest: Codable, Sendable {
    var mediation: Mediation?
    var note: String
}

struct AnswerRequest: Codable, Sendable {
    var outcome: AnswerOutcome
    var text: String
    var reasons: String?
}

struct SignOffRequest: Codable, Sendable {
    var decision: SignOffDecision
    var channel: SignOffChannel
}
