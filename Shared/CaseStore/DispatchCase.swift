import CaseModel
import Foundation
import Storage

/// 分流交办's view of a case, read once per dispatch under the case's row lock (as `CaseRef.lock`):
/// the facts a rule is chosen by, what a work order carries, the plan it is on, and the next round.
public struct DispatchCase: Sendable, PostgresRowDecodable {
    public let ref: CaseRef
    public let channel: String
    public let category: String
    public let facts: String
    public let demand: String
    public let petitionerName: String
    /// Sealed (`v1:`); only the work order's writer opens it.
    public let sealedPhone: String
    public let community: String?
    public let grid: String?
    public let address: String?
    /// The plan and the rung it is on; nil before the first dispatch.
    public let routing: (plan: RoutingPlan, step: Int)?
    /// The round the next work orders belong to.
    public let nextRound: Int

    public init(row: PostgresRow) throws {
        ref = try CaseRef(row: row)
        channel = try row.decode("channel")
        category = try row.decode("category_code")
        facts = try row.decode("facts")
        demand = try row.decode("demand")
        petitionerName = try row.decode("petitioner_name")
        sealedPhone = try row.decode("petitioner_phone")
        community = try row.decodeIfPresent("location_community")
        grid = try row.decodeIfPresent("location_grid")
        address = try row.decodeIfPresent("location_address")
        if let plan = try row.decodeIfPresent("routing_plan", as: String.self),
            let step = try row.decodeIfPresent("ladder_step", as: Int.self)
        {
            routing = (try RoutingPlanColumn.plan(plan), step)
        } else {
            routing = nil
        }
        nextRound = try row.decode("next_round")
    }

    /// Locks the case and reads it; throws `CaseNotFound`.
    public static func lock(caseId: String, on connection: PostgresConnection) throws -> DispatchCase {
        try lock(where: "c.id = \(caseId)::uuid", caseId, on: connection)
    }

    public static func lock(caseNumber: String, on connection: PostgresConnection) throws -> DispatchCase {
        try lock(where: "c.case_number = \(caseNumber)", caseNumber, on: connection)
    }

    private static func lock(
        where condition: PostgresQuery, _ reference: String, on connection: PostgresConnection
    )
        throws -> DispatchCase
    {
        guard
            let found = try connection.query(
                """
                SELECT c.id::text AS id, c.case_number, c.status, c.department_code, c.location_town,
                       c.channel, c.category_code, c.facts, c.demand, c.petitioner_name, c.petitioner_phone,
                       c.location_community, c.location_grid, c.location_address,
                       c.routing_plan::text AS routing_plan, c.ladder_step,
                       (SELECT coalesce(max(w.round), 0) + 1 FROM work_orders w WHERE w.case_id = c.id) AS next_round
                FROM cases c WHERE \(condition) FOR NO KEY UPDATE OF c
                """, as: DispatchCase.self
            ).first
        else { throw CaseNotFound(reference: reference) }
        return found
    }

    /// 分流方案: records the plan and puts the case on its first rung.
    public static func recordPlan(_ plan: RoutingPlan, of caseRef: CaseRef, on connection: PostgresConnection)
        throws
    {
        let step = plan.ladder[0]
        try connection.query(
            """
            UPDATE cases SET routing_plan = \(try RoutingPlanColumn.text(plan))::jsonb, ladder_step = 0,
                             tier = \(step.tier.rawValue), department_code = \(step.lead),
                             first_department_code = coalesce(first_department_code, \(step.lead))
            WHERE id = \(caseRef.id)::uuid
            """)
    }
}
