import CaseModel
import CaseStore
import Foundation
import Storage

/// 申请专家评审 (点单式): the petitioner's own choice of experts, checked against every rule —
/// the same at the window (the review service) and online (the status page).
public enum ReviewApplication {
    /// Opens the panel; `actor` is who is on the record (a clerk, or the petitioner online).
    public static func apply(
        caseNumber: String, experts: [String], rules: ReviewRules, by actor: String,
        on transaction: PostgresConnection
    ) throws -> PanelView {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        _ = try CaseStateMachine.apply(.openReview, to: caseRef.status)
        guard let answer = try ReviewPanels.disputedAnswer(caseId: caseRef.id, on: transaction) else {
            throw IllegalTransition(action: .openReview, from: caseRef.status)
        }
        let deadline = rules.deadline(signedAt: answer.signedAt)
        guard Date() <= deadline else {
            throw DomainRefusal.conflict(
                "the review window closed at \(ISO8601DateFormatter().string(from: deadline)) "
                    + "(\(rules.windowDays) days after the answer was signed)")
        }
        let department = answer.department
        var known: [String: ReviewRules.Expert] = [:]
        for expert in try ReviewPanels.expertFacts(experts, on: transaction) {
            known[expert.code] = .init(
                code: expert.code, active: expert.active, departmentCode: expert.department)
        }
        let problems = rules.problems(chosen: experts, known: known, answeringDepartment: department)
        guard problems.isEmpty else { throw DomainRefusal.invalid(problems) }

        let panelId = try ReviewPanels.open(
            caseId: caseRef.id, answerId: answer.id, experts: experts, on: transaction)
        try CaseTransitions.apply(
            .openReview, to: caseRef, actor: actor,
            reason:
                "on the petitioner's application, panel of \(experts.count): \(experts.joined(separator: ", "))",
            on: transaction)
        return try PanelView.load(panelId: panelId, on: transaction)
    }
}
