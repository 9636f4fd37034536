import CaseModel
import Foundation

/// `case.step.<action>`: one row of a case's timeline, announced. Every transition of the
/// state machine publishes one, in the transaction that records it (CaseTransitions), so a
/// consumer that follows the whole lifecycle — the notifier — binds `case.step.#` and needs no
/// other event. It carries no personal data: a consumer that needs more reads the case.
public struct CaseStepped: Codable, Sendable, Equatable {
    public static let type = MessageTypes.caseStep
    /// Where the relays find these rows: every service that moves cases relays them.
    public static let producer = "case-steps"

    public var caseId: String
    public var caseNumber: String
    /// The step's place in the case's timeline (from 1).
    public var seq: Int
    public var action: CaseAction
    public var fromStatus: CaseStatus?
    public var toStatus: CaseStatus
    /// Who recorded it (`clerk:lina`, `petitioner`, `system:routing`).
    public var actor: String
    public var at: Date

    public init(
        caseId: String, caseNumber: String, seq: Int, action: CaseAction, fromStatus: CaseStatus?,
        toStatus: CaseStatus, actor: String, at: Date
    ) {
        self.caseId = caseId
        self.caseNumber = caseNumber
        self.seq = seq
        self.action = action
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.actor = actor
        self.at = at
    }

    /// `case.step.dispatch`, …: consumers bind the steps they care for.
    public var routingKey: String { "\(MessageTypes.caseStep).\(action.rawValue)" }
}

/// 验证码: the petitioner asked the status page for a one-time code to confirm an action
/// (`petitioner.code-requested`, → notifier). The notifier makes the code, keeps its hash
/// and sends it by SMS; the code itself is never on the bus.
public struct PetitionerCodeRequested: Codable, Sendable, Equatable {
    public static let type = MessageTypes.petitionerCodeRequested

    public var requestId: String
    public var caseId: String
    public var caseNumber: String
    /// What the code will confirm: `sign_off`, `review`, `contest`.
    public var purpose: String
    public var requestedAt: Date

    public init(requestId: String, caseId: String, caseNumber: String, purpose: String, requestedAt: Date) {
        self.requestId = requestId
        self.caseId = caseId
        self.caseNumber = caseNumber
        self.purpose = purpose
        self.requestedAt = requestedAt
    }
}
