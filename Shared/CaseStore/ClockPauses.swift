import Storage

/// 停表: the `clock_pauses` table; a case has at most one open pause.
public enum ClockPauses {
    /// Starts a pause; false when the case's clock is already paused.
    public static func start(
        caseId: String, waitingOn: String, reason: String, actor: String, on connection: PostgresConnection
    ) throws -> Bool {
        try connection.query(
            """
            INSERT INTO clock_pauses (case_id, waiting_on, reason, actor)
            VALUES (\(caseId)::uuid, \(waitingOn), \(reason), \(actor))
            ON CONFLICT (case_id) WHERE ended_at IS NULL DO NOTHING
            """
        ).affectedRows == 1
    }

    /// Ends the open pause; the paused interval (PostgreSQL's text form), or nil when none was open.
    @discardableResult
    public static func end(caseId: String, resumedBy actor: String, on connection: PostgresConnection) throws
        -> String?
    {
        try connection.query(
            """
            UPDATE clock_pauses SET ended_at = now(), resumed_by = \(actor)
            WHERE case_id = \(caseId)::uuid AND ended_at IS NULL
            RETURNING ended_at - started_at AS paused
            """
        ).first?.decode("paused")
    }
}
