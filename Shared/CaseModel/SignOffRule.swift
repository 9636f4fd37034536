/// 签收: who may write down the petitioner's word on an answer. The window (a clerk) may for
/// any answer; a department only for its own, because only it (or the window) spoke to the
/// petitioner about it (docs/lifecycle.md, "Who may record a sign-off, and why").
public enum SignOffRule {
    /// `department`: the department recording it (nil: the window); `answeredBy`: the answer's.
    public static func mayRecord(department: String?, answeredBy: String) -> Bool {
        department.map { $0 == answeredBy } ?? true
    }
}
