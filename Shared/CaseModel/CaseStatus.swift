/// Where a case stands in the centre's loop (Changyi's six steps, see docs/domain.md).
public enum CaseStatus: String, Sendable, Codable, CaseIterable {
    /// 受理登记: registered at a window or from a grid event.
    case registered
    /// 待人工分流: no rule matched; a human dispatcher must route it.
    case triage
    /// 分流交办: a work order went to the responsible department.
    case dispatched
    /// 办理中: the department received the work order and is handling it.
    case handling
    /// 结果反馈: the department gave its written answer.
    case answered
    /// 不服答复: the petitioner disputed the answer.
    case disputed
    /// 专家评审: an expert panel is reviewing the answer.
    case underReview = "under_review"
    /// 回访: awaiting or in the follow-up visit.
    case followUp = "follow_up"
    /// 归档: closed and archived.
    case archived
    /// 撤回: withdrawn by the petitioner.
    case withdrawn
    /// 诉讼引导: the matter belongs in court; the petitioner was guided to the judicial channel.
    case redirected

    /// Archived, withdrawn and redirected cases take no further transitions.
    public var isClosed: Bool { self == .archived || self == .withdrawn || self == .redirected }
}
