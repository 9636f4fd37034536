import CaseModel
import Foundation
import Storage

/// What `GET /api/v1/cases/{caseNumber}` shows: the case, where it stands, who
/// holds it and until when, the answers and sign-offs, review panels, visits,
/// and its whole timeline. The petitioner's phone is masked.
public struct CaseView: Codable, Sendable {
    public let caseNumber: String
    public let status: String
    public let channel: String
    public let category: String
    public let petitioner: Registration.Petitioner
    /// 集体访: the people it is brought for and the representatives after the petitioner.
    public let collective: CollectiveView?
    /// 对方当事人.
    public let otherParties: [CaseParties.Party]
    /// 涉及金额, yuan.
    public let amountInvolved: Double?
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
    /// 调解协议, each with its judicial confirmation (司法确认) if it was sent to a court.
    public let agreements: [MediationAgreements.Recorded]
    public let reviewPanels: [PanelView]
    public let visits: [VisitView]
    public let supervision: [SupervisionView]
    public let coReports: [CoReportView]
    public let escalations: [EscalationView]
    public let clockPauses: [ClockPauseView]
    public let timeline: [Event]

    public struct CollectiveView: Codable, Sendable {
        public let people: Int
        public let representatives: [CaseParties.Party]
    }

    /// Loads the view, or nil when there is no such case: the case's row, then each section.
    public static func load(caseNumber: String, on connection: PostgresConnection) throws -> CaseView? {
        guard
            let row = try connection.query(
                """
                SELECT c.id::text AS id, c.case_number, c.status, c.channel, c.category_code, c.petitioner_name,
                       c.petitioner_phone_masked, c.petitioner_language, c.sms_opt_out, c.facts, c.demand, c.location_town, c.location_community,
                       c.location_grid, c.location_address, c.registered_at, c.resolved_on_spot,
                       d.code AS department_code, d.name AS department_name, d.name_zh AS department_name_zh,
                       c.routing_plan::text AS routing_plan, c.tier, c.ladder_step, r.case_number AS repeat_of,
                       c.collective_people, c.amount_involved
                FROM cases c LEFT JOIN departments d ON d.code = c.department_code
                LEFT JOIN cases r ON r.id = c.repeat_of
                WHERE c.case_number = \(caseNumber)
                """
            ).first
        else { return nil }
        let caseId: String = try row.decode("id")
        let parties = try CaseParties.load(caseId: caseId, on: connection)
        let orders = try connection.query(WorkOrderView.of(caseId), as: WorkOrderView.self)
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
                phone: try row.decodeIfPresent("petitioner_phone_masked") ?? "***",
                language: try row.decode("petitioner_language"), smsOptOut: try row.decode("sms_opt_out")),
            collective: try row.decodeIfPresent("collective_people", as: Int.self).map {
                CollectiveView(people: $0, representatives: parties.filter { $0.side == "petitioner" })
            },
            otherParties: parties.filter { $0.side == "other" },
            amountInvolved: try row.decodeIfPresent("amount_involved"),
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
            holder: CaseHolder.of(status: CaseStatus(rawValue: status), department: departmentCode),
            dueAt: orders.last(where: { $0.answeredAt == nil && $0.closedAt == nil && $0.role == "lead" })?
                .dueAt,
            workOrders: orders,
            handlingSteps: try connection.query(Step.of(caseId), as: Step.self),
            answers: try connection.query(AnswerView.of(caseId), as: AnswerView.self),
            agreements: try MediationAgreements.load(caseId: caseId, on: connection),
            reviewPanels: try PanelView.load(caseId: caseId, on: connection),
            visits: try connection.query(VisitView.of(caseId), as: VisitView.self),
            supervision: try connection.query(SupervisionView.of(caseId), as: SupervisionView.self),
            coReports: try connection.query(CoReportView.of(caseId), as: CoReportView.self),
            escalations: try connection.query(EscalationView.of(caseId), as: EscalationView.self),
            clockPauses: try connection.query(ClockPauseView.of(caseId), as: ClockPauseView.self),
            timeline: try connection.query(Event.of(caseId), as: Event.self))
    }
}
