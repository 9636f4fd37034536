import Testing

@testable import CaseModel

@Suite struct CaseStateMachineTests {
    @Test func theWalkingSkeletonPathIsAllowed() throws {
        var status: CaseStatus? = nil
        for action in [CaseAction.register, .dispatch, .receive, .answer, .accept, .archive] {
            status = try CaseStateMachine.apply(action, to: status)
        }
        #expect(status == .archived)
    }

    @Test func aDisputedAnswerGoesToReviewAndBack() throws {
        #expect(try CaseStateMachine.apply(.dispute, to: .answered) == .disputed)
        #expect(try CaseStateMachine.apply(.openReview, to: .disputed) == .underReview)
        #expect(try CaseStateMachine.apply(.reviseAnswer, to: .underReview) == .dispatched)
        #expect(try CaseStateMachine.apply(.upholdAnswer, to: .underReview) == .followUp)
    }

    @Test(arguments: [
        (CaseAction.answer, CaseStatus.archived),
        (.openReview, .followUp),
        (.receive, .registered),
        (.withdraw, .withdrawn),
        (.dispatch, .handling),
    ])
    func illegalTransitionsAreErrors(action: CaseAction, from status: CaseStatus) {
        #expect(throws: IllegalTransition(action: action, from: status)) {
            try CaseStateMachine.apply(action, to: status)
        }
    }

    @Test func aNewCaseCanOnlyBeRegistered() {
        #expect(Set(CaseStateMachine.allowedActions(from: nil)) == [.register, .registerResolvedOnSpot])
        #expect(throws: IllegalTransition.self) { try CaseStateMachine.apply(.dispatch, to: nil) }
    }

    @Test func closedCasesAllowNothing() {
        for status in CaseStatus.allCases where status.isClosed {
            #expect(CaseStateMachine.allowedActions(from: status).isEmpty)
        }
    }

    @Test func theErrorNamesWhatIsAllowed() {
        let error = IllegalTransition(action: .answer, from: .registered)
        #expect(error.description.contains("cannot answer a case that is registered"))
        #expect(error.description.contains("dispatch"))
    }
}
