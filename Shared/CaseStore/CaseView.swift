import CaseModel
import Foundation
import Storage

/// What `GET /api/v1/cases/{caseNumber}` shows: the case, where it stands, who
/// holds it and until when, the answers and sign-offs, review panels, visits,
/// and its whole timeline. The petitioner's phone is masked.
public struct CaseView: Codable, Sendable {
    public struct Department: Codable, Sendable {
        public let code: String
        public let name: String
        public let nameZh: String
    }

    public struct WorkOrderView: Codable, Sendable {
        public let id: String
        public let department: String
        public let round: Int
        public let dispatchedAt: Date
        public let dueAt: Date
        public let receivedAt: Date?
        public let answeredAt: Date?
        /// lead or co (联办).
        public let role: String
        public let tier: String?
        /// Closed unanswered by an escalation.
        public let closedAt: Date?
        public let closeReason: String?
    }

    /// 分流方案: how the case is handled and where it stands on its ladder.
    public struct RoutingView: Codable, Sendable {
        public let plan: RoutingPlan
        public let tier: String
        public let step: Int
    }

    /// 协办意见: a co-handler's report to the lead.
    public struct CoReportView: Codable, Sendable {
        public let department: String
        public let text: String
        public let at: Date
    }

    /// 吹哨报到: one move up a tier.
    public struct EscalationView: Codable, Sendable {
        public let fromTier: String
        public let toTier: String
        public let trigger: String
        public let reason: String
        public let actor: String
        public let at: Date
    }

    /// 停表: a stretch when the clock stood still.
    public struct ClockPauseView: Codable, Sendable {
        public let waitingOn: String
        public let reason: String
        public let actor: String
        public let startedAt: Date
        public let endedAt: Date?
    }

    public struct Step: Codable, Sendable {
        public let mediation: String?
        public let note: String
        public let actor: String
        public let at: Date
    }

    public struct AnswerView: Codable, Sendable {
        public let department: String
        public let outcome: String
        public let text: String
        public let reasons: String?
        public let answeredAt: Date
        public let signOff: String?
        public let signOffChannel: String?
        public let signedAt: Date?
    }

    public struct PanelView: Codable, Sendable {
        public struct Member: Codable, Sendable {
            public let expert: String
            public let verdict: String?
            public let reasonable: Bool?
            public let lawful: Bool?
            public let reasons: String?
        }
        public let id: String
        public let appliedAt: Date
        public let conclusion: String?
        public let members: [Member]
    }

    public struct VisitView: Codable, Sendable {
        public let round: Int
        public let scheduledAt: Date
        public let method: String?
        public let satisfaction: String?
        public let handlingComment: String?
        public let conductComment: String?
        public let visitedAt: Date?
    }

    /// 督办: a reminder, supervision notice or flagged supervision of a work order.
    public struct SupervisionView: Codable, Sendable {
        public let level: String
        public let department: String
        public let dueAt: Date
        public let issuedAt: Date
    }

    public struct Event: Codable, Sendable {
        public let seq: Int
        public let action: String
        public let from: String?
        public let to: String
        public let actor: String
        public let reason: String?
        public let at: Date
    }

    public let caseNumber: String
    public let status: String
    public let channel: String
    public let category: String
    public let petitioner: Registration.Petitioner
    public let facts: String
    public let demand: String
    public let location: Registration.Location
    public let department: Department?
    public let registeredAt: Date
    public let resolvedOnSpot: Bool
    /// 重复信访: the earlier case of the same petitioner and category this one repeats.
    public let repeatOf: String?
    public let routing: RoutingView?
    /// Who must act next: a department, the petitioner, the review panel, follow-up staff, a dispatcher, or nobody.
    public let holder: String?
    /// When the holder's answer is due (the open work order's due time).
    public let dueAt: Date?
    public let workOrders: [WorkOrderView]
    public let handlingSteps: [Step]
    public let answers: [AnswerView]
    public let reviewPanels: [PanelView]
    public let visits: [VisitView]
    public let supervision: [SupervisionView]
    public let coReports: [CoReportView]
    public let escalations: [EscalationView]
    public let clockPauses: [ClockPauseView]
    public let timeline: [Event]

    /// Loads the view, or nil when there is no such case.
    public static func load(caseNumber: String, on connection: PostgresConnection) throws -> CaseView? {
        guard
            let row = try connection.execute(
                """
                SELECT c.id::text AS id, c.case_number, c.status, c.channel, c.category_code, c.petitioner_name,
                       c.petitioner_phone_masked, c.facts, c.demand, c.location_town, c.location_community,
                       c.location_grid, c.location_address, c.registered_at, c.resolved_on_spot,
                       d.code AS department_code, d.name AS department_name, d.name_zh AS department_name_zh,
                       c.routing_plan::text AS routing_plan, c.tier, c.ladder_step, r.case_number AS repeat_of
                FROM cases c LEFT JOIN departments d ON d.code = c.department_code
                LEFT JOIN cases r ON r.id = c.repeat_of
                WHERE c.case_number = $1
                """, [caseNumber]
            ).first
        else { return nil }
        let caseId: String = try row.decode("id")
        let orders = try connection.execute(
            """
            SELECT id::text AS id, department_code, round, dispatched_at, due_at, received_at, answered_at,
                   role, tier, closed_at, close_reason
            FROM work_orders WHERE case_id = $1::uuid ORDER BY round, role DESC, department_code
            """, [caseId]
        ).rows.map {
            WorkOrderView(
                id: try $0.decode("id"), department: try $0.decode("department_code"),
                round: try $0.decode("round"),
                dispatchedAt: try $0.decode("dispatched_at"), dueAt: try $0.decode("due_at"),
                receivedAt: try $0.decodeIfPresent("received_at"),
                answeredAt: try $0.decodeIfPresent("answered_at"), role: try $0.decode("role"),
                tier: try $0.decodeIfPresent("tier"), closedAt: try $0.decodeIfPresent("closed_at"),
                closeReason: try $0.decodeIfPresent("close_reason"))
        }
        let events = try connection.execute(
            """
            SELECT seq, action, from_status, to_status, actor, reason, occurred_at
            FROM case_events WHERE case_id = $1::uuid ORDER BY seq
            """, [caseId]
        ).rows.map {
            Event(
                seq: try $0.decode("seq"), action: try $0.decode("action"),
                from: try $0.decodeIfPresent("from_status"),
                to: try $0.decode("to_status"), actor: try $0.decode("actor"),
                reason: try $0.decodeIfPresent("reason"),
                at: try $0.decode("occurred_at"))
        }
        let steps = try connection.execute(
            """
            SELECT mediation, note, actor, recorded_at FROM handling_steps WHERE case_id = $1::uuid ORDER BY id
            """, [caseId]
        ).rows.map {
            Step(
                mediation: try $0.decodeIfPresent("mediation"), note: try $0.decode("note"),
                actor: try $0.decode("actor"),
                at: try $0.decode("recorded_at"))
        }
        let answers = try connection.execute(
            """
            SELECT department_code, outcome, text, reasons, answered_at, sign_off, sign_off_channel, signed_at
            FROM answers WHERE case_id = $1::uuid ORDER BY answered_at
            """, [caseId]
        ).rows.map {
            AnswerView(
                department: try $0.decode("department_code"), outcome: try $0.decode("outcome"),
                text: try $0.decode("text"), reasons: try $0.decodeIfPresent("reasons"),
                answeredAt: try $0.decode("answered_at"), signOff: try $0.decodeIfPresent("sign_off"),
                signOffChannel: try $0.decodeIfPresent("sign_off_channel"),
                signedAt: try $0.decodeIfPresent("signed_at"))
        }
        let panels = try connection.execute(
            "SELECT id::text AS id, applied_at, conclusion FROM review_panels WHERE case_id = $1::uuid ORDER BY applied_at",
            [caseId]
        ).rows.map { panel in
            let panelId: String = try panel.decode("id")
            let members = try connection.execute(
                """
                SELECT expert_code, verdict, reasonable, lawful, reasons FROM panel_members
                WHERE panel_id = $1::uuid ORDER BY expert_code
                """, [panelId]
            ).rows.map {
                PanelView.Member(
                    expert: try $0.decode("expert_code"), verdict: try $0.decodeIfPresent("verdict"),
                    reasonable: try $0.decodeIfPresent("reasonable"),
                    lawful: try $0.decodeIfPresent("lawful"),
                    reasons: try $0.decodeIfPresent("reasons"))
            }
            return PanelView(
                id: panelId, appliedAt: try panel.decode("applied_at"),
                conclusion: try panel.decodeIfPresent("conclusion"),
                members: members)
        }
        let visits = try connection.execute(
            """
            SELECT round, scheduled_at, method, satisfaction, handling_comment, conduct_comment, visited_at
            FROM visits WHERE case_id = $1::uuid ORDER BY round
            """, [caseId]
        ).rows.map {
            VisitView(
                round: try $0.decode("round"), scheduledAt: try $0.decode("scheduled_at"),
                method: try $0.decodeIfPresent("method"),
                satisfaction: try $0.decodeIfPresent("satisfaction"),
                handlingComment: try $0.decodeIfPresent("handling_comment"),
                conductComment: try $0.decodeIfPresent("conduct_comment"),
                visitedAt: try $0.decodeIfPresent("visited_at"))
        }
        let supervision = try connection.execute(
            """
            SELECT level, department_code, due_at, issued_at FROM supervision_records
            WHERE case_id = $1::uuid ORDER BY issued_at, id
            """, [caseId]
        ).rows.map {
            SupervisionView(
                level: try $0.decode("level"), department: try $0.decode("department_code"),
                dueAt: try $0.decode("due_at"), issuedAt: try $0.decode("issued_at"))
        }
        let coReports = try connection.execute(
            "SELECT department_code, text, reported_at FROM co_reports WHERE case_id = $1::uuid ORDER BY reported_at",
            [caseId]
        ).rows.map {
            CoReportView(
                department: try $0.decode("department_code"), text: try $0.decode("text"),
                at: try $0.decode("reported_at"))
        }
        let escalations = try connection.execute(
            """
            SELECT from_tier, to_tier, trigger, reason, actor, escalated_at FROM escalations
            WHERE case_id = $1::uuid ORDER BY id
            """, [caseId]
        ).rows.map {
            EscalationView(
                fromTier: try $0.decode("from_tier"), toTier: try $0.decode("to_tier"),
                trigger: try $0.decode("trigger"), reason: try $0.decode("reason"),
                actor: try $0.decode("actor"),
                at: try $0.decode("escalated_at"))
        }
        let pauses = try connection.execute(
            """
            SELECT waiting_on, reason, actor, started_at, ended_at FROM clock_pauses
            WHERE case_id = $1::uuid ORDER BY id
            """, [caseId]
        ).rows.map {
            ClockPauseView(
                waitingOn: try $0.decode("waiting_on"), reason: try $0.decode("reason"),
                actor: try $0.decode("actor"), startedAt: try $0.decode("started_at"),
                endedAt: try $0.decodeIfPresent("ended_at"))
        }
        let routing = try row.decodeIfPresent("routing_plan", as: String.self).map {
            RoutingView(
                plan: try RoutingPlanColumn.plan($0),
                tier: try row.decode("tier"), step: try row.decode("ladder_step"))
        }
        let status: String = try row.decode("status")
        let departmentCode: String? = try row.decodeIfPresent("department_code")
        let department: Department? = try departmentCode.map {
            Department(
                code: $0, name: try row.decode("department_name"),
                nameZh: try row.decode("department_name_zh"))
        }
        return CaseView(
            caseNumber: try row.decode("case_number"), status: status,
            channel: try row.decode("channel"), category: try row.decode("category_code"),
            petitioner: .init(
                name: try row.decode("petitioner_name"),
                phone: try row.decodeIfPresent("petitioner_phone_masked") ?? "***"),
            facts: try row.decode("facts"), demand: try row.decode("demand"),
            location: .init(
                town: try row.decode("location_town"),
                community: try row.decodeIfPresent("location_community"),
                grid: try row.decodeIfPresent("location_grid"),
                address: try row.decodeIfPresent("location_address")),
            department: department, registeredAt: try row.decode("registered_at"),
            resolvedOnSpot: try row.decode("resolved_on_spot"),
            repeatOf: try row.decodeIfPresent("repeat_of"),
            routing: routing,
            holder: holder(status: CaseStatus(rawValue: status), department: departmentCode),
            dueAt: orders.last(where: { $0.answeredAt == nil && $0.closedAt == nil && $0.role == "lead" })?
                .dueAt,
            workOrders: orders, handlingSteps: steps, answers: answers, reviewPanels: panels, visits: visits,
            supervision: supervision, coReports: coReports, escalations: escalations, clockPauses: pauses,
            timeline: events)
    }

    static func holder(status: CaseStatus?, department: String?) -> String? {
        switch status {
        case .registered: "routing"
        case .triage: "dispatcher"
        case .dispatched, .handling: department.map { "department:\($0)" }
        case .answered, .disputed: "petitioner"
        case .underReview: "review-panel"
        case .followUp: "followup"
        case .archived, .withdrawn, .redirected, nil: nil
        }
    }
}
