import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import Storage

/// 督办 — a supervisor's worklist: `GET /api/v1/supervision?state=overdue|notice|flagged&department=`,
/// every department's open work orders in that state (in the supervisor's town, for a town-level
/// one), oldest due first, with the counts by department.
extension RoutingAPI {
    struct SupervisedWork: Codable, Sendable {
        let state: String
        let departments: [DepartmentWorklist.Supervised]
        let items: [DepartmentWorklist.Item]
        let next: String?
    }

    func listSupervisedWork(_ input: Operations.ListSupervisedWork.Input) async throws
        -> Operations.ListSupervisedWork.Output
    {
        let staff = try access.require([.supervisor])
        let page = PageRequest(after: input.query.after, limit: input.query.limit)
        try RequestProblems.check(page.problems)
        let state = input.query.state.flatMap { DepartmentWorklist.State(rawValue: $0.rawValue) } ?? .overdue
        let department = input.query.department
        let town = staff.town
        let work = try await pool.withConnection(retryOnLostConnection: true) {
            connection -> SupervisedWork? in
            if let department, try !ReferenceLookups.departmentExists(department, on: connection) {
                return nil
            }
            let (items, next) = try DepartmentWorklist.page(
                department: department, state: state, town: town, after: page.cursor, limit: page.limit,
                dueSoonDays: 0, on: connection)
            return SupervisedWork(
                state: state.rawValue,
                departments: try DepartmentWorklist.supervised(town: town, on: connection),
                items: items, next: next?.text)
        }
        guard let work else { throw DomainRefusal.notFound("no department \(department?.prefix(40) ?? "")") }
        return .ok(.init(body: .json(try GeneratedAPI.convert(work))))
    }
}
