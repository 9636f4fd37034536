import CaseModel
import CaseStore
import Foundation
import HTTPSupport

/// 回访 — a follow-up caller's worklist: `GET /api/v1/visits/due`, the visits the scheduler put on
/// the list and nobody has recorded, oldest first (in the caller's town, for a town-level one).
extension VisitAPI {
    struct DueVisits: Codable, Sendable {
        let count: Int
        let items: [VisitsDue.Item]
        let next: String?
    }

    func listVisitsDue(_ input: Operations.ListVisitsDue.Input) async throws
        -> Operations.ListVisitsDue.Output
    {
        let staff = try access.require([.followup, .clerk, .supervisor])
        let page = PageRequest(after: input.query.after, limit: input.query.limit)
        try RequestProblems.check(page.problems)
        let town = staff.town
        let due = try await pool.withConnection(retryOnLostConnection: true) { connection in
            let (items, next) = try VisitsDue.page(
                town: town, after: page.cursor, limit: page.limit, on: connection)
            return DueVisits(
                count: try VisitsDue.count(town: town, on: connection), items: items, next: next?.text)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(due))))
    }
}
