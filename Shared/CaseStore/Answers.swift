import CaseModel
import Foundation
import Storage

/// 结果反馈 and 签收: the `answers` table, one written answer per round, and its sign-off.
public enum Answers {
    public static func record(
        caseId: String, workOrderId: String, department: String, outcome: AnswerOutcome, text: String,
        reasons: String?, actor: String, on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO answers (case_id, work_order_id, department_code, outcome, text, reasons, actor)
            VALUES (\(caseId)::uuid, \(workOrderId)::uuid, \(department), \(outcome.rawValue), \(text), \(reasons),
                    \(actor))
            """)
    }

    /// The latest answer not signed yet: its id and the department that wrote it.
    public static func unsigned(caseId: String, on connection: PostgresConnection) throws
        -> (id: String, department: String)?
    {
        guard
            let row = try connection.query(
                """
                SELECT id::text AS id, department_code FROM answers
                WHERE case_id = \(caseId)::uuid AND signed_at IS NULL
                ORDER BY answered_at DESC LIMIT 1
                """
            ).first
        else { return nil }
        return (try row.decode("id"), try row.decode("department_code"))
    }

    /// Writes down the petitioner's word on the answer, with who recorded it; when it was signed.
    public static func recordSignOff(
        answerId: String, decision: SignOffDecision, channel: SignOffChannel, recordedBy actor: String,
        on connection: PostgresConnection
    ) throws -> Date {
        try connection.query(
            """
            UPDATE answers SET sign_off = \(decision.rawValue), sign_off_channel = \(channel.rawValue),
                               signed_at = now(), sign_off_recorded_by = \(actor)
            WHERE id = \(answerId)::uuid
            RETURNING signed_at
            """
        ).first!.decode("signed_at")
    }
}
