import CaseModel
import Foundation
import Storage

/// 专家评审: the `review_panels` and `panel_members` tables, and the experts they draw on.
public enum ReviewPanels {
    /// The answer under dispute: the latest one the petitioner disputed.
    public static func disputedAnswer(caseId: String, on connection: PostgresConnection) throws
        -> (id: String, department: String, signedAt: Date)?
    {
        guard
            let row = try connection.query(
                """
                SELECT id::text AS id, department_code, signed_at FROM answers
                WHERE case_id = \(caseId)::uuid AND sign_off = 'disputed' ORDER BY signed_at DESC LIMIT 1
                """
            ).first
        else { return nil }
        return (try row.decode("id"), try row.decode("department_code"), try row.decode("signed_at"))
    }

    /// What the rules need to know of the chosen experts: whether each is active, and its department.
    public static func expertFacts(_ codes: [String], on connection: PostgresConnection) throws
        -> [(code: String, active: Bool, department: String?)]
    {
        try connection.query(
            "SELECT code, active, department_code FROM experts WHERE code = ANY(\(PostgresArray.text(codes))::text[])"
        ).rows.map {
            (try $0.decode("code"), try $0.decode("active"), try $0.decodeIfPresent("department_code"))
        }
    }

    /// Opens a panel of `experts` on the disputed answer; its id.
    public static func open(
        caseId: String, answerId: String, experts: [String], on connection: PostgresConnection
    )
        throws -> String
    {
        let panelId: String = try connection.query(
            """
            INSERT INTO review_panels (case_id, answer_id) VALUES (\(caseId)::uuid, \(answerId)::uuid)
            RETURNING id::text AS id
            """
        ).first!.decode("id")
        try connection.query(
            """
            INSERT INTO panel_members (panel_id, expert_code)
            SELECT \(panelId)::uuid, unnest(\(PostgresArray.text(experts))::text[])
            """)
        return panelId
    }

    /// Locks the panel; its case and conclusion (nil while open), or nil when there is no such panel.
    public static func lock(_ panelId: String, on connection: PostgresConnection) throws
        -> (caseId: String, conclusion: String?)?
    {
        guard
            let row = try connection.query(
                "SELECT case_id::text AS case_id, conclusion FROM review_panels WHERE id = \(panelId)::uuid FOR UPDATE"
            ).first
        else { return nil }
        return (try row.decode("case_id"), try row.decodeIfPresent("conclusion"))
    }

    public enum Membership {
        case notAMember
        case voted
        case waiting
    }

    public static func membership(panelId: String, expert: String, on connection: PostgresConnection) throws
        -> Membership
    {
        guard
            let row = try connection.query(
                "SELECT voted_at FROM panel_members WHERE panel_id = \(panelId)::uuid AND expert_code = \(expert)"
            ).first
        else { return .notAMember }
        return try row.decodeIfPresent("voted_at", as: Date.self) == nil ? .waiting : .voted
    }

    public static func recordOpinion(
        panelId: String, expert: String, verdict: String, reasonable: Bool, lawful: Bool, reasons: String,
        on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            UPDATE panel_members SET verdict = \(verdict), reasonable = \(reasonable), lawful = \(lawful),
                                     reasons = \(reasons), voted_at = now()
            WHERE panel_id = \(panelId)::uuid AND expert_code = \(expert)
            """)
    }

    /// Each member's verdict, nil where it is still missing.
    public static func verdicts(panelId: String, on connection: PostgresConnection) throws -> [String?] {
        try connection.query("SELECT verdict FROM panel_members WHERE panel_id = \(panelId)::uuid").rows.map {
            try $0.decodeIfPresent("verdict")
        }
    }

    public static func conclude(panelId: String, conclusion: String, on connection: PostgresConnection) throws
    {
        try connection.query(
            """
            UPDATE review_panels SET conclusion = \(conclusion), concluded_at = now() WHERE id = \(panelId)::uuid
            """)
    }
}
