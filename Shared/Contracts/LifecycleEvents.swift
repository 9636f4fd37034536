import Foundation

/// Why a case goes to follow-up.
public enum FollowUpReason: String, Codable, Sendable {
    case answerAccepted = "answer_accepted"
    case reviewUpheld = "review_upheld"
    case resolvedOnSpot = "resolved_on_spot"
}

/// `case.follow-up-due` (→ followup): schedule a return visit.
public struct CaseFollowUpDue: Codable, Sendable, Equatable {
    public static let type = MessageTypes.caseFollowUpDue
    public var caseId: String
    public var caseNumber: String
    public var reason: FollowUpReason
    public var dueSince: Date
    public init(caseId: String, caseNumber: String, reason: FollowUpReason, dueSince: Date) {
        self.caseId = caseId
        self.caseNumber = caseNumber
        self.reason = reason
        self.dueSince = dueSince
    }
}

/// `case.disputed` (→ review): the petitioner disputed the answer and may apply for review until `reviewDeadline`.
public struct CaseDisputed: Codable, Sendable, Equatable {
    public static let type = MessageTypes.caseDisputed
    public var caseId: String
    public var caseNumber: String
    public var answerId: String
    public var signedAt: Date
    public var reviewDeadline: Date
    public init(caseId: String, caseNumber: String, answerId: String, signedAt: Date, reviewDeadline: Date) {
        self.caseId = caseId
        self.caseNumber = caseNumber
        self.answerId = answerId
        self.signedAt = signedAt
        self.reviewDeadline = reviewDeadline
    }
}

/// Who gets a work order when a case is sent out again.
public enum RedispatchScope: String, Codable, Sendable {
    /// Another round for the lead only (a revised answer, rectification).
    case lead
    /// The whole step of the ladder: the lead and, when handled jointly, its co-handlers (escalation).
    case step
}

/// `case.redispatch` (→ routing): send the case out again — another round for its
/// department (a revised answer after review, or rectification after an unsatisfied
/// visit), or the next tier's departments after an escalation.
public struct CaseRedispatch: Codable, Sendable, Equatable {
    public static let type = MessageTypes.caseRedispatch
    public var caseId: String
    public var caseNumber: String
    public var reason: String
    /// Absent means `lead` (the message as first published).
    public var scope: RedispatchScope?
    public init(caseId: String, caseNumber: String, reason: String, scope: RedispatchScope? = nil) {
        self.caseId = caseId
        self.caseNumber = caseNumber
        self.reason = reason
        self.scope = scope
    }
}
