import Foundation
import Storage

/// `one_time_codes`: 验证码 that confirm one action of the petitioner online. The notifier makes
/// them (`issue`), the status page spends them (`spend`).
public enum OneTimeCodes {
    /// What a code confirms.
    public enum Purpose: String, Sendable, CaseIterable {
        case signOff = "sign_off"
        case review
        case contest
    }

    /// Why a code was refused, told to the petitioner.
    public enum Refusal: String, Error, Equatable, Sendable {
        case none, wrong, expired, used
        case tooManyTries = "too_many_tries"
    }

    /// How long a code lives, and how many wrong tries it allows.
    public static let lifetime: TimeInterval = 300
    public static let maximumTries = 5

    /// Makes a code for the request `id` (idempotent: the same request gets no second code);
    /// returns it in clear for the SMS, or nil when the request already has one.
    public static func issue(
        id: String, caseId: String, purpose: Purpose, on connection: PostgresConnection
    ) throws -> String? {
        let code = PetitionerCodes.oneTimeCode()
        let inserted = try connection.execute(
            """
            INSERT INTO one_time_codes (id, case_id, purpose, code_hash, expires_at)
            VALUES ($1::uuid, $2::uuid, $3, $4, now() + make_interval(secs => $5))
            ON CONFLICT (id) DO NOTHING
            """, [id, caseId, purpose.rawValue, PetitionerCodes.hash(code, salt: id), Int(lifetime)]
        ).affectedRows
        return inserted == 1 ? code : nil
    }

    /// Spends the newest code of the case for `purpose`: single use, before it expires, at most
    /// `maximumTries` wrong tries. Returns the refusal, nil when the code is good (and now used);
    /// the caller commits either way, so a wrong try counts.
    public static func spend(
        _ given: String, caseId: String, purpose: Purpose, on connection: PostgresConnection
    ) throws -> Refusal? {
        guard
            let row = try connection.execute(
                """
                SELECT id::text AS id, code_hash, expires_at < now() AS expired, used_at IS NOT NULL AS used,
                       failed_attempts
                FROM one_time_codes WHERE case_id = $1::uuid AND purpose = $2
                ORDER BY created_at DESC LIMIT 1 FOR UPDATE
                """, [caseId, purpose.rawValue]
            ).first
        else { return Refusal.none }
        let id: String = try row.decode("id")
        if try row.decode("used", as: Bool.self) { return .used }
        if try row.decode("expired", as: Bool.self) { return .expired }
        if try row.decode("failed_attempts", as: Int.self) >= maximumTries { return .tooManyTries }
        guard PetitionerCodes.matches(given, salt: id, storedHash: try row.decode("code_hash")) else {
            try connection.execute(
                "UPDATE one_time_codes SET failed_attempts = failed_attempts + 1 WHERE id = $1::uuid", [id])
            return .wrong
        }
        try connection.execute("UPDATE one_time_codes SET used_at = now() WHERE id = $1::uuid", [id])
        return nil
    }
}
