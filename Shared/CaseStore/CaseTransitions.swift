import CaseModel
import Contracts
import Foundation
import Reliability
import Storage

/// Moves cases through the state machine in the database: the status check,
/// the update and the timeline row happen together, under a row lock.
public enum CaseTransitions {
    /// Applies `action` to a case the caller has locked (`CaseRef.lock`), appending
    /// it to the timeline. Throws `IllegalTransition` when the state machine refuses.
    @discardableResult
    public static func apply(
        _ action: CaseAction, to caseRef: CaseRef, actor: String, reason: String?,
        on connection: PostgresConnection
    ) throws -> CaseStatus {
        let to = try CaseStateMachine.apply(action, to: caseRef.status)
        try connection.execute(
            "UPDATE cases SET status = $2, updated_at = now() WHERE id = $1::uuid", [caseRef.id, to.rawValue])
        try appendEvent(
            caseId: caseRef.id, action: action, from: caseRef.status, to: to, actor: actor, reason: reason,
            on: connection)
        return to
    }

    /// Locks the case by id, then applies `action`; throws `CaseNotFound` when there is no such case.
    @discardableResult
    public static func apply(
        _ action: CaseAction, caseId: String, actor: String, reason: String?,
        on connection: PostgresConnection
    ) throws -> CaseStatus {
        try apply(
            action, to: try CaseRef.lock(caseId: caseId, on: connection), actor: actor, reason: reason,
            on: connection)
    }

    /// Appends a timeline row (sequence numbers count from 1 per case) and announces it as
    /// `case.step.<action>` in the same transaction: the outbox cannot miss a step.
    static func appendEvent(
        caseId: String, action: CaseAction, from: CaseStatus?, to: CaseStatus, actor: String, reason: String?,
        on connection: PostgresConnection
    ) throws {
        let row = try connection.execute(
            """
            INSERT INTO case_events (case_id, seq, action, from_status, to_status, actor, reason)
            SELECT $1::uuid, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6 FROM case_events WHERE case_id = $1::uuid
            RETURNING seq, occurred_at, (SELECT case_number FROM cases WHERE id = $1::uuid) AS case_number
            """, [caseId, action.rawValue, from?.rawValue, to.rawValue, actor, reason]
        ).first!
        try Outbox.enqueue(
            CaseStepped(
                caseId: caseId, caseNumber: try row.decode("case_number"), seq: try row.decode("seq"),
                action: action, fromStatus: from, toStatus: to, actor: actor,
                at: try row.decode("occurred_at")),
            on: connection)
    }
}
