import CaseModel
import Foundation
import Storage

/// The identifying facts of a case, read under a row lock so a command sees the
/// status it will change.
///
/// The lock is `FOR NO KEY UPDATE`, the one PostgreSQL's own updates of non-key
/// columns take: it serialises commands on the case but lets other transactions
/// insert rows that reference it. `FOR UPDATE` would also wait for every foreign-key
/// check on the case — a later repeat case (`repeat_of`) being dispatched blocked
/// the department receiving this one.
public struct CaseRef: Sendable, PostgresRowDecodable {
    public let id: String
    public let number: String
    public let status: CaseStatus
    public let departmentCode: String?
    public let town: String

    /// Locks the case row until the transaction ends (see above); throws `CaseNotFound`.
    public static func lock(caseNumber: String, on connection: PostgresConnection) throws -> CaseRef {
        try lock(where: "case_number = $1", caseNumber, on: connection)
    }

    public static func lock(caseId: String, on connection: PostgresConnection) throws -> CaseRef {
        try lock(where: "id = $1::uuid", caseId, on: connection)
    }

    private static func lock(where condition: String, _ value: String, on connection: PostgresConnection)
        throws
        -> CaseRef
    {
        guard
            let row = try connection.execute(
                """
                SELECT id::text AS id, case_number, status, department_code, location_town
                FROM cases WHERE \(condition) FOR NO KEY UPDATE
                """, [value]
            ).first
        else { throw CaseNotFound(reference: value) }
        return try CaseRef(row: row)
    }

    /// From a row with `id`, `case_number`, `status`, `department_code` and `location_town`.
    public init(row: PostgresRow) throws {
        id = try row.decode("id")
        number = try row.decode("case_number")
        guard let status = CaseStatus(rawValue: try row.decode("status")) else {
            throw CaseNotFound(reference: id)
        }
        self.status = status
        departmentCode = try row.decodeIfPresent("department_code")
        town = try row.decode("location_town")
    }

    /// The case's status now (after the caller's changes in the same transaction); nil: no such case.
    public static func status(caseNumber: String, on connection: PostgresConnection) throws -> String? {
        try connection.query("SELECT status FROM cases WHERE case_number = \(caseNumber)").first?.decode(
            "status")
    }

    /// What routing decided for the case and the step of its ladder it is on; nil until it is
    /// dispatched. Read only where needed, so the lock every transition takes stays small.
    public func routing(on connection: PostgresConnection) throws -> (plan: RoutingPlan, step: Int)? {
        guard
            let row = try connection.execute(
                "SELECT routing_plan::text AS plan, ladder_step FROM cases WHERE id = $1::uuid", [id]
            ).first,
            let plan = try row.decodeIfPresent("plan", as: String.self),
            let step = try row.decodeIfPresent("ladder_step", as: Int.self)
        else { return nil }
        return (try RoutingPlanColumn.plan(plan), step)
    }
}
