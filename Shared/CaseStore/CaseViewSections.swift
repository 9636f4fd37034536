import CaseModel
import Foundation
import Storage

/// The case view's sections: each one table's rows as the view shows them, with its own query.
extension CaseView {
    public struct Department: Codable, Sendable {
        public let code: String
        public let name: String
        public let nameZh: String
    }

    public struct WorkOrderView: Codable, Sendable, PostgresRowDecodable {
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

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT id::text AS id, department_code AS department, round, dispatched_at AS "dispatchedAt",
                   due_at AS "dueAt", received_at AS "receivedAt", answered_at AS "answeredAt", role, tier,
                   closed_at AS "closedAt", close_reason AS "closeReason"
            FROM work_orders WHERE case_id = \(caseId)::uuid ORDER BY round, role DESC, department_code
            """
        }
    }

    /// 分流方案: how the case is handled and where it stands on its ladder.
    public struct RoutingView: Codable, Sendable {
        public let plan: RoutingPlan
        public let tier: String
        public let step: Int
    }

    /// 协办意见: a co-handler's report to the lead.
    public struct CoReportView: Codable, Sendable, PostgresRowDecodable {
        public let department: String
        public let text: String
        public let at: Date

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT department_code AS department, text, reported_at AS at FROM co_reports WHERE case_id = \(caseId)::uuid
            ORDER BY reported_at
            """
        }
    }

    /// 吹哨报到: one move up a tier.
    public struct EscalationView: Codable, Sendable, PostgresRowDecodable {
        public let fromTier: String
        public let toTier: String
        public let trigger: String
        public let reason: String
        public let actor: String
        public let at: Date

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT from_tier AS "fromTier", to_tier AS "toTier", trigger, reason, actor, escalated_at AS at
            FROM escalations
            WHERE case_id = \(caseId)::uuid ORDER BY id
            """
        }
    }

    /// 停表: a stretch when the clock stood still.
    public struct ClockPauseView: Codable, Sendable, PostgresRowDecodable {
        public let waitingOn: String
        public let reason: String
        public let actor: String
        public let startedAt: Date
        public let endedAt: Date?

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT waiting_on AS "waitingOn", reason, actor, started_at AS "startedAt", ended_at AS "endedAt"
            FROM clock_pauses
            WHERE case_id = \(caseId)::uuid ORDER BY id
            """
        }
    }

    public struct Step: Codable, Sendable, PostgresRowDecodable {
        public let mediation: String?
        public let note: String
        public let actor: String
        public let at: Date

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT mediation, note, actor, recorded_at AS at FROM handling_steps WHERE case_id = \(caseId)::uuid ORDER BY id
            """
        }
    }

    public struct AnswerView: Codable, Sendable, PostgresRowDecodable {
        public let department: String
        public let outcome: String
        public let text: String
        public let reasons: String?
        public let answeredAt: Date
        public let signOff: String?
        public let signOffChannel: String?
        public let signedAt: Date?
        /// The mediation agreement the answer rests on (an outcome reached by mediation).
        public let agreementId: String?

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT department_code AS department, outcome, text, reasons, answered_at AS "answeredAt",
                   sign_off AS "signOff", sign_off_channel AS "signOffChannel", signed_at AS "signedAt",
                   agreement_id::text AS "agreementId"
            FROM answers WHERE case_id = \(caseId)::uuid ORDER BY answered_at
            """
        }
    }

    public struct PanelView: Codable, Sendable {
        public struct Member: Codable, Sendable, PostgresRowDecodable {
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

        static func load(caseId: String, on connection: PostgresConnection) throws -> [PanelView] {
            try connection.query(
                """
                SELECT id::text AS id, applied_at, conclusion FROM review_panels WHERE case_id = \(caseId)::uuid
                ORDER BY applied_at
                """
            ).rows.map { panel in
                let panelId: String = try panel.decode("id")
                return PanelView(
                    id: panelId, appliedAt: try panel.decode("applied_at"),
                    conclusion: try panel.decodeIfPresent("conclusion"),
                    members: try connection.query(
                        """
                        SELECT expert_code AS expert, verdict, reasonable, lawful, reasons FROM panel_members
                        WHERE panel_id = \(panelId)::uuid ORDER BY expert_code
                        """, as: Member.self))
            }
        }
    }

    public struct VisitView: Codable, Sendable, PostgresRowDecodable {
        public let round: Int
        public let scheduledAt: Date
        public let method: String?
        public let satisfaction: String?
        public let handlingComment: String?
        public let conductComment: String?
        public let visitedAt: Date?

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT round, scheduled_at AS "scheduledAt", method, satisfaction, handling_comment AS "handlingComment",
                   conduct_comment AS "conductComment", visited_at AS "visitedAt"
            FROM visits WHERE case_id = \(caseId)::uuid ORDER BY round
            """
        }
    }

    public struct SupervisionView: Codable, Sendable, PostgresRowDecodable {
        public let level: String
        public let department: String
        public let dueAt: Date
        public let issuedAt: Date

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT level, department_code AS department, due_at AS "dueAt", issued_at AS "issuedAt"
            FROM supervision_records
            WHERE case_id = \(caseId)::uuid ORDER BY issued_at, id
            """
        }
    }

    public struct Event: Codable, Sendable, PostgresRowDecodable {
        public let seq: Int
        public let action: String
        public let from: String?
        public let to: String
        public let actor: String
        public let reason: String?
        public let at: Date

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT seq, action, from_status AS "from", to_status AS "to", actor, reason, occurred_at AS at
            FROM case_events WHERE case_id = \(caseId)::uuid ORDER BY seq
            """
        }
    }
}
