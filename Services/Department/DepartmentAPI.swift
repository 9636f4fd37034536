import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPSupport
import Hummingbird
import Storage

/// Department staff over HTTP (through the gateway): `POST
/// /api/v1/cases/{caseNumber}/handling-steps`, `/answer`, `/co-reports`,
/// `/escalation`, `/clock/pause` and `/clock/resume` by the department's own
/// handlers (a handler acts only on their department's open work orders), and
/// `/sign-off`, which the window records for the petitioner.
struct DepartmentAPI: Sendable {
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

    func register(on router: Router<StaffRequestContext>) {
        router.post("/api/v1/cases/:caseNumber/handling-steps") { request, context in
            let step = try await JSONBody.decode(HandlingStepRequest.self, from: request, required: ["note"])
            try DomainRefusal.requireText(step.note, field: "note")
            return try await perform(request, context, .lead) {
                try actions.recordStep(caseNumber: $0, step: step, by: $2, on: $1)
            }
        }
        router.post("/api/v1/cases/:caseNumber/answer") { request, context in
            let answer = try await JSONBody.decode(
                AnswerRequest.self, from: request, required: ["outcome", "text"])
            try DomainRefusal.requireText(answer.text, field: "text")
            return try await perform(request, context, .lead) {
                try actions.answer(caseNumber: $0, answer: answer, by: $2, on: $1)
            }
        }
        router.post("/api/v1/cases/:caseNumber/co-reports") { request, context in
            let report = try await JSONBody.decode(
                CoReportRequest.self, from: request, required: ["department", "text"])
            try DomainRefusal.requireText(report.department, field: "department", max: 32)
            try DomainRefusal.requireText(report.text, field: "text")
            return try await perform(request, context, .coHandler(report.department)) {
                try actions.coReport(caseNumber: $0, report: report, by: $2, on: $1)
            }
        }
        router.post("/api/v1/cases/:caseNumber/escalation") { request, context in
            let escalation = try await JSONBody.decode(
                EscalationRequest.self, from: request, required: ["reason"])
            try DomainRefusal.requireText(escalation.reason, field: "reason")
            return try await perform(request, context, .lead) {
                try actions.requestEscalation(caseNumber: $0, request: escalation, by: $2, on: $1)
            }
        }
        router.post("/api/v1/cases/:caseNumber/clock/pause") { request, context in
            let pause = try await JSONBody.decode(
                ClockPauseRequest.self, from: request, required: ["waitingOn", "reason"])
            try DomainRefusal.requireText(pause.reason, field: "reason")
            return try await perform(request, context, .lead) {
                try actions.pauseClock(caseNumber: $0, pause: pause, by: $2, on: $1)
            }
        }
        router.post("/api/v1/cases/:caseNumber/clock/resume") { request, context in
            try await perform(request, context, .lead) {
                try actions.resumeClock(caseNumber: $0, by: $2, on: $1)
            }
        }
        router.post("/api/v1/cases/:caseNumber/sign-off") { request, context in
            let staff = try await access.require(request, context, [.clerk, .department])
            let signOff = try await JSONBody.decode(
                SignOffRequest.self, from: request, required: ["decision", "channel"])
            let department = staff.role == .department ? staff.department : nil
            return try await perform(request, context, nil) {
                try actions.signOff(
                    caseNumber: $0, signOff: signOff, recordedBy: $2, department: department, on: $1)
            }
        }
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
        _ request: Request, _ context: StaffRequestContext, _ scope: Scope?,
        _ action: @escaping @Sendable (String, PostgresConnection, String) throws -> Void
    ) async throws -> Response {
        let caseNumber = context.parameters.get("caseNumber") ?? ""
        let staff = try await access.require(
            request, context, scope == nil ? [.clerk, .department] : [.department])
        let department = scope != nil && staff.role == .department ? staff.department : nil
        let actor = staff.actor
        let outcome = try await pool.withConnection { connection in
            try connection.transaction { transaction -> Outcome in
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
            throw access.notVisible(request, staff, caseNumber: caseNumber, refusal.description)
        case .refused(let refusal, visible: true) where refusal.kind == .forbidden:
            throw access.outOfScope(request, staff, refusal.description)
        case .refused(let refusal, visible: true):
            // On a case they may see, the order is no longer open (answered, escalated, or a
            // concurrent action won the race): a conflict, as the refusal says.
            throw refusal
        }
        return try ActionReceipt(caseNumber: caseNumber, status: status).response()
    }
}
