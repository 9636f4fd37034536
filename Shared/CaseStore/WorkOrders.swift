import CaseModel
import Foundation
import Storage

/// 交办单: the `work_orders` table. A work order is **open** while it is neither answered (or,
/// for a co-handler, reported) nor closed by an escalation: `isOpen` says so, for every query.
public enum WorkOrders {
    /// The one definition of an open work order (the table aliased `w`).
    public static let isOpen: PostgresQuery = "w.answered_at IS NULL AND w.closed_at IS NULL"

    public struct Open: Decodable, Sendable, PostgresRowDecodable {
        public let id: String
        public let department: String
        let roleName: String
        public var role: WorkOrderRole { WorkOrderRole(rawValue: roleName) ?? .lead }
    }

    /// The case's open work orders, newest round first.
    public static func open(caseId: String, on connection: PostgresConnection) throws -> [Open] {
        try connection.query(
            """
            SELECT w.id::text AS id, w.department_code AS department, w.role AS "roleName" FROM work_orders w
            WHERE w.case_id = \(caseId)::uuid AND \(isOpen)
            ORDER BY w.round DESC, w.department_code
            """)
    }

    /// The lead's open work order of the case's current round, if any.
    public static func openLead(caseId: String, on connection: PostgresConnection) throws -> Open? {
        try open(caseId: caseId, on: connection).first { $0.role == .lead }
    }

    /// Whether `department` ever held a work order of the case: what lets a handler see it at all.
    public static func everHeld(caseNumber: String, department: String, on connection: PostgresConnection)
        throws -> Bool
    {
        try !connection.query(
            """
            SELECT 1 FROM work_orders w JOIN cases c ON c.id = w.case_id
            WHERE c.case_number = \(caseNumber) AND w.department_code = \(department) LIMIT 1
            """
        ).rows.isEmpty
    }

    /// 吹哨报到: closes every open work order of the case, saying why.
    public static func closeOpen(caseId: String, reason: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE work_orders w SET closed_at = now(), close_reason = \(reason)
            WHERE w.case_id = \(caseId)::uuid AND \(isOpen)
            """)
    }

    /// 停表 ended: every open work order's due time moves by the paused interval.
    public static func postponeOpen(caseId: String, by interval: String, on connection: PostgresConnection)
        throws
    {
        try connection.query(
            """
            UPDATE work_orders w SET due_at = due_at + \(interval)::interval
            WHERE w.case_id = \(caseId)::uuid AND \(isOpen)
            """)
    }

    /// The lead's answer closes its work order.
    public static func markAnswered(_ id: String, on connection: PostgresConnection) throws {
        try connection.query("UPDATE work_orders SET answered_at = now() WHERE id = \(id)::uuid")
    }

    /// 协办意见: a co-handler's report closes its work order (received, if it never was).
    public static func markReported(_ id: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE work_orders SET answered_at = now(), received_at = coalesce(received_at, now())
            WHERE id = \(id)::uuid
            """)
    }

    /// Who holds a work order and in what role (nil: no such work order).
    public static func holder(_ id: String, on connection: PostgresConnection) throws
        -> (caseId: String, department: String, role: WorkOrderRole)?
    {
        guard
            let row = try connection.query(
                """
                SELECT case_id::text AS case_id, role, department_code FROM work_orders WHERE id = \(id)::uuid
                """
            ).first
        else { return nil }
        return (
            try row.decode("case_id"), try row.decode("department_code"),
            WorkOrderRole(rawValue: try row.decode("role")) ?? .lead
        )
    }

    /// What a receipt found: the work order's case, round, due time and role, and whether an
    /// escalation had closed it meanwhile.
    public struct Received: Decodable, Sendable, PostgresRowDecodable {
        public let caseId: String
        public let round: Int
        public let dueAt: Date
        let roleName: String
        public let closed: Bool
        public var role: WorkOrderRole { WorkOrderRole(rawValue: roleName) ?? .lead }
    }

    /// 签收交办单: marks `department`'s work order received (once); nil when it has no such order.
    public static func receive(_ id: String, department: String, on connection: PostgresConnection) throws
        -> Received?
    {
        try connection.query(
            """
            UPDATE work_orders SET received_at = coalesce(received_at, now())
            WHERE id = \(id)::uuid AND department_code = \(department)
            RETURNING case_id::text AS "caseId", round, due_at AS "dueAt", role AS "roleName",
                      closed_at IS NOT NULL AS closed
            """, as: Received.self
        ).first
    }

    public struct Issued: Decodable, Sendable, PostgresRowDecodable {
        public let id: String
        public let dispatchedAt: Date
        public let dueAt: Date
    }

    /// 交办: a new work order for `department`, due in `days`.
    public static func issue(
        caseId: String, department: String, round: Int, days: Int, role: WorkOrderRole, tier: Tier,
        on connection: PostgresConnection
    ) throws -> Issued {
        try connection.query(
            """
            INSERT INTO work_orders (case_id, department_code, round, due_at, role, tier)
            VALUES (\(caseId)::uuid, \(department), \(round), now() + make_interval(days => \(days)),
                    \(role.rawValue), \(tier.rawValue))
            RETURNING id::text AS id, dispatched_at AS "dispatchedAt", due_at AS "dueAt"
            """, as: Issued.self
        )[0]
    }
}
