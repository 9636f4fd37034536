import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import OpenAPIRuntime

/// 我的待办: `GET /api/v1/departments/{code}/work-orders` — a handler's own department's work
/// orders (a supervisor's or admin's of any department), soonest due first, a page at a time.
extension DepartmentAPI {
    /// "即将到期": open and due within this many days.
    static let dueSoonDays = 2

    struct Worklist: Codable, Sendable {
        let department: String
        let state: String
        let counts: DepartmentWorklist.Counts
        let items: [DepartmentWorklist.Item]
        let next: String?
    }

    func listDepartmentWorkOrders(_ input: Operations.ListDepartmentWorkOrders.Input) async throws
        -> Operations.ListDepartmentWorkOrders.Output
    {
        let code = input.path.code
        let staff = try access.require([.department, .supervisor])
        try access.requireOwnDepartment(staff, code, "work orders")
        let page = PageRequest(after: input.query.after, limit: input.query.limit)
        try RequestProblems.check(page.problems)
        let state = input.query.state.flatMap { DepartmentWorklist.State(rawValue: $0.rawValue) } ?? .open
        let town = staff.town
        let list = try await pool.withConnection(retryOnLostConnection: true) { connection -> Worklist? in
            guard try ReferenceLookups.departmentExists(code, on: connection) else { return nil }
            let (items, next) = try DepartmentWorklist.page(
                department: code, state: state, town: town, after: page.cursor, limit: page.limit,
                dueSoonDays: Self.dueSoonDays, on: connection)
            let counts = try DepartmentWorklist.counts(
                department: code, town: town, dueSoonDays: Self.dueSoonDays, on: connection)
            return Worklist(
                department: code, state: state.rawValue, counts: counts, items: items, next: next?.text)
        }
        guard let list else { throw DomainRefusal.notFound("no department \(code.prefix(40))") }
        return .ok(.init(body: .json(try GeneratedAPI.convert(list))))
    }
}
