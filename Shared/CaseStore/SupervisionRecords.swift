import CaseModel
import Foundation
import Storage

/// 督办: the `supervision_records` table. Each open work order of a case being handled (and not
/// paused) gets each level once: a reminder before its due time, a notice when it passes, and
/// flagged supervision (挂牌督办) `flagAfterSeconds` later. The (work order, level) key lets only
/// one of several routing replicas insert a record.
public enum SupervisionRecords {
    public enum Level: String, CaseIterable, Sendable {
        case reminder
        case notice
        case flagged
    }

    /// Issues the records now due at `level`; returns the work orders that got one.
    public static func issueDue(_ level: Level, rules: HandlingRules, on connection: PostgresConnection)
        throws
        -> [String]
    {
        let reached: PostgresQuery =
            switch level {
            case .reminder:
                "now() >= w.due_at - make_interval(secs => \(rules.reminderLeadSeconds)) AND now() < w.due_at"
            case .notice: "now() >= w.due_at"
            case .flagged: "now() >= w.due_at + make_interval(secs => \(rules.flagAfterSeconds))"
            }
        return try connection.query(
            """
            INSERT INTO supervision_records (case_id, work_order_id, department_code, level, due_at)
            SELECT w.case_id, w.id, w.department_code, \(level.rawValue), w.due_at
            FROM work_orders w JOIN cases c ON c.id = w.case_id
            WHERE \(WorkOrders.isOpen) AND c.status IN ('dispatched', 'handling')
              AND NOT EXISTS (SELECT 1 FROM clock_pauses p WHERE p.case_id = w.case_id AND p.ended_at IS NULL)
              AND \(reached)
            ON CONFLICT (work_order_id, level) DO NOTHING
            RETURNING work_order_id::text AS work_order_id
            """
        ).rows.map { try $0.decode("work_order_id") }
    }

    /// One record as a department's list shows it.
    public struct Record: Codable, Sendable, PostgresRowDecodable {
        public let caseNumber: String
        public let workOrderId: String
        public let level: String
        public let dueAt: Date
        public let issuedAt: Date
    }

    /// A department's records, newest first (at most 1,000), of one level or all.
    public static func list(department: String, level: Level?, on connection: PostgresConnection) throws
        -> [Record]
    {
        try connection.query(
            """
            SELECT c.case_number AS "caseNumber", s.work_order_id::text AS "workOrderId", s.level,
                   s.due_at AS "dueAt", s.issued_at AS "issuedAt"
            FROM supervision_records s JOIN cases c ON c.id = s.case_id
            WHERE s.department_code = \(department) AND (\(level?.rawValue)::text IS NULL OR s.level = \(level?.rawValue))
            ORDER BY s.issued_at DESC, s.id DESC LIMIT 1000
            """, as: Record.self)
    }
}
