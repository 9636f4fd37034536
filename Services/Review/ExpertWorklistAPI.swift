import CaseModel
import CaseStore
import Foundation
import HTTPSupport

/// 专家评审 — an expert's worklist: `GET /api/v1/experts/{code}/panels?state=awaiting|given`, the
/// panels they sit on awaiting their opinion, soonest due first (a supervisor's or admin's view
/// of any expert's).
extension ReviewAPI {
    struct ExpertWork: Codable, Sendable {
        let expert: String
        let state: String
        let counts: ExpertWorklist.Counts
        let items: [ExpertWorklist.Item]
        let next: String?
    }

    func listExpertPanels(_ input: Operations.ListExpertPanels.Input) async throws
        -> Operations.ListExpertPanels.Output
    {
        let code = input.path.code
        let staff = try access.require([.expert, .supervisor])
        if staff.role == .expert, staff.expert != code {
            throw access.outOfScope(staff, "an expert sees only their own panels")
        }
        let page = PageRequest(after: input.query.after, limit: input.query.limit)
        try RequestProblems.check(page.problems)
        let state = input.query.state.flatMap { ExpertWorklist.State(rawValue: $0.rawValue) } ?? .awaiting
        let days = rules.handling.reviewOpinionDays
        let work = try await pool.withConnection(retryOnLostConnection: true) { connection -> ExpertWork? in
            guard try !ReviewPanels.expertFacts([code], on: connection).isEmpty else { return nil }
            let (items, next) = try ExpertWorklist.page(
                expert: code, state: state, opinionDays: days, after: page.cursor, limit: page.limit,
                on: connection)
            return ExpertWork(
                expert: code, state: state.rawValue,
                counts: try ExpertWorklist.counts(expert: code, opinionDays: days, on: connection),
                items: items,
                next: next?.text)
        }
        guard let work else { throw DomainRefusal.notFound("no expert \(code.prefix(40))") }
        return .ok(.init(body: .json(try GeneratedAPI.convert(work))))
    }
}
