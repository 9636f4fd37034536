/// Who staff are to the system (docs/access.md); their names in tokens, APIs and files.
public enum StaffRole: String, Codable, Sendable, CaseIterable {
    /// 窗口受理员: registers, records sign-offs, review applications, visits and withdrawals.
    case clerk
    /// 分流员: routes what no rule could (triage) and dispatches by hand.
    case dispatcher
    /// 职能部门: handles its own department's work orders only.
    case department
    /// 评审专家: sees and gives opinions on its own panels only.
    case expert
    /// 回访员: calls, texts or visits the petitioner and records the visit.
    case followup
    /// 督办: supervision, triage and reports.
    case supervisor
    case admin

    /// Roles that a town-level centre's account may hold, seeing only that town's cases.
    public static let townScoped: Set<StaffRole> = [.clerk, .dispatcher, .followup, .supervisor]

    /// 证据材料: those who work on a case attach files to it and remove them; an expert only reads.
    public static let attachers: Set<StaffRole> = [.clerk, .supervisor, .department, .dispatcher, .followup]
}
