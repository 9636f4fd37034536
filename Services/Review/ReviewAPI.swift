import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPSupport
import OpenAPIRuntime
import PetitionerSteps
import Reliability
import Storage

/// `GET /api/v1/experts`, `POST /api/v1/cases/{caseNumber}/review`,
/// `POST /api/v1/panels/{panelId}/opinions`, `GET /api/v1/panels/{panelId}`.
struct ReviewAPI: APIProtocol {
    let pool: PostgresPool
    let rules: ReviewRules
    let access: Access

    func listExperts(_ input: Operations.ListExperts.Input) async throws -> Operations.ListExperts.Output {
        try access.require([.clerk, .supervisor])
        try RequestProblems.check()
        let town = input.query.town
        let experts = try await pool.withConnection(retryOnLostConnection: true) {
            try Experts.list(town: town, on: $0)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(["experts": experts]))))
    }

    func applyForReview(_ input: Operations.ApplyForReview.Input) async throws
        -> Operations.ApplyForReview.Output
    {
        let staff = try access.require([.clerk])
        let application: ReviewApplicationRequest = try GeneratedAPI.body(input.body)
        try RequestProblems.check()
        let caseNumber = input.path.caseNumber
        let rules = self.rules
        let panel = try await pool.withConnection { connection in
            try connection.transaction {
                try access.requireTown(staff, of: CaseRef.lock(caseNumber: caseNumber, on: $0))
                return try ReviewApplication.apply(
                    caseNumber: caseNumber, experts: application.experts, rules: rules, by: staff.actor,
                    on: $0)
            }
        }
        return .created(
            .init(
                headers: .init(location: "/api/v1/panels/\(panel.panelId)"),
                body: .json(try GeneratedAPI.convert(panel))))
    }

    func recordOpinion(_ input: Operations.RecordOpinion.Input) async throws
        -> Operations.RecordOpinion.Output
    {
        let opinion: Opinion = try GeneratedAPI.body(input.body)
        try RequestProblems.check(DomainRefusal.textProblems(opinion.reasons, field: "reasons"))
        // Only the expert casts their opinion: an admin may not vote for one.
        let staff = try access.require([.expert], adminMay: false)
        if staff.expert != opinion.expert {
            throw access.outOfScope(staff, "an expert gives only their own opinion")
        }
        let panelId = try Self.panelId(input.path.panelId)
        let panel = try await pool.withConnection { connection in
            try connection.transaction { try Self.record(opinion, panelId: panelId, on: $0) }
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(panel))))
    }

    func getPanel(_ input: Operations.GetPanel.Input) async throws -> Operations.GetPanel.Output {
        let staff = try access.require([.clerk, .supervisor, .expert])
        let panelId = try Self.panelId(input.path.panelId)
        let panel = try await pool.withConnection(retryOnLostConnection: true) {
            try PanelView.load(panelId: panelId, on: $0)
        }
        if staff.role == .expert, !panel.members.contains(where: { $0.expert == staff.expert }) {
            // The same answer as for a panel that does not exist: no existence oracle.
            _ = access.outOfScope(staff, "an expert sees only the panels they sit on")
            throw DomainRefusal.notFound("no panel \(panelId)")
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(panel))))
    }

    static func panelId(_ text: String) throws -> String {
        guard UUID(uuidString: text) != nil else {
            throw DomainRefusal.notFound("no panel \(text.prefix(40))")
        }
        return text.lowercased()
    }

    /// One expert's opinion; the last one concludes the panel and moves the case.
    static func record(_ opinion: Opinion, panelId: String, on transaction: PostgresConnection) throws
        -> PanelView
    {
        guard let panel = try ReviewPanels.lock(panelId, on: transaction) else {
            throw DomainRefusal.notFound("no panel \(panelId)")
        }
        if let conclusion = panel.conclusion {
            throw DomainRefusal.conflict("the panel has concluded (\(conclusion))")
        }
        switch try ReviewPanels.membership(panelId: panelId, expert: opinion.expert, on: transaction) {
        case .notAMember:
            throw DomainRefusal.invalid([
                .init(field: "expert", problem: "\(opinion.expert) is not on this panel")
            ])
        case .voted:
            throw DomainRefusal.conflict("\(opinion.expert) has already given an opinion")
        case .waiting:
            break
        }
        try ReviewPanels.recordOpinion(
            panelId: panelId, expert: opinion.expert, verdict: opinion.verdict.rawValue,
            reasonable: opinion.reasonable, lawful: opinion.lawful, reasons: opinion.reasons, on: transaction)
        let verdicts = try ReviewPanels.verdicts(panelId: panelId, on: transaction).map {
            $0.flatMap(Verdict.init(rawValue:))
        }
        if let conclusion = ReviewRules.conclusion(verdicts: verdicts) {
            try conclude(panelId: panelId, caseId: panel.caseId, conclusion, verdicts, on: transaction)
        }
        return try PanelView.load(panelId: panelId, on: transaction)
    }

    static func conclude(
        panelId: String, caseId: String, _ conclusion: PanelConclusion, _ verdicts: [Verdict?],
        on transaction: PostgresConnection
    ) throws {
        try ReviewPanels.conclude(panelId: panelId, conclusion: conclusion.rawValue, on: transaction)
        let caseRef = try CaseRef.lock(caseId: caseId, on: transaction)
        let upholding = verdicts.filter { $0 == .uphold }.count
        let tally = "\(upholding) of \(verdicts.count) uphold"
        switch conclusion {
        case .upheld:
            try CaseTransitions.apply(
                .upholdAnswer, to: caseRef, actor: "review-panel", reason: "answer upheld (\(tally))",
                on: transaction)
            try Outbox.enqueue(
                CaseFollowUpDue(
                    caseId: caseId, caseNumber: caseRef.number, reason: .reviewUpheld, dueSince: Date()),
                producer: "review", on: transaction)
        case .revised:
            try CaseTransitions.apply(
                .reviseAnswer, to: caseRef, actor: "review-panel",
                reason: "answer to be revised (\(tally))",
                on: transaction)
            try Outbox.enqueue(
                CaseRedispatch(
                    caseId: caseId, caseNumber: caseRef.number, reason: "review: answer revised"),
                producer: "review", on: transaction)
        }
    }
}

struct ReviewApplicationRequest: Codable, Sendable {
    var experts: [String]
}

struct Opinion: Codable, Sendable {
    var expert: String
    var verdict: Verdict
    /// 合理性: is the answer reasonable?
    var reasonable: Bool
    /// 合法性: is it lawful?
    var lawful: Bool
    var reasons: String
}
