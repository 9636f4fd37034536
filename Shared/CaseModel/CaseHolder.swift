/// Who must act next on a case: a department, the petitioner, the review panel, follow-up staff,
/// a dispatcher, or nobody (a closed case). The case view and the worklists show it.
public enum CaseHolder {
    /// `department`: the department the case is with, for a case being handled.
    public static func of(status: CaseStatus?, department: String?) -> String? {
        switch status {
        case .registered: "routing"
        case .triage: "dispatcher"
        case .dispatched, .handling: department.map { "department:\($0)" }
        case .answered, .disputed: "petitioner"
        case .underReview: "review-panel"
        case .followUp: "followup"
        case .archived, .withdrawn, .redirected, nil: nil
        }
    }
}
