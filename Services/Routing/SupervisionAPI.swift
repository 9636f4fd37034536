import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import Storage

/// `GET /api/v1/departments/{code}/supervision[?level=notice|flagged|reminder]`:
/// the supervision records of one department, newest first.
extension RoutingAPI {
    struct SupervisionList: Codable, Sendable {
        let department: String
        let records: [SupervisionRecords.Record]
    }

    func listSupervision(_ input: Operations.ListSupervision.Input) async throws
        -> Operations.ListSupervision.Output
    {
        let code = input.path.code
        let staff = try access.require([.supervisor, .department])
        try access.requireOwnDepartment(staff, code, "supervision records")
        try RequestProblems.check()
        let level = input.query.level.flatMap { SupervisionRecords.Level(rawValue: $0.rawValue) }
        let records = try await pool.withConnection(retryOnLostConnection: true) {
            connection -> [SupervisionRecords.Record]? in
            guard try ReferenceLookups.departmentExists(code, on: connection) else { return nil }
            return try SupervisionRecords.list(department: code, level: level, on: connection)
        }
        guard let records else {
            throw DomainRefusal.notFound("no department \(code.prefix(40))")
        }
        return .ok(
            .init(body: .json(try GeneratedAPI.convert(SupervisionList(department: code, records: records)))))
    }
}
