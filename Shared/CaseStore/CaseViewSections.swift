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

        public init(row: PostgresRow) throws {
            id = try row.decode("id")
            department = try row.decode("department_code")
            round = try row.decode("round")
            dispatchedAt = try row.decode("dispatched_at")
            dueAt = try row.decode("due_at")
            receivedAt = try row.decodeIfPresent("received_at")
            answeredAt = try row.decodeIfPresent("answered_at")
            role = try row.decode("role")
            tier = try row.decodeIfPresent("tier")
            closedAt = try row.decodeIfPresent("closed_at")
            closeReason = try row.decodeIfPresent("close_reason")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT id::text AS id, department_code, round, dispatched_at, due_at, received_at, answered_at,
                   role, tier, closed_at, close_reason
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

        public init(row: PostgresRow) throws {
            department = try row.decode("department_code")
            text = try row.decode("text")
            at = try row.decode("reported_at")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT department_code, text, reported_at FROM co_reports WHERE case_id = \(caseId)::uuid
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

        public init(row: PostgresRow) throws {
            fromTier = try row.decode("from_tier")
            toTier = try row.decode("to_tier")
            trigger = try row.decode("trigger")
            reason = try row.decode("reason")
            actor = try row.decode("actor")
            at = try row.decode("escalated_at")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT from_tier, to_tier, trigger, reason, actor, escalated_at FROM escalations
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

        public init(row: PostgresRow) throws {
            waitingOn = try row.decode("waiting_on")
            reason = try row.decode("reason")
            actor = try row.decode("actor")
            startedAt = try row.decode("started_at")
            endedAt = try row.decodeIfPresent("ended_at")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT waiting_on, reason, actor, started_at, ended_at FROM clock_pauses
            WHERE case_id = \(caseId)::uuid ORDER BY id
            """
        }
    }

    public struct Step: Codable, Sendable, PostgresRowDecodable {
        public let mediation: String?
        public let note: String
        public let actor: String
        public let at: Date

        public init(row: PostgresRow) throws {
            mediation = try row.decodeIfPresent("mediation")
            note = try row.decode("note")
            actor = try row.decode("actor")
            at = try row.decode("recorded_at")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT mediation, note, actor, recorded_at FROM handling_steps WHERE case_id = \(caseId)::uuid ORDER BY id
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

        public init(row: PostgresRow) throws {
            department = try row.decode("department_code")
            outcome = try row.decode("outcome")
            text = try row.decode("text")
            reasons = try row.decodeIfPresent("reasons")
            answeredAt = try row.decode("answered_at")
            signOff = try row.decodeIfPresent("sign_off")
            signOffChannel = try row.decodeIfPresent("sign_off_channel")
            signedAt = try row.decodeIfPresent("signed_at")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT department_code, outcome, text, reasons, answered_at, sign_off, sign_off_channel, signed_at
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

            public init(row: PostgresRow) throws {
                expert = try row.decode("expert_code")
                verdict = try row.decodeIfPresent("verdict")
                reasonable = try row.decodeIfPresent("reasonable")
                lawful = try row.decodeIfPresent("lawful")
                reasons = try row.decodeIfPresent("reasons")
            }
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
                        SELECT expert_code, verdict, reasonable, lawful, reasons FROM panel_members
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

        public init(row: PostgresRow) throws {
            round = try row.decode("round")
            scheduledAt = try row.decode("scheduled_at")
            method = try row.decodeIfPresent("method")
            satisfaction = try row.decodeIfPresent("satisfaction")
            handlingComment = try row.decodeIfPresent("handling_comment")
            conductComment = try row.decodeIfPresent("conduct_comment")
            visitedAt = try row.decodeIfPresent("visited_at")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT round, scheduled_at, method, satisfaction, handling_comment, conduct_comment, visited_at
            FROM visits WHERE case_id = \(caseId)::uuid ORDER BY round
            """
        }
    }

    public struct SupervisionView: Codable, Sendable, PostgresRowDecodable {
        public let level: String
        public let department: String
        public let dueAt: Date
        public let issuedAt: Date

        public init(row: PostgresRow) throws {
            level = try row.decode("level")
            department = try row.decode("department_code")
            dueAt = try row.decode("due_at")
            issuedAt = try row.decode("issued_at")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT level, department_code, due_at, issued_at FROM supervision_records
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

        public init(row: PostgresRow) throws {
            seq = try row.decode("seq")
            action = try row.decode("action")
            from = try row.decodeIfPresent("from_status")
            to = try row.decode("to_status")
            actor = try row.decode("actor")
            reason = try row.decodeIfPresent("reason")
            at = try row.decode("occurred_at")
        }

        static func of(_ caseId: String) -> PostgresQuery {
            """
            SELECT seq, action, from_status, to_status, actor, reason, occurred_at
            FROM case_events WHERE case_id = \(caseId)::uuid ORDER BY seq
            """
        }
    }
}
