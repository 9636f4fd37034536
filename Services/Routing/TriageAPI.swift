import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import Storage

/// 待人工分流: the cases no rule could route, and a human dispatcher's decision.
/// `GET /api/v1/triage`; `POST /api/v1/cases/{caseNumber}/dispatch`.
extension RoutingAPI {
    struct TriageList: Codable, Sendable {
        let count: Int
        let cases: [TriageQueue.Waiting]
        let next: String?
    }

    /// The dispatcher's plan: the mode and the ladder, lowest tier first.
    struct DispatchRequest: Codable, Sendable {
        /// Ignored: the dispatcher on the record is the token's staff member, never a name from the body.
        var dispatcher: String?
        var mode: HandlingMode
        var ladder: [RoutingPlan.Step]
        var dueDays: Int?
        var coDueDays: Int?
        var note: String?
    }

    func listTriage(_ input: Operations.ListTriage.Input) async throws -> Operations.ListTriage.Output {
        let staff = try access.require([.supervisor, .dispatcher])
        let page = PageRequest(after: input.query.after, limit: input.query.limit)
        try RequestProblems.check(page.problems)
        let town = staff.town
        let list = try await pool.withConnection(retryOnLostConnection: true) { connection in
            let (cases, next) = try TriageQueue.page(
                town: town, after: page.cursor, limit: page.limit, on: connection)
            return TriageList(
                count: try TriageQueue.count(town: town, on: connection), cases: cases, next: next?.text)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(list))))
    }

    func dispatchByHand(_ input: Operations.DispatchByHand.Input) async throws
        -> Operations.DispatchByHand.Output
    {
        let staff = try access.require([.supervisor, .dispatcher])
        let body: DispatchRequest = try GeneratedAPI.body(input.body)
        try RequestProblems.check(DomainRefusal.textProblems(body.note, field: "note", required: false))
        let caseNumber = input.path.caseNumber
        let plan = RoutingPlan(
            source: "dispatcher \(staff.actor)", mode: body.mode, ladder: body.ladder, dueDays: body.dueDays,
            coDueDays: body.coDueDays)
        let status = try await pool.withConnection { connection in
            try connection.transaction { transaction -> String in
                let dispatched = try DispatchCase.lock(caseNumber: caseNumber, on: transaction)
                let caseRef = dispatched.ref
                try access.requireTown(staff, of: caseRef)
                guard caseRef.status == .triage else {
                    throw DomainRefusal.conflict(
                        "case \(caseNumber) is \(caseRef.status.rawValue); only cases in triage are "
                            + "dispatched by hand")
                }
                let departments = try ReferenceLookups.departmentFacts(on: transaction)
                let problems = plan.problems(
                    departments: departments, town: caseRef.town, rules: writer.rules)
                guard problems.isEmpty else { throw DomainRefusal.invalid(problems) }
                try writer.dispatch(
                    dispatched, plan: plan, actor: staff.actor, note: body.note, on: transaction)
                return try CaseRef.status(caseNumber: caseRef.number, on: transaction) ?? ""
            }
        }
        return .ok(
            .init(
                body: .json(try GeneratedAPI.convert(ActionReceipt(caseNumber: caseNumber, status: status)))))
    }
}
