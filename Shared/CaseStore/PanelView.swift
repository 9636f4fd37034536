import CaseModel
import Foundation
import Storage

/// 专家评审: the view of a review panel, with its members' opinions and, once all have voted, its conclusion.
public struct PanelView: Codable, Sendable {
    public struct Member: Codable, Sendable {
        public let expert: String
        public let verdict: String?
        public let reasonable: Bool?
        public let lawful: Bool?
        public let reasons: String?
        public let votedAt: Date?
    }

    public let panelId: String
    public let caseNumber: String
    public let appliedAt: Date
    public let conclusion: String?
    public let concludedAt: Date?
    public let members: [Member]
    public let rule: String

    public static func load(panelId: String, on connection: PostgresConnection) throws -> PanelView {
        guard
            let panel = try connection.query(
                """
                SELECT p.id::text AS id, c.case_number, p.applied_at, p.conclusion, p.concluded_at
                FROM review_panels p JOIN cases c ON c.id = p.case_id WHERE p.id = \(panelId)::uuid
                """
            ).first
        else { throw DomainRefusal.notFound("no panel \(panelId)") }
        let members = try connection.query(
            """
            SELECT expert_code, verdict, reasonable, lawful, reasons, voted_at
            FROM panel_members WHERE panel_id = \(panelId)::uuid ORDER BY expert_code
            """
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
