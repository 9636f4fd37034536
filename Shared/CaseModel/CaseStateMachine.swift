/// The one place where case transitions are defined. Every service asks it;
/// an illegal transition is an error, never a silent overwrite.
public enum CaseStateMachine {
    /// Each action and the statuses it may start from (nil: the case is new).
    static let table: [CaseAction: (from: Set<CaseStatus?>, to: CaseStatus)] = [
        .register: ([nil], .registered),
        .registerResolvedOnSpot: ([nil], .followUp),
        .sendToTriage: ([.registered], .triage),
        .dispatch: ([.registered, .triage], .dispatched),
        .redirectToJudicial: ([.registered, .triage], .redirected),
        .escalate: ([.dispatched, .handling], .dispatched),
        .receive: ([.dispatched], .handling),
        .answer: ([.handling], .answered),
        .accept: ([.answered], .followUp),
        .dispute: ([.answered], .disputed),
        .contest: ([.followUp], .disputed),
        .openReview: ([.disputed], .underReview),
        .upholdAnswer: ([.underReview], .followUp),
        .reviseAnswer: ([.underReview], .dispatched),
        .rectify: ([.followUp], .dispatched),
        .archive: ([.followUp], .archived),
        .withdraw: (
            [.registered, .triage, .dispatched, .handling, .answered, .disputed, .underReview, .followUp],
            .withdrawn
        ),
    ]

    /// The status `action` leads to from `status`, or an error naming both.
    public static func apply(_ action: CaseAction, to status: CaseStatus?) throws(IllegalTransition)
        -> CaseStatus
    {
        guard let rule = table[action], rule.from.contains(status) else {
            throw IllegalTransition(action: action, from: status)
        }
        return rule.to
    }

    /// The actions allowed from a status, for error messages and clients.
    public static func allowedActions(from status: CaseStatus?) -> [CaseAction] {
        CaseAction.allCases.filter { table[$0]?.from.contains(status) ?? false }
    }
}

/// An action that the state machine does not allow from the case's status.
public struct IllegalTransition: Error, Equatable, CustomStringConvertible, Sendable {
    public let action: CaseAction
    public let from: CaseStatus?

    public init(action: CaseAction, from: CaseStatus?) {
        self.action = action
        self.from = from
    }

    public var description: String {
        let allowed = CaseStateMachine.allowedActions(from: from).map(\.rawValue).joined(separator: ", ")
        return "cannot \(action.rawValue) a case that is \(from?.rawValue ?? "new")"
            + (allowed.isEmpty ? "" : " (allowed: \(allowed))")
    }
}
