import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import Hummingbird
import Storage

/// 待人工分流: the cases no rule could route, and a human dispatcher's decision.
/// `GET /api/v1/triage`; `POST /api/v1/cases/{caseNumber}/dispatch`.
struct TriageAPI: Sendable {
    let pool: PostgresPool
    let writer: WorkOrderWriter
    let access: Access

    struct Waiting: Codable, Sendable {
        let caseNumber: String
        let category: String
        let town: String
        let registeredAt: Date
        /// Why routing sent it here.
        let reason: String
    }

    struct TriageList: Codable, Sendable {
        let cases: [Waiting]
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

    func register(on router: Router<StaffRequestContext>) {
        router.get("/api/v1/triage") { request, context in
            try await access.require(request, context, [.supervisor])
            let waiting = try await pool.withConnection(retryOnLostConnection: true) { connection in
                try connection.execute(
                    """
                    SELECT c.case_number, c.category_code, c.location_town, c.registered_at, e.reason
                    FROM cases c
                    JOIN LATERAL (SELECT reason FROM case_events WHERE case_id = c.id AND action = 'send_to_triage'
                                  ORDER BY seq DESC LIMIT 1) e ON true
                    WHERE c.status = 'triage' ORDER BY c.registered_at LIMIT 1000
                    """
                ).rows.map {
                    Waiting(
                        caseNumber: try $0.decode("case_number"), category: try $0.decode("category_code"),
                        town: try $0.decode("location_town"), registeredAt: try $0.decode("registered_at"),
                        reason: try $0.decodeIfPresent("reason") ?? "")
                }
            }
            return try Response.json(TriageList(cases: waiting))
        }
        router.post("/api/v1/cases/:caseNumber/dispatch") { request, context in
            let staff = try await access.require(request, context, [.supervisor])
            let body = try await JSONBody.decode(
                DispatchRequest.self, from: request, required: ["mode", "ladder"])
            try DomainRefusal.requireText(body.note, field: "note", required: false)
            for (field, days) in [("dueDays", body.dueDays), ("coDueDays", body.coDueDays)] {
                if let days, !(1...365).contains(days) {
                    throw DomainRefusal.invalid([.init(field: field, problem: "must be from 1 to 365")])
                }
            }
            let caseNumber = context.parameters.get("caseNumber") ?? ""
            let plan = RoutingPlan(
                source: "dispatcher \(staff.actor)", mode: body.mode, ladder: body.ladder,
                dueDays: body.dueDays,
                coDueDays: body.coDueDays)
            let status = try await pool.withConnection { connection in
                try connection.transaction { transaction -> String in
                    let dispatched = try DispatchCase.lock(caseNumber: caseNumber, on: transaction)
                    let caseRef = dispatched.ref
                    guard caseRef.status == .triage else {
                        throw DomainRefusal.conflict(
                            "case \(caseNumber) is \(caseRef.status.rawValue); only cases in triage are "
                                + "dispatched by hand")
                    }
                    let departments = try transaction.execute(
                        "SELECT code, tier, town_code FROM departments WHERE active"
                    ).rows.reduce(into: [String: RoutingPlan.DepartmentFacts]()) { facts, row in
                        facts[try row.decode("code")] = .init(
                            tier: Tier(rawValue: try row.decode("tier")) ?? .district,
                            town: try row.decodeIfPresent("town_code"))
                    }
                    let problems = plan.problems(
                        departments: departments, town: caseRef.town, rules: writer.rules)
                    guard problems.isEmpty else { throw DomainRefusal.invalid(problems) }
                    try writer.dispatch(
                        dispatched, plan: plan, actor: staff.actor, note: body.note,
                        on: transaction)
                    return try transaction.execute(
                        "SELECT status FROM cases WHERE id = $1::uuid", [caseRef.id]
                    )
                    .first!.decode("status")
                }
            }
            return try ActionReceipt(caseNumber: caseNumber, status: status).response()
        }
    }
}
