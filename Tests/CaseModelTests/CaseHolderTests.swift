import CaseModel
import Testing

/// Who must act next, for every status.
struct CaseHolderTests {
    @Test(arguments: [
        (CaseStatus.registered, "routing"), (.triage, "dispatcher"), (.dispatched, "department:urban"),
        (.handling, "department:urban"), (.answered, "petitioner"), (.disputed, "petitioner"),
        (.underReview, "review-panel"), (.followUp, "followup"),
    ])
    func anOpenCaseHasAHolder(status: CaseStatus, holder: String) {
        #expect(CaseHolder.of(status: status, department: "urban") == holder)
    }

    @Test(arguments: [CaseStatus.archived, .withdrawn, .redirected])
    func aClosedCaseHasNone(status: CaseStatus) {
        #expect(CaseHolder.of(status: status, department: "urban") == nil)
    }

    @Test func everyStatusIsCovered() {
        let open = CaseStatus.allCases.filter { CaseHolder.of(status: $0, department: "d") != nil }
        #expect(open.count + 3 == CaseStatus.allCases.count)
    }
}
