import CaseModel
import Foundation
import PetitionerSteps
import Testing

@Suite struct ReviewRulesTests {
    let rules = ReviewRules(handling: .standard)
    let known: [String: ReviewRules.Expert] = [
        "a": .init(code: "a", active: true, departmentCode: nil),
        "b": .init(code: "b", active: true, departmentCode: nil),
        "c": .init(code: "c", active: true, departmentCode: nil),
        "d": .init(code: "d", active: true, departmentCode: nil),
        "e": .init(code: "e", active: true, departmentCode: nil),
        "head": .init(code: "head", active: true, departmentCode: "urban"),
        "retired": .init(code: "retired", active: false, departmentCode: nil),
    ]

    @Test func fiveDistinctActiveUnconflictedExpertsFormAPanel() {
        #expect(
            rules.problems(chosen: ["a", "b", "c", "d", "e"], known: known, answeringDepartment: "urban")
                .isEmpty)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let problems = rules.problems(
            chosen: ["a", "a", "head", "retired", "ghost"], known: known, answeringDepartment: "urban"
        ).map(\.problem)
        #expect(problems.count == 5)
        #expect(problems.contains("chosen more than once: a"))
        #expect(problems.contains("choose at least 5 different experts"))
        #expect(problems.contains("unknown experts: ghost"))
        #expect(problems.contains("not active: retired"))
        #expect(problems.contains { $0.hasPrefix("conflict of interest") && $0.hasSuffix("head") })
    }

    @Test func aDepartmentHeadMayReviewAnotherDepartmentsAnswer() {
        #expect(
            rules.problems(chosen: ["a", "b", "c", "d", "head"], known: known, answeringDepartment: "labour")
                .isEmpty)
    }

    @Test func theWindowIsCountedFromTheSignature() {
        let signed = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(rules.deadline(signedAt: signed).timeIntervalSince(signed) == 5 * 86_400)
    }

    @Test(arguments: [
        ([Verdict.uphold, .uphold, .uphold, .revise, .revise], PanelConclusion.upheld),
        ([.uphold, .uphold, .revise, .revise, .revise], .revised),
        ([.uphold, .uphold, .revise, .revise], .revised),  // a tie does not uphold
        ([.uphold, .uphold, .uphold, .uphold, .uphold, .uphold], .upheld),
    ])
    func thePanelConcludesByStrictMajority(verdicts: [Verdict], expected: PanelConclusion) {
        #expect(ReviewRules.conclusion(verdicts: verdicts) == expected)
    }

    @Test func noConclusionWhileOpinionsAreMissing() {
        #expect(ReviewRules.conclusion(verdicts: [.uphold, .uphold, .uphold, nil, .uphold]) == nil)
    }
}
