import Foundation
import Storage

/// The `staff_sessions` table: one row per sign-in, keyed by the SHA-256 of its token.
public enum StaffSessions {
    /// Opens a session; returns the token (shown once) and when it ends.
    public static func open(accountId: String, hours: Int, on connection: PostgresConnection) throws
        -> (token: String, expiresAt: Date)
    {
        let token = Credential.newSecret(prefix: Credential.sessionPrefix)
        let expiresAt = Date().addingTimeInterval(Double(hours) * 3600)
        try connection.query(
            """
            INSERT INTO staff_sessions (token_hash, account_id, expires_at)
            VALUES (\(Credential.hash(token)), \(accountId)::uuid, \(expiresAt))
            """)
        return (token, expiresAt)
    }

    /// Signs out: the session ends now.
    public static func end(token: String, on connection: PostgresConnection) throws {
        try connection.query(
            "UPDATE staff_sessions SET ended_at = now() WHERE token_hash = \(Credential.hash(token)) AND ended_at IS NULL"
        )
    }

    /// Ends every open session of the account but `except` (a token).
    public static func endAll(
        accountId: String, except token: String? = nil, on connection: PostgresConnection
    )
        throws
    {
        try connection.query(
            """
            UPDATE staff_sessions SET ended_at = now()
            WHERE account_id = \(accountId)::uuid AND ended_at IS NULL
              AND token_hash IS DISTINCT FROM \(token.map(Credential.hash))
            """)
    }

    /// Forgets sessions that ended or expired more than `days` ago.
    public static func purge(olderThanDays days: Int, on connection: PostgresConnection) throws {
        try connection.query(
            """
            DELETE FROM staff_sessions
            WHERE coalesce(ended_at, expires_at) < now() - make_interval(days => \(days))
            """)
    }
}
