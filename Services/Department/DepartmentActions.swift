import CaseModel
import CaseStore
import Contracts
import Escalation
import Foundation
import Reliability
import Storage

/// What a department does with a case: record handling steps, answer, and take
/// the petitioner's sign-off. The HTTP routes and the AMQP consumer both call
/// these, so the same rules refuse the same things on either path.
struct DepartmentActions: Sendable {
    let rules: HandlingRules

    /// The lead's open work order of the case's current round.
    func openWorkOrder(_ caseRef: CaseRef, on transaction: PostgresConnection) throws -> WorkOrders.Open {
        guard let order = try WorkOrders.openLead(caseId: caseRef.id, on: transaction) else {
            throw IllegalTransition(action: .answer, from: caseRef.status)
        }
        return order
    }

    /// 联办: the co-handlers that have not reported yet.
    func waitingCoHandlers(_ caseRef: CaseRef, on transaction: PostgresConnection) throws -> [String] {
        try WorkOrders.open(caseId: caseRef.id, on: transaction).filter { $0.role == .co }.map(\.department)
    }

    /// The departments holding an open work order in `role` on the case (none for an unknown case).
    func openWorkOrderHolders(
        caseNumber: String, role: WorkOrderRole, on transaction: PostgresConnection
    ) throws -> [String] {
        let caseRef: CaseRef
        do {
            caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        } catch is CaseNotFound {
            return []
        }
        return try WorkOrders.open(caseId: caseRef.id, on: transaction).filter { $0.role == role }.map(
            \.department)
    }

    /// Whether `department` holds an open work order in `role` on the case: a handler's scope.
    func holdsOpenWorkOrder(
        caseNumber: String, department: String, role: WorkOrderRole, on transaction: PostgresConnection
    ) throws -> Bool {
        try openWorkOrderHolders(caseNumber: caseNumber, role: role, on: transaction).contains(department)
    }

    /// Whether `department` ever held a work order of the case: what lets a handler see it at all.
    func hasHeldWorkOrder(caseNumber: String, department: String, on transaction: PostgresConnection) throws
        -> Bool
    {
        try WorkOrders.everHeld(caseNumber: caseNumber, department: department, on: transaction)
    }

    /// 协办意见: a co-handler reports to the lead; the lead can answer once all have.
    func coReport(
        caseNumber: String, report: CoReportRequest, by actor: String, on transaction: PostgresConnection
    ) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        guard
            let order = try WorkOrders.open(caseId: caseRef.id, on: transaction).first(where: {
                $0.role == .co && $0.department == report.department
            })
        else {
            throw DomainRefusal.conflict(
                "case \(caseNumber) has no open co-handler work order for \(report.department.prefix(40))"
            )
        }
        try WorkOrders.markReported(order.id, on: transaction)
        try transaction.execute(
            """
            INSERT INTO co_reports (work_order_id, case_id, department_code, text, actor)
            VALUES ($1::uuid, $2::uuid, $3, $4, $5)
            """,
            [
                order.id, caseRef.id, report.department, report.text, actor,
            ])
    }

    /// 吹哨报到: the lead asks to move the case up a tier.
    func requestEscalation(
        caseNumber: String, request: EscalationRequest, by actor: String, on transaction: PostgresConnection
    )
        throws
    {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        let move = try Escalation.nextStep(of: caseRef, on: transaction)
        _ = try openWorkOrder(caseRef, on: transaction)
        try Escalation.escalate(
            caseRef, to: move, trigger: .request, reason: request.reason,
            actor: actor,
            producer: "department", on: transaction)
    }

    /// 停表: the clock stops while the case waits on the petitioner or an expert opinion.
    func pauseClock(
        caseNumber: String, pause: ClockPauseRequest, by actor: String, on transaction: PostgresConnection
    ) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        guard [.dispatched, .handling].contains(caseRef.status) else {
            throw DomainRefusal.conflict(
                "case \(caseNumber) is \(caseRef.status.rawValue); the clock runs only while a department "
                    + "holds it")
        }
        _ = try openWorkOrder(caseRef, on: transaction)
        let inserted = try transaction.execute(
            """
            INSERT INTO clock_pauses (case_id, waiting_on, reason, actor) VALUES ($1::uuid, $2, $3, $4)
            ON CONFLICT (case_id) WHERE ended_at IS NULL DO NOTHING
            """, [caseRef.id, pause.waitingOn.rawValue, pause.reason, actor])
        guard inserted.affectedRows == 1 else {
            throw DomainRefusal.conflict(
                "case \(caseNumber)'s clock is already paused")
        }
    }

    /// The clock runs again; every open work order's due time moves by the paused time.
    func resumeClock(caseNumber: String, by actor: String, on transaction: PostgresConnection) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        _ = try openWorkOrder(caseRef, on: transaction)
        guard
            let pause = try transaction.execute(
                """
                UPDATE clock_pauses SET ended_at = now(), resumed_by = $2
                WHERE case_id = $1::uuid AND ended_at IS NULL
                RETURNING ended_at - started_at AS paused
                """, [caseRef.id, actor]
            ).first
        else {
            throw DomainRefusal.conflict(
                "case \(caseNumber)'s clock is not paused")
        }
        try WorkOrders.postponeOpen(
            caseId: caseRef.id, by: try pause.decode("paused", as: String.self), on: transaction)
    }

    /// 办理: a handling step on a case being handled.
    func recordStep(
        caseNumber: String, step: HandlingStepRequest, by actor: String, on transaction: PostgresConnection
    ) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        guard caseRef.status == .handling else {
            throw DomainRefusal.conflict(
                "case \(caseNumber) is \(caseRef.status.rawValue); steps are recorded while handling")
        }
        let order = try openWorkOrder(caseRef, on: transaction)
        try transaction.execute(
            """
            INSERT INTO handling_steps (case_id, work_order_id, mediation, note, actor)
            VALUES ($1::uuid, $2::uuid, $3, $4, $5)
            """,
            [caseRef.id, order.id, step.mediation?.rawValue, step.note, actor])
    }

    /// 结果反馈: the written answer of the current round.
    func answer(
        caseNumber: String, answer: AnswerRequest, by actor: String, on transaction: PostgresConnection
    )
        throws
    {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        _ = try CaseStateMachine.apply(.answer, to: caseRef.status)
        let order = try openWorkOrder(caseRef, on: transaction)
        let waiting = try waitingCoHandlers(caseRef, on: transaction)
        guard waiting.isEmpty else {
            throw DomainRefusal.conflict(
                "case \(caseNumber) is handled jointly; waiting for the co-handlers' reports: "
                    + waiting.joined(separator: ", "))
        }
        if answer.outcome == .notSupported, (answer.reasons ?? "").isEmpty {
            throw DomainRefusal.invalid([
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
                actor,
            ])
        try WorkOrders.markAnswered(order.id, on: transaction)
        try CaseTransitions.apply(
            .answer, to: caseRef, actor: actor,
            reason: "answer: \(answer.outcome.rawValue)", on: transaction)
    }

    /// 签收: the petitioner accepts the answer (→ follow-up) or disputes it (→ the review window opens).
    /// It is the petitioner's word, written down by someone else: `actor` is who recorded it (a
    /// clerk, or a department's handler or system), never the petitioner. A department may record
    /// a sign-off only of its own answer (`department`, nil for the window).
    func signOff(
        caseNumber: String, signOff: SignOffRequest, recordedBy actor: String, department: String?,
        on transaction: PostgresConnection
    ) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        let action: CaseAction = signOff.decision == .accepted ? .accept : .dispute
        _ = try CaseStateMachine.apply(action, to: caseRef.status)
        guard
            let pending = try transaction.execute(
                """
                SELECT id::text AS id, department_code FROM answers WHERE case_id = $1::uuid AND signed_at IS NULL
                ORDER BY answered_at DESC LIMIT 1
                """, [caseRef.id]
            ).first
        else { throw IllegalTransition(action: action, from: caseRef.status) }
        let answeredBy: String = try pending.decode("department_code")
        if let department, department != answeredBy {
            throw DomainRefusal.forbidden(
                "department '\(department.prefix(40))' may record a sign-off only of its own answer; case "
                    + "\(caseNumber) was not answered by it")
        }
        let row = try transaction.execute(
            """
            UPDATE answers SET sign_off = $2, sign_off_channel = $3, signed_at = now(), sign_off_recorded_by = $4
            WHERE id = $1::uuid
            RETURNING id::text AS id, signed_at
            """,
            [
                try pending.decode("id", as: String.self), signOff.decision.rawValue,
                signOff.channel.rawValue, actor,
            ]
        ).first!
        let signedAt: Date = try row.decode("signed_at")
        try CaseTransitions.apply(
            action, to: caseRef, actor: actor,
            reason: "on the petitioner's word, via \(signOff.channel.rawValue): \(signOff.decision.rawValue)",
            on: transaction)
        switch signOff.decision {
        case .accepted:
            try Outbox.enqueue(
                CaseFollowUpDue(
                    caseId: caseRef.id, caseNumber: caseRef.number, reason: .answerAccepted,
                    dueSince: signedAt), producer: "department", on: transaction)
        case .disputed:
            let deadline = rules.reviewDeadline(signedAt: signedAt)
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

struct CoReportRequest: Codable, Sendable {
    var department: String
    var text: String
}

struct EscalationRequest: Codable, Sendable {
    var reason: String
}

/// 停表: what the case waits on.
enum WaitingOn: String, ClosedSet {
    case petitioner
    case expertReview = "expert_review"
}

struct ClockPauseRequest: Codable, Sendable {
    var waitingOn: WaitingOn
    var reason: String
}

struct SignOffRequest: Codable, Sendable {
    var decision: SignOffDecision
    var channel: SignOffChannel
}
