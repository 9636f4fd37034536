import CaseModel
import Foundation
import Testing

/// 办理时限: the centre's time rules, in one type.
struct HandlingRulesTests {
    let joint = RoutingPlan(source: "t", mode: .joint, ladder: [.init(tier: .district, lead: "a", co: ["b"])])

    @Test func theStandardRulesAreTheCentresOwn() {
        let rules = HandlingRules.standard
        #expect(rules.answerDays == 15)
        #expect(rules.immediateDays == 3)
        #expect(rules.reviewWindowDays == 5)
        #expect(rules.reviewMinimumExperts == 5)
        #expect(rules.problems.isEmpty)
    }

    @Test func aShorterAnswerMovesTheCoHandlersWithIt() {
        var rules = HandlingRules.standard
        rules.answerDays = 10
        #expect(rules.leadDueDays(joint) == 10)
        #expect(rules.coHandlerDueDays(joint) == 5)
        rules.answerDays = 3
        #expect(rules.coHandlerDueDays(joint) == 1, "a co-handler always has a day")
    }

    @Test func thePlansOwnDaysWinButACoHandlerIsNeverLaterThanTheLead() {
        var plan = joint
        plan.dueDays = 7
        plan.coDueDays = 9
        #expect(HandlingRules.standard.leadDueDays(plan) == 7)
        #expect(HandlingRules.standard.coHandlerDueDays(plan) == 7)
    }

    @Test func theReviewWindowCountsFromTheSignature() {
        let signed = Date(timeIntervalSince1970: 0)
        #expect(
            HandlingRules.standard.reviewDeadline(signedAt: signed) == Date(timeIntervalSince1970: 5 * 86_400)
        )
    }

    @Test func rulesThatCannotHoldTogetherAreNamed() {
        var rules = HandlingRules.standard
        rules.immediateDays = 20
        rules.coHandlerLeadDays = 15
        #expect(rules.problems.count == 2)
        #expect(rules.problems[0].contains("即办"))
    }
}
