import CaseModel
import Storage

/// 办理 and 协办意见: the `handling_steps` and `co_reports` tables, what a department records
/// while it holds a case.
public enum HandlingRecords {
    public static func recordStep(
        caseId: String, workOrderId: String, mediation: Mediation?, note: String, actor: String,
        on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO handling_steps (case_id, work_order_id, mediation, note, actor)
            VALUES (\(caseId)::uuid, \(workOrderId)::uuid, \(mediation?.rawValue), \(note), \(actor))
            """)
    }

    public static func recordCoReport(
        caseId: String, workOrderId: String, department: String, text: String, actor: String,
        on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO co_reports (work_order_id, case_id, department_code, text, actor)
            VALUES (\(workOrderId)::uuid, \(caseId)::uuid, \(department), \(text), \(actor))
            """)
    }
}
