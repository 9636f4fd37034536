import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPSupport
import OpenAPIRuntime
import Storage

/// Department staff over HTTP (through the gateway): `POST
/// /api/v1/cases/{caseNumber}/handling-steps`, `/answer`, `/co-reports`,
/// `/escalation`, `/clock/pause` and `/clock/resume` by the department's own
/// handlers (a handler acts only on their department's open work orders), and
/// `/sign-off`, which the window records for the petitioner.
struct DepartmentAPI: APIProtocol {
    let pool: PostgresPool
    let actions: DepartmentActions
    let access: Access

    /// Whose work order the caller must hold.
    enum Scope {
        /// The case's lead, with an open work order.
        case lead
        /// This co-handler.
        case coHandler(String)
    }

    func recordHandlingStep(_ input: Operations.RecordHandlingStep.Input) async throws
        -> Operations.RecordHandlingStep.Output
    {
        .ok(
            try await lead(input.body, input.path.caseNumber, text: \HandlingStepRequest.note, "note") {
                try actions.recordStep(caseNumber: $1, step: $0, by: $3, on: $2)
            })
    }

    func answer(_ input: Operations.Answer.Input) async throws -> Operations.Answer.Output {
        .ok(
            try await lead(input.body, input.path.caseNumber, text: \AnswerRequest.text, "text") {
                try actions.answer(caseNumber: $1, answer: $0, by: $3, on: $2)
            })
    }

    func requestEscalation(_ input: Operations.RequestEscalation.Input) async throws
        -> Operations.RequestEscalation.Output
    {
        .ok(
            try await lead(input.body, input.path.caseNumber, text: \EscalationRequest.reason, "reason") {
                try actions.requestEscalation(caseNumber: $1, request: $0, by: $3, on: $2)
            })
    }

    func pauseClock(_ input: Operations.PauseClock.Input) async throws -> Operations.PauseClock.Output {
        .ok(
            try await lead(input.body, input.path.caseNumber, text: \ClockPauseRequest.reason, "reason") {
                try actions.pauseClock(caseNumber: $1, pause: $0, by: $3, on: $2)
            })
    }

    func resumeClock(_ input: Operations.ResumeClock.Input) async throws -> Operations.ResumeClock.Output {
        .ok(
            try await receipt(
                perform(input.path.caseNumber, .lead) {
                    try actions.resumeClock(caseNumber: $0, by: $2, on: $1)
                }))
    }

    /// A lead's action with a body: decoded, its problems answered with the domain's check of
    /// its one text field, then done by the case's lead department.
    func lead<Body: Decodable & Sendable>(
        _ generated: some Sendable, _ caseNumber: String, text: KeyPath<Body, String> & Sendable,
        _ field: String,
        _ action: @escaping @Sendable (Body, String, PostgresConnection, String) throws -> Void
    ) async throws -> Components.Responses.ActionReceipt {
        let body: Body = try GeneratedAPI.body(generated)
        try RequestProblems.check(DomainRefusal.textProblems(body[keyPath: text], field: field))
        return try await receipt(perform(caseNumber, .lead) { try action(body, $0, $1, $2) })
    }

    func reportAsCoHandler(_ input: Operations.ReportAsCoHandler.Input) async throws
        -> Operations.ReportAsCoHandler.Output
    {
        let report: CoReportRequest = try GeneratedAPI.body(input.body)
        try RequestProblems.check(
            DomainRefusal.textProblems(report.department, field: "department", max: 32)
                + DomainRefusal.textProblems(report.text, field: "text"))
        return .ok(
            try await receipt(
                perform(input.path.caseNumber, .coHandler(report.department)) {
                    try actions.coReport(caseNumber: $0, report: report, by: $2, on: $1)
                }))
    }

    /// The window (or the department, of its own answer) records the petitioner's word.
    func signOff(_ input: Operations.SignOff.Input) async throws -> Operations.SignOff.Output {
        let staff = try access.require([.clerk, .department])
        let signOff: SignOffRequest = try GeneratedAPI.body(input.body)
        try RequestProblems.check()
        let department = staff.role == .department ? staff.department : nil
        return .ok(
            try await receipt(
                perform(input.path.caseNumber, nil) {
                    try actions.signOff(
                        caseNumber: $0, signOff: signOff, recordedBy: $2, department: department, on: $1)
                }))
    }

    func receipt(_ receipt: ActionReceipt) throws -> Components.Responses.ActionReceipt {
        .init(body: .json(try GeneratedAPI.convert(receipt)))
    }

    /// What an action came to: the case's new status, or a scope refusal, told apart by whether
    /// the caller may see the case at all.
    enum Outcome {
        case done(String)
        case refused(DomainRefusal, visible: Bool)
    }

    /// Checks the caller (a department handler in `scope`, or an admin), runs the action in one
    /// transaction as the caller (the actor on the record, from the token) and answers with the
    /// case's new status. `scope` nil: the action checks the caller's scope itself.
    func perform(
        _ caseNumber: String, _ scope: Scope?,
        _ action: @escaping @Sendable (String, PostgresConnection, String) throws -> Void
    ) async throws -> ActionReceipt {
        let staff = try access.require(scope == nil ? [.clerk, .department] : [.department])
        let department = scope != nil && staff.role == .department ? staff.department : nil
        let actor = staff.actor
        let outcome = try await pool.withConnection { connection in
            try connection.transaction { transaction -> Outcome in
                // A town-level clerk records sign-offs of that town's cases only.
                if let town = staff.town,
                    try CaseRef.lock(caseNumber: caseNumber, on: transaction).town != town
                {
                    return .refused(.notFound("case \(caseNumber) is outside \(town)"), visible: false)
                }
                if let department, let scope {
                    let (role, code): (WorkOrderRole, String) =
                        switch scope {
                        case .lead: (.lead, department)
                        case .coHandler(let named): (.co, named)
                        }
                    guard code == department,
                        try actions.holdsOpenWorkOrder(
                            caseNumber: caseNumber, department: department, role: role, on: transaction)
                    else {
                        return .refused(
                            .conflict("case \(caseNumber) has no open work order of yours (\(department))"),
                            visible: try actions.hasHeldWorkOrder(
                                caseNumber: caseNumber, department: department, on: transaction))
                    }
                }
                do {
                    try action(caseNumber, transaction, actor)
                } catch let refusal as DomainRefusal where refusal.kind == .forbidden {
                    // Another department's answer, refused before anything was written: nothing to undo.
                    return .refused(
                        refusal,
                        visible: try actions.hasHeldWorkOrder(
                            caseNumber: caseNumber, department: staff.department ?? "", on: transaction))
                }
                return .done(try CaseRef.status(caseNumber: caseNumber, on: transaction) ?? "")
            }
        }
        let status: String
        switch outcome {
        case .done(let done):
            status = done
        case .refused(let refusal, visible: false):
            // A case the caller may not see is answered as one that does not exist (no existence oracle).
            throw access.notVisible(staff, caseNumber: caseNumber, refusal.description)
        case .refused(let refusal, visible: true) where refusal.kind == .forbidden:
            throw access.outOfScope(staff, refusal.description)
        case .refused(let refusal, visible: true):
            // On a case they may see, the order is no longer open (answered, escalated, or a
            // concurrent action won the race): a conflict, as the refusal says.
            throw refusal
        }
        return ActionReceipt(caseNumber: caseNumber, status: status)
    }
}
