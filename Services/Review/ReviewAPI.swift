import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPSupport
import Hummingbird
import Reliability
import Storage

/// `GET /api/v1/experts`, `POST /api/v1/cases/{caseNumber}/review`,
/// `POST /api/v1/panels/{panelId}/opinions`, `GET /api/v1/panels/{panelId}`.
struct ReviewAPI: Sendable {
    let pool: PostgresPool
    let rules: ReviewRules
    let access: Access

    func register(on router: Router<StaffRequestContext>) {
        router.get("/api/v1/experts") { request, context in
            try await access.require(request, context, [.clerk, .supervisor])
            let town = request.uri.queryParameters.get("town")
            let experts = try await pool.withConnection(retryOnLostConnection: true) {
                try Self.experts(town: town, on: $0)
            }
            return try Response.json(["experts": experts])
        }
        router.post("/api/v1/cases/:caseNumber/review") { request, context in
            let staff = try await access.require(request, context, [.clerk])
            let application = try await JSONBody.decode(
                ReviewApplication.self, from: request, required: ["experts"])
            let caseNumber = context.parameters.get("caseNumber") ?? ""
            let rules = self.rules
            let panel = try await pool.withConnection { connection in
                try connection.transaction {
                    try Self.apply(caseNumber, application, rules, by: staff.actor, on: $0)
                }
            }
            return try Response.json(
                panel, status: .created, headers: [.location: "/api/v1/panels/\(panel.panelId)"])
        }
        router.post("/api/v1/panels/:panelId/opinions") { request, context in
            let opinion = try await JSONBody.decode(
                Opinion.self, from: request,
                required: ["expert", "verdict", "reasonable", "lawful", "reasons"])
            try DomainRefusal.requireText(opinion.reasons, field: "reasons")
            // Only the expert casts their opinion: an admin may not vote for one.
            let staff = try await access.require(request, context, [.expert], adminMay: false)
            if staff.expert != opinion.expert {
                throw access.outOfScope(request, staff, "an expert gives only their own opinion")
            }
            let panelId = try Self.panelId(context)
            let panel = try await pool.withConnection { connection in
                try connection.transaction { try Self.record(opinion, panelId: panelId, on: $0) }
            }
            return try Response.json(panel)
        }
        router.get("/api/v1/panels/:panelId") { request, context in
            let staff = try await access.require(request, context, [.clerk, .supervisor, .expert])
            let panelId = try Self.panelId(context)
            let panel = try await pool.withConnection(retryOnLostConnection: true) {
                try PanelView.load(panelId: panelId, on: $0)
            }
            if staff.role == .expert, !panel.members.contains(where: { $0.expert == staff.expert }) {
                // The same answer as for a panel that does not exist: no existence oracle.
                _ = access.outOfScope(request, staff, "an expert sees only the panels they sit on")
                throw DomainRefusal.notFound("no panel \(panelId)")
            }
            return try Response.json(panel)
        }
    }

    static func panelId(_ context: StaffRequestContext) throws -> String {
        let text = context.parameters.get("panelId") ?? ""
        guard UUID(uuidString: text) != nil else {
            throw DomainRefusal.notFound("no panel \(text.prefix(40))")
        }
        return text.lowercased()
    }

    static func experts(town: String?, on connection: PostgresConnection) throws -> [ExpertView] {
        try connection.execute(
            """
            SELECT code, name, role, town_code, department_code, active FROM experts
            WHERE $1::text IS NULL OR town_code = $1 OR town_code IS NULL ORDER BY town_code NULLS LAST, code
            """, [town]
        ).rows.map {
            ExpertView(
                code: try $0.decode("code"), name: try $0.decode("name"), role: try $0.decode("role"),
                pool: try $0.decodeIfPresent("town_code") ?? "city",
                department: try $0.decodeIfPresent("department_code"),
                active: try $0.decode("active"))
        }
    }

    /// 点单式: the petitioner's own choice of experts, checked against every rule.
    static func apply(
        _ caseNumber: String, _ application: ReviewApplication, _ rules: ReviewRules, by actor: String,
        on transaction: PostgresConnection
    ) throws -> PanelView {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        _ = try CaseStateMachine.apply(.openReview, to: caseRef.status)
        guard
            let answer = try transaction.execute(
                """
                SELECT id::text AS id, department_code, signed_at FROM answers
                WHERE case_id = $1::uuid AND sign_off = 'disputed' ORDER BY signed_at DESC LIMIT 1
                """, [caseRef.id]
            ).first
        else { throw IllegalTransition(action: .openReview, from: caseRef.status) }
        let deadline = rules.deadline(signedAt: try answer.decode("signed_at"))
        guard Date() <= deadline else {
            throw DomainRefusal.conflict(
                "the review window closed at \(ISO8601DateFormatter().string(from: deadline)) "
                    + "(\(rules.windowDays) days after the answer was signed)")
        }
        let department: String = try answer.decode("department_code")
        var known: [String: ReviewRules.Expert] = [:]
        for row in try transaction.execute(
            "SELECT code, active, department_code FROM experts WHERE code = ANY($1::text[])",
            [PostgresArray.text(application.experts)]
        ).rows {
            let code: String = try row.decode("code")
            known[code] = .init(
                code: code, active: try row.decode("active"),
                departmentCode: try row.decodeIfPresent("department_code"))
        }
        let problems = rules.problems(
            chosen: application.experts, known: known, answeringDepartment: department)
        guard problems.isEmpty else { throw DomainRefusal.invalid(problems) }

        let panelId: String = try transaction.execute(
            "INSERT INTO review_panels (case_id, answer_id) VALUES ($1::uuid, $2::uuid) RETURNING id::text AS id",
            [caseRef.id, try answer.decode("id", as: String.self)]
        ).first!.decode("id")
        try transaction.execute(
            """
            INSERT INTO panel_members (panel_id, expert_code) SELECT $1::uuid, unnest($2::text[])
            """, [panelId, PostgresArray.text(application.experts)])
        try CaseTransitions.apply(
            .openReview, to: caseRef, actor: actor,
            reason:
                "on the petitioner's application, panel of \(application.experts.count): \(application.experts.joined(separator: ", "))",
            on: transaction)
        return try PanelView.load(panelId: panelId, on: transaction)
    }

    /// One expert's opinion; the last one concludes the panel and moves the case.
    static func record(_ opinion: Opinion, panelId: String, on transaction: PostgresConnection) throws
        -> PanelView
    {
        guard
            let panel = try transaction.execute(
                "SELECT case_id::text AS case_id, conclusion FROM review_panels WHERE id = $1::uuid FOR UPDATE",
                [panelId]
            ).first
        else { throw DomainRefusal.notFound("no panel \(panelId)") }
        if let conclusion = try panel.decodeIfPresent("conclusion", as: String.self) {
            throw DomainRefusal.conflict("the panel has concluded (\(conclusion))")
        }
        guard
            let member = try transaction.execute(
                "SELECT voted_at FROM panel_members WHERE panel_id = $1::uuid AND expert_code = $2",
                [panelId, opinion.expert]
            ).first
        else {
            throw DomainRefusal.invalid([
                .init(field: "expert", problem: "\(opinion.expert) is not on this panel")
            ])
        }
        guard try member.decodeIfPresent("voted_at", as: Date.self) == nil else {
            throw DomainRefusal.conflict("\(opinion.expert) has already given an opinion")
        }
        try transaction.execute(
            """
            UPDATE panel_members SET verdict = $3, reasonable = $4, lawful = $5, reasons = $6, voted_at = now()
            WHERE panel_id = $1::uuid AND expert_code = $2
            """,
            [
                panelId, opinion.expert, opinion.verdict.rawValue, opinion.reasonable, opinion.lawful,
                opinion.reasons,
            ])
        let verdicts = try transaction.execute(
            "SELECT verdict FROM panel_members WHERE panel_id = $1::uuid", [panelId]
        ).rows.map { try $0.decodeIfPresent("verdict", as: String.self).flatMap(Verdict.init(rawValue:)) }
        if let conclusion = ReviewRules.conclusion(verdicts: verdicts) {
            try conclude(
                panelId: panelId, caseId: try panel.decode("case_id"), conclusion, verdicts, on: transaction)
        }
        return try PanelView.load(panelId: panelId, on: transaction)
    }

    static func conclude(
        panelId: String, caseId: String, _ conclusion: PanelConclusion, _ verdicts: [Verdict?],
        on transaction: PostgresConnection
    ) throws {
        try transaction.execute(
            "UPDATE review_panels SET conclusion = $2, concluded_at = now() WHERE id = $1::uuid",
            [panelId, conclusion.rawValue])
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

struct ReviewApplication: Codable, Sendable {
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

struct ExpertView: Codable, Sendable {
    let code: String
    let name: String
    let role: String
    let pool: String
    let department: String?
    let active: Bool
}
