import CaseModel

/// 通知时点: a moment that matters to the petitioner, and the template that tells of it.
enum Moment: String, CaseIterable, Sendable {
    case registered
    case dispatched
    case answered
    /// A sign-off recorded for the petitioner (at the window, or by a department's system) as
    /// accepted: they are told, and may contest it within the review window.
    case acceptedOnBehalf = "accepted_on_behalf"
    case disputed
    case panelFormed = "panel_formed"
    case panelConcluded = "panel_concluded"
    case visitComing = "visit_coming"
    case archived
    case withdrawn
    case redirectedToJudicial = "redirected_to_judicial"
    case oneTimeCode = "one_time_code"

    var template: String { rawValue }

    /// The moment a timeline step is, if it is one the petitioner is told of. Their own steps
    /// online (`actor` "petitioner") need no message but the review window's.
    static func of(step action: CaseAction, actor: String) -> Moment? {
        switch action {
        case .register, .registerResolvedOnSpot: return .registered
        case .dispatch: return .dispatched
        case .answer: return .answered
        case .accept: return actor.hasPrefix("petitioner") ? nil : .acceptedOnBehalf
        case .dispute, .contest: return .disputed
        case .openReview: return .panelFormed
        case .upholdAnswer, .reviseAnswer: return .panelConcluded
        case .archive: return .archived
        case .withdraw: return .withdrawn
        case .redirectToJudicial: return .redirectedToJudicial
        case .sendToTriage, .escalate, .receive, .rectify: return nil
        }
    }
}
