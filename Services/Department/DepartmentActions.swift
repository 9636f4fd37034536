import CaseModel
import CaseStore
import Contracts
import Escalation
import Foundation
import PetitionerSteps
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
        try HandlingRecords.recordCoReport(
            caseId: caseRef.id, workOrderId: order.id, department: report.department, text: report.text,
            actor: actor, on: transaction)
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
        guard
            try ClockPauses.start(
                caseId: caseRef.id, waitingOn: pause.waitingOn.rawValue, reason: pause.reason, actor: actor,
                on: transaction)
        else {
            throw DomainRefusal.conflict(
                "case \(caseNumber)'s clock is already paused")
        }
    }

    /// The clock runs again; every open work order's due time moves by the paused time.
    func resumeClock(caseNumber: String, by actor: String, on transaction: PostgresConnection) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        _ = try openWorkOrder(caseRef, on: transaction)
        guard
            let paused = try ClockPauses.end(caseId: caseRef.id, resumedBy: actor, on: transaction)
        else {
            throw DomainRefusal.conflict(
                "case \(caseNumber)'s clock is not paused")
        }
        try WorkOrders.postponeOpen(caseId: caseRef.id, by: paused, on: transaction)
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
        try HandlingRecords.recordStep(
            caseId: caseRef.id, workOrderId: order.id, mediation: step.mediation, note: step.note,
            actor: actor,
            on: transaction)
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
        try checkAgreement(of: answer, caseRef, on: transaction)
        try Answers.record(
            caseId: caseRef.id, workOrderId: order.id, department: order.department, outcome: answer.outcome,
            text: answer.text, reasons: answer.reasons, agreementId: answer.agreementId, actor: actor,
            on: transaction)
        try WorkOrders.markAnswered(order.id, on: transaction)
        try CaseTransitions.apply(
            .answer, to: caseRef, actor: actor,
            reason: "answer: \(answer.outcome.rawValue)", on: transaction)
    }

    /// An outcome reached by mediation rests on the case's agreement: `resolved` names it when the
    /// case has one; an agreement is named only for `resolved` or `partly_resolved`, and only one
    /// of this case.
    func checkAgreement(of answer: AnswerRequest, _ caseRef: CaseRef, on transaction: PostgresConnection)
        throws
    {
        let agreements = try MediationAgreements.load(caseId: caseRef.id, on: transaction)
        guard let named = answer.agreementId else {
            if answer.outcome == .resolved, !agreements.isEmpty {
                throw DomainRefusal.invalid([
                    FieldProblem(
                        field: "agreementId", problem: "is required: the case has a mediation agreement")
                ])
            }
            return
        }
        guard answer.outcome == .resolved || answer.outcome == .partlyResolved else {
            throw DomainRefusal.invalid([
                FieldProblem(field: "agreementId", problem: "is only for an outcome reached by mediation")
            ])
        }
        guard agreements.contains(where: { $0.id.lowercased() == named.lowercased() }) else {
            throw DomainRefusal.invalid([
                FieldProblem(field: "agreementId", problem: "is not an agreement of this case")
            ])
        }
    }

    /// 签收: the petitioner's word on the answer (PetitionerSteps.SignOff), recorded by someone
    /// else: `actor` is who recorded it (a clerk, or a department's handler or system). A
    /// department may record a sign-off only of its own answer (`department`, nil for the window).
    func signOff(
        caseNumber: String, signOff: SignOffRequest, recordedBy actor: String, department: String?,
        on transaction: PostgresConnection
    ) throws {
        try SignOff.record(
            caseNumber: caseNumber, decision: signOff.decision, channel: signOff.channel, recordedBy: actor,
            department: department, rules: rules, producer: "department", on: transaction)
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
    /// 调解协议: the agreement the outcome rests on.
    var agreementId: String?
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
