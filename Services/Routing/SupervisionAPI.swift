import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import Hummingbird
import Storage

/// `GET /api/v1/departments/{code}/supervision[?level=notice|flagged|reminder]`:
/// the supervision records of one department, newest first.
struct SupervisionAPI: Sendable {
    let pool: PostgresPool
    let access: Access

    struct SupervisionList: Codable, Sendable {
        let department: String
        let records: [SupervisionRecords.Record]
    }

    func register(on router: Router<StaffRequestContext>) {
        router.get("/api/v1/departments/:code/supervision") { request, context in
            let code = context.parameters.get("code") ?? ""
            let staff = try await access.require(request, context, [.supervisor, .department])
            if staff.role == .department, staff.department != code {
                throw access.outOfScope(request, staff, "a department sees only its own supervision records")
            }
            let levelText = request.uri.queryParameters.get("level")
            let level = levelText.flatMap(SupervisionRecords.Level.init(rawValue:))
            if levelText != nil, level == nil {
                throw DomainRefusal.invalid([
                    .init(field: "level", problem: "must be one of reminder, notice, flagged")
                ])
            }
            let records = try await pool.withConnection(retryOnLostConnection: true) {
                connection -> [SupervisionRecords.Record]? in
                guard try ReferenceLookups.departmentExists(code, on: connection)
                else {
                    return nil
                }
                return try SupervisionRecords.list(department: code, level: level, on: connection)
            }
            guard let records else {
                throw DomainRefusal.notFound("no department \(code.prefix(40))")
            }
            return try Response.json(SupervisionList(department: code, records: records))
        }
    }
}
