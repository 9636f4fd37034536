import CaseModel
import CaseStore
import Contracts
import Foundation
import Reliability
import Storage

/// 签收: the petitioner's word on the answer — accepted (→ follow-up) or disputed (→ the review
/// window opens, counted from this recorded receipt of the answer). Recorded at the window, by a
/// department's handler or system, or by the petitioner online; the same rules everywhere.
public enum SignOff {
    /// `actor`: who recorded it (`petitioner` online); `department`: the department recording it,
    /// which may do so only for its own answer (nil: the window or the petitioner); `producer`:
    /// the service whose outbox carries the follow-up or dispute event.
    public static func record(
        caseNumber: String, decision: SignOffDecision, channel: SignOffChannel, recordedBy actor: String,
        department: String?, rules: HandlingRules, producer: String, on transaction: PostgresConnection
    ) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        let action: CaseAction = decision == .accepted ? .accept : .dispute
        _ = try CaseStateMachine.apply(action, to: caseRef.status)
        guard
            let pending = try Answers.unsigned(caseId: caseRef.id, on: transaction)
        else { throw IllegalTransition(action: action, from: caseRef.status) }
        if let department, !SignOffRule.mayRecord(department: department, answeredBy: pending.department) {
            throw DomainRefusal.forbidden(
                "department '\(department.prefix(40))' may record a sign-off only of its own answer; case "
                    + "\(caseNumber) was not answered by it")
        }
        let signedAt = try Answers.recordSignOff(
            answerId: pending.id, decision: decision, channel: channel, recordedBy: actor,
            on: transaction)
        try CaseTransitions.apply(
            action, to: caseRef, actor: actor,
            reason: "on the petitioner's word, via \(channel.rawValue): \(decision.rawValue)",
            on: transaction)
        switch decision {
        case .accepted:
            try Outbox.enqueue(
                CaseFollowUpDue(
                    caseId: caseRef.id, caseNumber: caseRef.number, reason: .answerAccepted,
                    dueSince: signedAt), producer: producer, on: transaction)
        case .disputed:
            try Outbox.enqueue(
                CaseDisputed(
                    caseId: caseRef.id, caseNumber: caseRef.number, answerId: pending.id,
                    signedAt: signedAt, reviewDeadline: rules.reviewDeadline(signedAt: signedAt)),
                producer: producer, on: transaction)
        }
    }

    /// 异议: the petitioner contests an acceptance someone else recorded for them, within the
    /// review window (from that recorded receipt) and before the return visit. The answer is then
    /// disputed, online, and the review window is the one that receipt opened.
    public static func contest(
        caseNumber: String, by actor: String, rules: HandlingRules, producer: String,
        on transaction: PostgresConnection
    ) throws {
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        _ = try CaseStateMachine.apply(.contest, to: caseRef.status)
        guard let accepted = try Answers.lastSignOff(caseId: caseRef.id, on: transaction),
            accepted.decision == .accepted
        else { throw IllegalTransition(action: .contest, from: caseRef.status) }
        if accepted.recordedBy?.hasPrefix("petitioner") ?? false {
            throw DomainRefusal.conflict(
                "the answer was accepted by the petitioner online; it cannot be contested")
        }
        let deadline = rules.reviewDeadline(signedAt: accepted.signedAt)
        guard Date() <= deadline else {
            throw DomainRefusal.conflict(
                "the review window closed at \(ISO8601DateFormatter().string(from: deadline)) "
                    + "(\(rules.reviewWindowDays) days after the answer was signed off)")
        }
        try Answers.contest(answerId: accepted.id, on: transaction)
        try CaseTransitions.apply(
            .contest, to: caseRef, actor: actor,
            reason: "the petitioner contests the acceptance recorded by \(accepted.recordedBy ?? "staff")",
            on: transaction)
        try Outbox.enqueue(
            CaseDisputed(
                caseId: caseRef.id, caseNumber: caseRef.number, answerId: accepted.id,
                signedAt: accepted.signedAt, reviewDeadline: deadline),
            producer: producer, on: transaction)
    }
}
