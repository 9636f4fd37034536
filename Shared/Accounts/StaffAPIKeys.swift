import Foundation
import Storage

/// The `staff_api_keys` table: machine credentials of an account (a department's own system
/// calling the API as that account), listed and revocable; the key is shown once.
public enum StaffAPIKeys {
    public struct Key: Codable, Sendable, PostgresRowDecodable {
        public let id: String
        public let name: String
        public let createdAt: Date
        public let createdBy: String
        public let revokedAt: Date?
    }

    public static func create(
        accountId: String, name: String, by actor: String, on connection: PostgresConnection
    )
        throws -> (key: Key, secret: String)
    {
        let secret = Credential.newSecret(prefix: Credential.apiKeyPrefix)
        let rows = try connection.query(
            """
            INSERT INTO staff_api_keys (account_id, name, key_hash, created_by)
            VALUES (\(accountId)::uuid, \(name), \(Credential.hash(secret)), \(actor))
            RETURNING id::text AS id, name, created_at AS "createdAt", created_by AS "createdBy",
                      revoked_at AS "revokedAt"
            """, as: Key.self)
        return (rows[0], secret)
    }

    public static func list(accountId: String, on connection: PostgresConnection) throws -> [Key] {
        try connection.query(
            """
            SELECT id::text AS id, name, created_at AS "createdAt", created_by AS "createdBy",
                   revoked_at AS "revokedAt"
            FROM staff_api_keys WHERE account_id = \(accountId)::uuid ORDER BY created_at
            """, as: Key.self)
    }

    /// Revokes a key of the account; false when it has no such key.
    public static func revoke(id: String, accountId: String, on connection: PostgresConnection) throws -> Bool
    {
        guard UUID(uuidString: id) != nil else { return false }
        let result = try connection.query(
            """
            UPDATE staff_api_keys SET revoked_at = coalesce(revoked_at, now())
            WHERE id = \(id)::uuid AND account_id = \(accountId)::uuid
            """)
        return result.affectedRows > 0
    }
}
