import Foundation
import Hummingbird
import Runtime
import Storage

/// Department staff over HTTP (through the gateway):
/// `POST /api/v1/cases/{caseNumber}/handling-steps`, `/answer`, `/sign-off`.
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
