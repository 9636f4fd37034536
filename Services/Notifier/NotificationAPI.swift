import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import Storage

/// 通知记录 for staff: `GET /api/v1/cases/{caseNumber}/notifications` (what the petitioner was
/// sent and what became of it) and `GET /api/v1/notifications/failed` (通知失败, the clerks'
/// worklist of messages that failed after every retry).
struct NotificationAPI: APIProtocol {
    let pool: PostgresPool
    let access: Access

    func listCaseNotifications(_ input: Operations.ListCaseNotifications.Input) async throws
        -> Operations.ListCaseNotifications.Output
    {
        let staff = try access.require([.clerk, .supervisor, .followup, .dispatcher])
        try RequestProblems.check()
        let caseNumber = input.path.caseNumber
        let found = try await pool.withConnection(retryOnLostConnection: true) {
            connection -> (town: String, records: [Notifications.Record])? in
            guard
                let town: String = try connection.execute(
                    "SELECT location_town FROM cases WHERE case_number = $1", [caseNumber]
                ).first?.decode("location_town")
            else { return nil }
            return (town, try Notifications.forCase(caseNumber: caseNumber, on: connection))
        }
        guard let found, staff.covers(town: found.town) else {
            throw DomainRefusal.notFound("no case \(caseNumber.prefix(40))")
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(["items": found.records]))))
    }

    struct Failed: Codable, Sendable {
        let count: Int
        let items: [Notifications.Record]
    }

    func listFailedNotifications(_ input: Operations.ListFailedNotifications.Input) async throws
        -> Operations.ListFailedNotifications.Output
    {
        let staff = try access.require([.clerk, .supervisor])
        let page = PageRequest(after: nil, limit: input.query.limit)
        try RequestProblems.check(page.problems)
        let town = staff.town
        let failed = try await pool.withConnection(retryOnLostConnection: true) { connection in
            Failed(
                count: try Notifications.failedCount(town: town, on: connection),
                items: try Notifications.failed(town: town, limit: page.limit, on: connection))
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(failed))))
    }
}
