import Storage

/// Who a session token or an API key belongs to, if it still signs in: the session open and
/// unexpired (the key unrevoked) and the account active. Every service asks this of a caller.
public enum Callers {
    public static func account(presenting secret: String, on connection: PostgresConnection) throws
        -> StaffAccount?
    {
        let hash = Credential.hash(secret)
        if secret.hasPrefix(Credential.sessionPrefix) {
            return try connection.query(
                """
                SELECT \(StaffAccount.columns) FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id
                WHERE s.token_hash = \(hash) AND s.ended_at IS NULL AND s.expires_at > now() AND a.active
                """, as: StaffAccount.self
            ).first
        }
        return try connection.query(
            """
            SELECT \(StaffAccount.columns) FROM staff_api_keys k JOIN staff_accounts a ON a.id = k.account_id
            WHERE k.key_hash = \(hash) AND k.revoked_at IS NULL AND a.active
            """, as: StaffAccount.self
        ).first
    }
}
