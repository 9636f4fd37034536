import CaseModel
import CaseStore
import Foundation
import HTTPSupport

/// 案件查询: `GET /api/v1/cases?…` — cases by any of their facts, newest first, within the
/// caller's scope (a town-level caller's town, a handler's own department's cases).
extension CaseAPI {
    struct Found: Codable, Sendable {
        let cases: [CaseSearch.Item]
        let next: String?
    }

    func searchCases(_ input: Operations.SearchCases.Input) async throws -> Operations.SearchCases.Output {
        let staff = try access.require([.clerk, .dispatcher, .department, .followup, .supervisor])
        let query = input.query
        let page = PageRequest(after: query.after, limit: query.limit)
        var criteria = CaseSearch.Criteria()
        var problems = page.problems
        problems += Self.identityProblems(phone: query.phone, idNumber: query.idNumber)
        let keys = identity.lookupKeys(phone: query.phone, idNumber: query.idNumber)
        criteria.phoneHash = keys.phoneHash
        criteria.idHash = keys.idHash
        criteria.name = query.name?.trimmingCharacters(in: .whitespaces)
        if let name = criteria.name, name.count < CaseSearch.shortestSubstring {
            problems.append(.init(field: "name", problem: "give at least 2 characters of the name"))
        }
        criteria.words = (query.text ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        if criteria.words.contains(where: { $0.count < CaseSearch.shortestSubstring }) {
            problems.append(.init(field: "text", problem: "each word needs at least 2 characters"))
        }
        for (field, day) in [("from", query.from), ("to", query.to)] {
            if let day, !CentreDay.isValid(day) {
                problems.append(.init(field: field, problem: "must be a day written YYYY-MM-DD"))
            }
        }
        if let from = query.from, let to = query.to, CentreDay.isValid(from), CentreDay.isValid(to), from > to
        {
            problems.append(.init(field: "to", problem: "must not be before from"))
        }
        try RequestProblems.check(problems)
        criteria.number = query.number
        criteria.category = query.category
        criteria.town = query.town
        criteria.community = query.community
        criteria.grid = query.grid
        criteria.status = query.status?.rawValue
        criteria.channel = query.channel?.rawValue
        criteria.department = query.department
        criteria.from = query.from
        criteria.to = query.to
        let scope = CaseSearch.Scope(
            town: staff.town, department: staff.role == .department ? staff.department : nil)
        let found = try await pool.withConnection(retryOnLostConnection: true) { [criteria] connection in
            let (cases, next) = try CaseSearch.page(
                criteria, scope: scope, after: page.cursor, limit: page.limit, on: connection)
            return Found(cases: cases, next: next?.text)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(found))))
    }

    struct Registrations: Codable, Sendable {
        let date: String
        let count: Int
        let cases: [CaseSearch.Item]
        let next: String?
    }

    /// 今日受理: `GET /api/v1/registrations?date=` — the cases the calling clerk registered that
    /// day (today unless given), newest first.
    func listMyRegistrations(_ input: Operations.ListMyRegistrations.Input) async throws
        -> Operations.ListMyRegistrations.Output
    {
        let staff = try access.require([.clerk], adminMay: false)
        let page = PageRequest(after: input.query.after, limit: input.query.limit)
        let day = input.query.date ?? CentreDay.of(Date())
        try RequestProblems.check(
            page.problems
                + (CentreDay.isValid(day)
                    ? [] : [.init(field: "date", problem: "must be a day written YYYY-MM-DD")]))
        var criteria = CaseSearch.Criteria()
        criteria.registeredBy = staff.actor
        criteria.from = day
        criteria.to = day
        let scope = CaseSearch.Scope(town: nil, department: nil)
        let list = try await pool.withConnection(retryOnLostConnection: true) { [criteria] connection in
            let (cases, next) = try CaseSearch.page(
                criteria, scope: scope, after: page.cursor, limit: page.limit, on: connection)
            return Registrations(
                date: day, count: try CaseSearch.count(criteria, scope: scope, on: connection), cases: cases,
                next: next?.text)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(list))))
    }
}
