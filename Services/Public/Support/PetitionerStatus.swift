import CaseModel
import CaseStore
import Foundation
import Storage

/// 进度: the case as its petitioner sees it — where it stands, who holds it, the answer, the
/// review deadline, the panel's conclusion, the visit — and what they may do online now. No
/// personal data but their masked name.
struct PetitionerStatus: Encodable, Sendable {
    struct Answer: Codable, Sendable {
        let outcome: String
        let text: String
        let answeredAt: Date
        let signOff: String?
        let signedAt: Date?
        let signedOnBehalf: Bool?
    }
    struct Panel: Codable, Sendable {
        let members: Int
        let conclusion: String?
        let concludedAt: Date?
    }
    /// 调解协议: the newest agreement reached, and the court's word on it if it was sent there.
    struct Agreement: Codable, Sendable {
        let form: String
        let concludedOn: String
        let judicialRequested: Bool
        let judicialDecision: String?
    }
    struct Visit: Codable, Sendable {
        let scheduledAt: Date?
        let visitedAt: Date?
        let satisfaction: String?
    }

    let caseNumber: String
    let status: String
    let stage: String
    let petitioner: String
    let registeredAt: Date
    let category: String
    let department: String?
    let dueAt: Date?
    let answer: Answer?
    let reviewDeadline: Date?
    let panel: Panel?
    let agreement: Agreement?
    let visit: Visit?
    /// `sign_off`, `review`, `contest`.
    let actions: [String]
    /// The town whose expert pool is the petitioner's own (not in the API's answer).
    let town: String

    enum CodingKeys: String, CodingKey {
        case caseNumber, status, stage, petitioner, registeredAt, category, department, dueAt, answer,
            reviewDeadline, panel, agreement, visit, actions
    }

    /// The case `caseId`, with `stage` in the words `stageWord` gives a status.
    static func load(
        caseId: String, rules: HandlingRules, english: Bool, stageWord: (String) -> String,
        on connection: PostgresConnection
    ) throws -> PetitionerStatus? {
        guard
            let row = try connection.execute(
                """
                SELECT c.case_number, c.status, c.petitioner_name, c.registered_at, c.location_town,
                       cat.name_zh AS category_zh, cat.name AS category_en,
                       w.due_at, d.name_zh AS department_zh, d.name AS department_en,
                       a.outcome, a.text AS answer_text, a.answered_at, a.sign_off, a.signed_at,
                       a.sign_off_recorded_by,
                       p.id IS NOT NULL AS has_panel, p.conclusion, p.concluded_at, p.answer_id = a.id AS panel_on_answer,
                       (SELECT count(*) FROM panel_members m WHERE m.panel_id = p.id) AS members,
                       v.scheduled_at, v.visited_at, v.satisfaction,
                       m.form AS agreement_form, m.concluded_on::text AS agreement_day,
                       j.agreement_id IS NOT NULL AS judicial_requested, j.decision AS judicial_decision
                FROM cases c
                JOIN categories cat ON cat.code = c.category_code
                LEFT JOIN LATERAL (SELECT * FROM work_orders w WHERE w.case_id = c.id
                                   ORDER BY w.dispatched_at DESC, (w.role = 'lead') DESC LIMIT 1) w ON true
                LEFT JOIN departments d ON d.code = w.department_code
                LEFT JOIN LATERAL (SELECT * FROM answers a WHERE a.case_id = c.id ORDER BY a.answered_at DESC LIMIT 1) a ON true
                LEFT JOIN LATERAL (SELECT * FROM review_panels p WHERE p.case_id = c.id ORDER BY p.applied_at DESC LIMIT 1) p ON true
                LEFT JOIN LATERAL (SELECT * FROM visits v WHERE v.case_id = c.id ORDER BY v.round DESC LIMIT 1) v ON true
                LEFT JOIN LATERAL (SELECT * FROM mediation_agreements m WHERE m.case_id = c.id
                                   ORDER BY m.recorded_at DESC LIMIT 1) m ON true
                LEFT JOIN judicial_confirmations j ON j.agreement_id = m.id
                WHERE c.id = $1::uuid
                """, [caseId]
            ).first
        else { return nil }
        let status: String = try row.decode("status")
        let open = ["dispatched", "handling", "answered", "disputed", "under_review"].contains(status)
        var answer: Answer?
        var deadline: Date?
        var actions: [String] = []
        if let outcome: String = try row.decodeIfPresent("outcome") {
            let recordedBy: String? = try row.decodeIfPresent("sign_off_recorded_by")
            let signedAt: Date? = try row.decodeIfPresent("signed_at")
            let signOff: String? = try row.decodeIfPresent("sign_off")
            answer = Answer(
                outcome: outcome, text: try row.decode("answer_text"),
                answeredAt: try row.decode("answered_at"),
                signOff: signOff, signedAt: signedAt,
                signedOnBehalf: signedAt == nil ? nil : !(recordedBy?.hasPrefix("petitioner") ?? false))
            if let signedAt {
                let end = rules.reviewDeadline(signedAt: signedAt)
                let panelOnAnswer = try row.decodeIfPresent("panel_on_answer", as: Bool.self) ?? false
                if status == "disputed" || (status == "follow_up" && signOff == "accepted") || panelOnAnswer {
                    deadline = end
                }
                let withinWindow = Date() <= end
                if status == "disputed", withinWindow, !panelOnAnswer { actions.append("review") }
                if status == "follow_up", signOff == "accepted", answer?.signedOnBehalf == true, withinWindow
                {
                    actions.append("contest")
                }
            }
        }
        if status == "answered" { actions.append("sign_off") }
        let panel: Panel? =
            try row.decode("has_panel", as: Bool.self)
            ? Panel(
                members: try row.decode("members"), conclusion: try row.decodeIfPresent("conclusion"),
                concludedAt: try row.decodeIfPresent("concluded_at")) : nil
        let agreement: Agreement? = try row.decodeIfPresent("agreement_form", as: String.self).map {
            Agreement(
                form: $0, concludedOn: try row.decode("agreement_day"),
                judicialRequested: try row.decode("judicial_requested"),
                judicialDecision: try row.decodeIfPresent("judicial_decision"))
        }
        let scheduled: Date? = try row.decodeIfPresent("scheduled_at")
        let visit: Visit? =
            scheduled == nil
            ? nil
            : Visit(
                scheduledAt: scheduled, visitedAt: try row.decodeIfPresent("visited_at"),
                satisfaction: try row.decodeIfPresent("satisfaction"))
        return PetitionerStatus(
            caseNumber: try row.decode("case_number"), status: status, stage: stageWord(status),
            petitioner: PersonalData.maskName(try row.decode("petitioner_name")),
            registeredAt: try row.decode("registered_at"),
            category: try row.decode(english ? "category_en" : "category_zh"),
            department: open ? try row.decodeIfPresent(english ? "department_en" : "department_zh") : nil,
            dueAt: ["dispatched", "handling"].contains(status) ? try row.decodeIfPresent("due_at") : nil,
            answer: answer, reviewDeadline: deadline, panel: panel, agreement: agreement, visit: visit,
            actions: actions,
            town: try row.decode("location_town"))
    }
}
