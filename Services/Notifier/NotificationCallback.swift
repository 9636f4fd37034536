import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import Logging
import Storage

/// 回执: `POST /api/v1/notifications/callback`, where the SMS provider reports what became of a
/// message (accepted, delivered, failed). Signed like the webhook (WebhookSignature) with
/// ONEDOOR_SMS_CALLBACK_SECRET: an unsigned or forged report is refused (401) and logged.
struct NotificationCallback: Sendable {
    static let path = "/api/v1/notifications/callback"
    let pool: PostgresPool
    let secret: String
    let logger: Logger

    struct Report: Decodable {
        let idempotencyKey: String
        let status: String
        let reference: String?
        let error: String?
    }

    func register(on router: Router<StaffRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.path)) { request, context -> Response in
            try await receive(request, context: context)
        }
    }

    func receive(_ request: Request, context: StaffRequestContext) async throws -> Response {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false else {
            throw Problem(status: .unsupportedMediaType, detail: "send application/json")
        }
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let body = Data(buffer.readableBytesView)
        let header = request.headers[HTTPField.Name(WebhookSignature.header)!]
        if let refusal = WebhookSignature.refusal(header, body: body, secret: secret) {
            logger.warning(
                "notification callback refused", metadata: ["why": "\(refusal)", "client": "\(context.peer)"])
            throw Problem(
                status: .unauthorized, detail: "the callback is not signed by the provider: \(refusal)")
        }
        let report: Report
        do {
            report = try JSONDecoder().decode(Report.self, from: body)
        } catch {
            throw Problem(status: .badRequest, detail: "the body is not a callback report: \(error)")
        }
        var problems: [FieldProblem] = []
        if !["accepted", "delivered", "failed"].contains(report.status) {
            problems.append(.init(field: "status", problem: "must be accepted, delivered or failed"))
        }
        if report.idempotencyKey.count > 64 {
            problems.append(.init(field: "idempotencyKey", problem: "is at most 64 characters"))
        }
        if (report.reference ?? "").count > 200 {
            problems.append(.init(field: "reference", problem: "is at most 200 characters"))
        }
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        let found = try await pool.withConnection {
            try Notifications.recordOutcome(
                report.idempotencyKey, outcome: report.status, reference: report.reference,
                error: report.error.map { String($0.prefix(500)) }, on: $0)
        }
        guard found else {
            throw Problem(status: .notFound, detail: "no notification \(report.idempotencyKey.prefix(64))")
        }
        logger.info(
            "notification outcome",
            metadata: ["id": "\(report.idempotencyKey)", "status": "\(report.status)"])
        return Response(status: .noContent)
    }
}
