import CaseModel
import Foundation
import HTTPSupport
import Hummingbird
import Storage

/// `GET /api/v1/departments/{code}/supervision[?level=notice|flagged|reminder]`:
/// the supervision records of one department, newest first.
struct SupervisionAPI: Sendable {
    let pool: PostgresPool
    let access: Access

    struct Record: Codable, Sendable {
        let caseNumber: String
        let workOrderId: String
        let level: String
        let dueAt: Date
        let issuedAt: Date
    }

    struct SupervisionList: Codable, Sendable {
        let department: String
        let records: [Record]
    }

    func register(on router: Router<StaffRequestContext>) {
        router.get("/api/v1/departments/:code/supervision") { request, context in
            let code = context.parameters.get("code") ?? ""
            let staff = try await access.require(request, context, [.supervisor, .department])
            if staff.role == .department, staff.department != code {
                throw access.outOfScope(request, staff, "a department sees only its own supervision records")
            }
            let level = request.uri.queryParameters.get("level")
            if let level, !["reminder", "notice", "flagged"].contains(level) {
                throw DomainRefusal.invalid([
                    .init(field: "level", problem: "must be one of reminder, notice, flagged")
                ])
            }
            let records = try await pool.withConnection(retryOnLostConnection: true) {
                connection -> [Record]? in
                guard try connection.execute("SELECT 1 FROM departments WHERE code = $1", [code]).first != nil
                else {
                    return nil
                }
                return try connection.execute(
                    """
                    SELECT c.case_number, s.work_order_id::text AS work_order_id, s.level, s.due_at, s.issued_at
                    FROM supervision_records s JOIN cases c ON c.id = s.case_id
                    WHERE s.department_code = $1 AND ($2::text IS NULL OR s.level = $2)
                    ORDER BY s.issued_at DESC, s.id DESC LIMIT 1000
                    """, [code, level]
                ).rows.map {
                    Record(
                        caseNumber: try $0.decode("case_number"), workOrderId: try $0.decode("work_order_id"),
                        level: try $0.decode("level"), dueAt: try $0.decode("due_at"),
                        issuedAt: try $0.decode("issued_at"))
                }
            }
            guard let records else {
                throw DomainRefusal.notFound("no department \(code.prefix(40))")
            }
            return try Response.json(SupervisionList(department: code, records: records))
        }
    }
}
