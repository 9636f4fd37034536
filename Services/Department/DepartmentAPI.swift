import Foundation
import Hummingbird
import Runtime
import Storage

/// Department staff over HTTP (through the gateway): `POST
/// /api/v1/cases/{caseNumber}/handling-steps`, `/answer`, `/sign-off`, `/co-reports`,
/// `/escalation`, `/clock/pause` and `/clock/resume`.
struct DepartmentAPI: Sendable {
    let pool: PostgresPool
    let actions: DepartmentActions

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/cases/:caseNumber/handling-steps") { request, context in
            let step = try await JSONBody.decode(HandlingStepRequest.self, from: request, required: ["note"])
            try Problem.requireText(step.note, field: "note")
            return try await perform(context) { try actions.recordStep(caseNumber: $0, step: step, on: $1) }
        }
        router.post("/api/v1/cases/:caseNumber/answer") { request, context in
            let answer = try await JSONBody.decode(
                AnswerRequest.self, from: request, required: ["outcome", "text"])
            try Problem.requireText(answer.text, field: "text")
            return try await perform(context) { try actions.answer(caseNumber: $0, answer: answer, on: $1) }
        }
        router.post("/api/v1/cases/:caseNumber/co-reports") { request, context in
            let report = try await JSONBody.decode(
                CoReportRequest.self, from: request, required: ["department", "text"])
            try Problem.requireText(report.department, field: "department", max: 32)
            try Problem.requireText(report.text, field: "text")
            return try await perform(context) { try actions.coReport(caseNumber: $0, report: report, on: $1) }
        }
        router.post("/api/v1/cases/:caseNumber/escalation") { request, context in
            let escalation = try await JSONBody.decode(
                EscalationRequest.self, from: request, required: ["reason"])
            try Problem.requireText(escalation.reason, field: "reason")
            return try await perform(context) {
                try actions.requestEscalation(caseNumber: $0, request: escalation, on: $1)
            }
        }
        router.post("/api/v1/cases/:caseNumber/clock/pause") { request, context in
            let pause = try await JSONBody.decode(
                ClockPauseRequest.self, from: request, required: ["waitingOn", "reason"])
            try Problem.requireText(pause.reason, field: "reason")
            return try await perform(context) { try actions.pauseClock(caseNumber: $0, pause: pause, on: $1) }
        }
        router.post("/api/v1/cases/:caseNumber/clock/resume") { _, context in
            try await perform(context) { try actions.resumeClock(caseNumber: $0, on: $1) }
        }
        router.post("/api/v1/cases/:caseNumber/sign-off") { request, context in
            let signOff = try await JSONBody.decode(
                SignOffRequest.self, from: request, required: ["decision", "channel"])
            return try await perform(context) {
                try actions.signOff(caseNumber: $0, signOff: signOff, on: $1)
            }
        }
    }

    /// Runs the action in one transaction and answers with the case's new status.
    func perform(
        _ context: BasicRequestContext,
        _ action: @escaping @Sendable (String, PostgresConnection) throws -> Void
    ) async throws -> Response {
        let caseNumber = context.parameters.get("caseNumber") ?? ""
        let status = try await pool.withConnection { connection in
            try connection.transaction { transaction in
                try action(caseNumber, transaction)
                return try transaction.execute(
                    "SELECT status FROM cases WHERE case_number = $1", [caseNumber]
                )
                .first!.decode("status", as: String.self)
            }
        }
        return try ActionReceipt(caseNumber: caseNumber, status: status).response()
    }
}
