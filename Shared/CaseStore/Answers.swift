import CaseModel
import Foundation
import Storage

/// 结果反馈 and 签收: the `answers` table, one written answer per round, and its sign-off.
public enum Answers {
    public static func record(
        caseId: String, workOrderId: String, department: String, outcome: AnswerOutcome, text: String,
        reasons: String?, agreementId: String? = nil, actor: String, on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO answers (case_id, work_order_id, department_code, outcome, text, reasons, actor, agreement_id)
            VALUES (\(caseId)::uuid, \(workOrderId)::uuid, \(department), \(outcome.rawValue), \(text), \(reasons),
                    \(actor), \(agreementId)::uuid)
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

    /// The newest signed answer of the case: its word, when, and who recorded it.
    public static func lastSignOff(caseId: String, on connection: PostgresConnection) throws
        -> (id: String, decision: SignOffDecision, signedAt: Date, recordedBy: String?)?
    {
        guard
            let row = try connection.query(
                """
                SELECT id::text AS id, sign_off, signed_at, sign_off_recorded_by FROM answers
                WHERE case_id = \(caseId)::uuid AND signed_at IS NOT NULL
                ORDER BY answered_at DESC LIMIT 1
                """
            ).first,
            let decision = SignOffDecision(rawValue: try row.decode("sign_off"))
        else { return nil }
        return (
            try row.decode("id"), decision, try row.decode("signed_at"),
            try row.decodeIfPresent("sign_off_recorded_by")
        )
    }

    /// 异议: an acceptance recorded for the petitioner becomes their dispute, online; the time of
    /// the receipt stays (the review window counts from it).
    public static func contest(answerId: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE answers SET sign_off = 'disputed', sign_off_channel = 'online'
            WHERE id = \(answerId)::uuid AND sign_off = 'accepted'
            """)
    }
}
