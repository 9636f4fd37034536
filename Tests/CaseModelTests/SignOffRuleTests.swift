import CaseModel
import Testing

/// 签收: the window records any answer's sign-off, a department only its own.
struct SignOffRuleTests {
    @Test func theWindowMayRecordAnyAnswer() {
        #expect(SignOffRule.mayRecord(department: nil, answeredBy: "urban"))
    }

    @Test func aDepartmentMayRecordOnlyItsOwnAnswer() {
        #expect(SignOffRule.mayRecord(department: "urban", answeredBy: "urban"))
        #expect(!SignOffRule.mayRecord(department: "housing", answeredBy: "urban"))
    }
}
