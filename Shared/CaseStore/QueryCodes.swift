import Foundation
import Storage

/// `case_query_codes`: each case's query code (查询码), hashed for the status page and sealed
/// for the notifier, which sends it with the registration message.
public enum QueryCodes {
    /// Makes the case's code at registration; returns it in clear, once, for the receipt.
    public static func issue(
        caseId: String, seal: (String) throws -> String, on connection: PostgresConnection
    )
        throws -> String
    {
        let code = PetitionerCodes.queryCode()
        try connection.execute(
            "INSERT INTO case_query_codes (case_id, code_hash, code_sealed) VALUES ($1::uuid, $2, $3)",
            [caseId, PetitionerCodes.hash(code, salt: caseId), try seal(code)])
        return code
    }

    /// The sealed code, for the notifier to open (nil for a case registered before codes existed).
    public static func sealedCode(caseId: String, on connection: PostgresConnection) throws -> String? {
        try connection.execute(
            "SELECT code_sealed FROM case_query_codes WHERE case_id = $1::uuid", [caseId]
        ).first?.decode("code_sealed")
    }

    /// The case (id) whose number and query code these are, or nil: a wrong number and a wrong
    /// code are the same answer, and take the same time.
    public static func check(caseNumber: String, code: String, on connection: PostgresConnection) throws
        -> String?
    {
        let row = try connection.execute(
            """
            SELECT c.id::text AS id, q.code_hash FROM cases c JOIN case_query_codes q ON q.case_id = c.id
            WHERE c.case_number = $1
            """, [caseNumber]
        ).first
        let caseId: String = try row?.decode("id") ?? "00000000-0000-0000-0000-000000000000"
        let stored: String = try row?.decode("code_hash") ?? String(repeating: "0", count: 64)
        return PetitionerCodes.matches(code, salt: caseId, storedHash: stored) && row != nil ? caseId : nil
    }
}
