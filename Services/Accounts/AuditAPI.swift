import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import OpenAPIRuntime

/// 审计: `GET /api/v1/audit` — an admin reads who revealed a petitioner's contact (and why) and
/// who read which case, newest first.
extension AccountsAPI {
    struct Audit: Codable, Sendable {
        let entries: [AccessAudit.Entry]
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        try access.require([.admin])
        let query = input.query
        let parse = { (text: String?, field: String) -> (Date?, [FieldProblem]) in
            guard let text else { return (nil, []) }
            guard let date = ISO8601DateFormatter().date(from: text) else {
                return (
                    nil, [FieldProblem(field: field, problem: "must be a time such as 2026-12-01T08:00:00Z")]
                )
            }
            return (date, [])
        }
        let (from, fromProblems) = parse(query.from, "from")
        let (to, toProblems) = parse(query.to, "to")
        try RequestProblems.check(fromProblems + toProblems)
        let entries = try await pool.withConnection(retryOnLostConnection: true) {
            try AccessAudit.entries(
                caseNumber: query._case, staff: query.staff, from: from, to: to, limit: query.limit ?? 200,
                on: $0)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(Audit(entries: entries)))))
    }
}
