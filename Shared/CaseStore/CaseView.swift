import CaseModel
import Foundation
import Storage

/// What `GET /api/v1/cases/{caseNumber}` shows: the case, where it stands, who
/// holds it, and its whole timeline. The petitioner's phone is masked.
public struct CaseView: Codable, Sendable {
    public struct Department: Codable, Sendable {
        public let code: String
        public let name: String
        public let nameZh: String
    }

    public struct WorkOrderView: Codable, Sendable {
        public let id: String
        public let department: String
        public let round: Int
        public let dispatchedAt: Date
        public let dueAt: Date
        public let receivedAt: Date?
    }

    public struct Event: Codable, Sendable {
        public let seq: Int
        public let action: String
        public let from: String?
        public let to: String
        public let actor: String
        public let reason: String?
        public let at: Date
    }

    public let caseNumber: String
    public let status: String
    public let channel: String
    public let category: String
    public let petitioner: Registration.Petitioner
    public let facts: String
    public let demand: String
    public let location: Registration.Location
    public let department: Department?
    public let registeredAt: Date
    public let workOrders: [WorkOrderView]
    public let timeline: [Event]

    /// Loads the view, or nil when there is no such case.
    public static func load(caseNumber: String, on connection: PostgresConnection) throws -> CaseView? {
        guard
            let row = try connection.execute(
                """
                SELECT c.id::text AS id, c.case_number, c.status, c.channel, c.category_code, c.petitioner_name,
                       c.petitioner_phone, c.facts, c.demand, c.location_town, c.location_community,
                       c.location_grid, c.location_address, c.registered_at,
                       d.code AS department_code, d.name AS department_name, d.name_zh AS department_name_zh
                FROM cases c LEFT JOIN departments d ON d.code = c.department_code
                WHERE c.case_number = $1
                """, [caseNumber]
            ).first
        else { return nil }
        let caseId: String = try row.decode("id")
        let orders = try connection.execute(
            """
            SELECT id::text AS id, department_code, round, dispatched_at, due_at, received_at
            FROM work_orders WHERE case_id = $1::uuid ORDER BY dispatched_at, department_code
            """, [caseId]
        ).rows.map {
            WorkOrderView(
                id: try $0.decode("id"), department: try $0.decode("department_code"),
                round: try $0.decode("round"),
                dispatchedAt: try $0.decode("dispatched_at"), dueAt: try $0.decode("due_at"),
                receivedAt: try $0.decodeIfPresent("received_at"))
        }
        let events = try connection.execute(
            """
            SELECT seq, action, from_status, to_status, actor, reason, occurred_at
            FROM case_events WHERE case_id = $1::uuid ORDER BY seq
            """, [caseId]
        ).rows.map {
            Event(
                seq: try $0.decode("seq"), action: try $0.decode("action"),
                from: try $0.decodeIfPresent("from_status"),
                to: try $0.decode("to_status"), actor: try $0.decode("actor"),
                reason: try $0.decodeIfPresent("reason"),
                at: try $0.decode("occurred_at"))
        }
        let department: Department? = try row.decodeIfPresent("department_code", as: String.self).map {
            Department(
                code: $0, name: try row.decode("department_name"),
                nameZh: try row.decode("department_name_zh"))
        }
        return CaseView(
            caseNumber: try row.decode("case_number"), status: try row.decode("status"),
            channel: try row.decode("channel"), category: try row.decode("category_code"),
            petitioner: .init(
                name: try row.decode("petitioner_name"),
                phone: PersonalData.maskPhone(try row.decode("petitioner_phone"))),
            facts: try row.decode("facts"), demand: try row.decode("demand"),
            location: .init(
                town: try row.decode("location_town"),
                community: try row.decodeIfPresent("location_community"),
                grid: try row.decodeIfPresent("location_grid"),
                address: try row.decodeIfPresent("location_address")),
            department: department, registeredAt: try row.decode("registered_at"), workOrders: orders,
            timeline: events)
    }
}
