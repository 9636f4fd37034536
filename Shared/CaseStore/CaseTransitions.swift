import CaseModel
import Foundation
import Storage

/// Moves cases through the state machine in the database: the status check,
/// the update and the timeline row happen together, under a row lock.
public enum CaseTransitions {
    /// Applies `action` to the case, appending it to the timeline. Throws
    /// `IllegalTransition` when the state machine refuses, `CaseNotFound` when there is no such case.
    @discardableResult
    public static func apply(
        _ action: CaseAction, caseId: String, actor: String, reason: String?,
        on connection: PostgresConnection
    ) throws -> CaseStatus {
        guard
            let row = try connection.execute(
                "SELECT status FROM cases WHERE id = $1::uuid FOR UPDATE", [caseId]
            )
            .first
        else { throw CaseNotFound(reference: caseId) }
        let from = CaseStatus(rawValue: try row.decode("status"))
        let to = try CaseStateMachine.apply(action, to: from)
        try connection.execute(
            "UPDATE cases SET status = $2, updated_at = now() WHERE id = $1::uuid", [caseId, to.rawValue])
        try appendEvent(
            caseId: caseId, action: action, from: from, to: to, actor: actor, reason: reason, on: connection)
        return to
    }

    /// Appends a timeline row; sequence numbers count from 1 per case.
    static func appendEvent(
        caseId: String, action: CaseAction, from: CaseStatus?, to: CaseStatus, actor: String, reason: String?,
        on connection: PostgresConnection
    ) throws {
        try connection.execute(
            """
            INSERT INTO case_events (case_id, seq, action, from_status, to_status, actor, reason)
            SELECT $1::uuid, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6 FROM case_events WHERE case_id = $1::uuid
            """, [caseId, action.rawValue, from?.rawValue, to.rawValue, actor, reason])
    }
}
