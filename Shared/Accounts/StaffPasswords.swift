import Foundation
import HummingbirdBcrypt
import Storage

/// The `credentials.staff_passwords` table: each account's bcrypt hash and its failed sign-ins. Only the
/// accounts service (and the operator's own commands) can read it.
public enum StaffPasswords {
    /// Sets the password (hashed with bcrypt at `cost`); ends the account's sessions, so a
    /// changed or reset password signs out everyone who used the old one.
    public static func set(
        _ password: String, accountId: String, cost: UInt8, keepingSession: String? = nil,
        on connection: PostgresConnection
    ) throws {
        let hash = Bcrypt.hash(password, cost: cost)
        try connection.query(
            """
            INSERT INTO credentials.staff_passwords (account_id, hash) VALUES (\(accountId)::uuid, \(hash))
            ON CONFLICT (account_id) DO UPDATE SET hash = EXCLUDED.hash, changed_at = now(),
                failed_attempts = 0, locked_until = NULL
            """)
        try StaffSessions.endAll(accountId: accountId, except: keepingSession, on: connection)
    }

    /// The stored hash and lockout state, locked for this sign-in.
    struct Entry: PostgresRowDecodable, Decodable {
        let hash: String
        let failedAttempts: Int
        let lockedUntil: Date?
    }

    static func lock(accountId: String, on connection: PostgresConnection) throws -> Entry? {
        try connection.query(
            """
            SELECT hash, failed_attempts AS "failedAttempts", locked_until AS "lockedUntil"
            FROM credentials.staff_passwords WHERE account_id = \(accountId)::uuid FOR UPDATE
            """, as: Entry.self
        ).first
    }

    static func recordFailure(accountId: String, lockUntil: Date?, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE credentials.staff_passwords SET
                failed_attempts = CASE WHEN \(lockUntil)::timestamptz IS NULL THEN failed_attempts + 1 ELSE 0 END,
                locked_until = \(lockUntil)
            WHERE account_id = \(accountId)::uuid
            """)
    }

    static func recordSuccess(accountId: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE credentials.staff_passwords SET failed_attempts = 0, locked_until = NULL
            WHERE account_id = \(accountId)::uuid AND (failed_attempts > 0 OR locked_until IS NOT NULL)
            """)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}

extension StaffPasswords {
    /// The account's current hash, to check a password before changing it.
    public static func current(accountId: String, on connection: PostgresConnection) throws -> String? {
        try lock(accountId: accountId, on: connection)?.hash
    }
}
