import CaseModel
import Foundation
import Storage

/// A review panel with its members' opinions and, once all have voted, its conclusion.
struct PanelView: Codable, Sendable {
    struct Member: Codable, Sendable {
        let expert: String
        let verdict: String?
        let reasonable: Bool?
        let lawful: Bool?
        let reasons: String?
        let votedAt: Date?
    }

    let panelId: String
    let caseNumber: String
    let appliedAt: Date
    let conclusion: String?
    let concludedAt: Date?
    let members: [Member]
    let rule: String

    static func load(panelId: String, on connection: PostgresConnection) throws -> PanelView {
        guard
            let panel = try connection.execute(
                """
                SELECT p.id::text AS id, c.case_number, p.applied_at, p.conclusion, p.concluded_at
                FROM review_panels p JOIN cases c ON c.id = p.case_id WHERE p.id = $1::uuid
                """, [panelId]
            ).first
        else { throw DomainRefusal.notFound("no panel \(panelId)") }
        let members = try connection.execute(
            """
            SELECT expert_code, verdict, reasonable, lawful, reasons, voted_at
            FROM panel_members WHERE panel_id = $1::uuid ORDER BY expert_code
            """, [panelId]
        ).rows.map {
            Member(
                expert: try $0.decode("expert_code"), verdict: try $0.decodeIfPresent("verdict"),
                reasonable: try $0.decodeIfPresent("reasonable"), lawful: try $0.decodeIfPresent("lawful"),
                reasons: try $0.decodeIfPresent("reasons"), votedAt: try $0.decodeIfPresent("voted_at"))
        }
        return PanelView(
            panelId: try panel.decode("id"), caseNumber: try panel.decode("case_number"),
            appliedAt: try panel.decode("applied_at"), conclusion: try panel.decodeIfPresent("conclusion"),
            concludedAt: try panel.decodeIfPresent("concluded_at"), members: members,
            rule: "concludes when every member has voted; upheld only by a strict majority, otherwise revised"
        )
    }
}
