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

/// `case.redispatch` (→ routing): send the case back to its department for another
/// round (a revised answer after review, or rectification after an unsatisfied visit).
public struct CaseRedispatch: Codable, Sendable, Equatable {
    public static let type = MessageTypes.caseRedispatch
    public var caseId: String
    public var caseNumber: String
    public var reason: String
    public init(caseId: String, caseNumber: String, reason: String) {
        self.caseId = caseId
        self.caseNumber = caseNumber
        self.reason = reason
    }
}
