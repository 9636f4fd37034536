/// A named step that moves a case from one status to another. The timeline
/// records the action, so it reads as what happened, not only where it went.
public enum CaseAction: String, Sendable, Codable, CaseIterable {
    case register
    /// 即办: registered already resolved at the window; goes straight to follow-up.
    case registerResolvedOnSpot = "register_resolved_on_spot"
    case sendToTriage = "send_to_triage"
    case dispatch
    /// 诉讼引导: redirected to the judicial channel instead of a department.
    case redirectToJudicial = "redirect_to_judicial"
    /// 吹哨报到: moved up to the next tier of its routing plan.
    case escalate
    case receive
    case answer
    case accept
    case dispute
    /// 异议: the petitioner contests an acceptance recorded on their behalf, within the review
    /// window and before the return visit; the answer is then disputed, as if they had said so.
    case contest
    case openReview = "open_review"
    case upholdAnswer = "uphold_answer"
    case reviseAnswer = "revise_answer"
    case rectify
    case archive
    case withdraw
}
