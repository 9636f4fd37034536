import Testing

@testable import CaseModel

/// 当事人: what a collective petition, the other parties and the amount involved may be.
@Suite struct PartiesTests {
    func registration(
        collective: Collective? = nil, otherParties: [OtherParty]? = nil, amountInvolved: Double? = nil
    ) -> Registration {
        Registration(
            channel: .visit, petitioner: .init(name: "刘建国", phone: "13800001234"), facts: "拖欠工资",
            demand: "支付工资", category: "wage-arrears", location: .init(town: "shengli"),
            collective: collective, otherParties: otherParties, amountInvolved: amountInvolved)
    }

    func fields(_ registration: Registration) -> Set<String> { Set(registration.problems().map(\.field)) }

    @Test func aCollectivePetitionWithRespondentsAndAnAmountIsFine() {
        let good = registration(
            collective: .init(
                people: 30,
                representatives: [
                    .init(name: "陈秀兰", phone: "13900001111"), .init(name: "张伟", phone: "13900002222"),
                ]),
            otherParties: [
                .init(kind: .organisation, role: .respondent, name: "某建筑公司"),
                .init(kind: .person, role: .thirdParty, name: "王五", phone: "0546-2345678"),
            ],
            amountInvolved: 1_250_000.5)
        #expect(good.problems().isEmpty)
        #expect(good.petitioners.map(\.name) == ["刘建国", "陈秀兰", "张伟"])
    }

    @Test func atMostFiveRepresentativesAndAtLeastAsManyPeople() {
        let person = Registration.Petitioner(name: "甲", phone: "13900001111")
        #expect(
            fields(
                registration(
                    collective: .init(people: 10, representatives: Array(repeating: person, count: 4)))
            ).isEmpty)
        #expect(
            fields(
                registration(
                    collective: .init(people: 10, representatives: Array(repeating: person, count: 5))))
                == ["collective.representatives"])
        #expect(
            fields(registration(collective: .init(people: 2, representatives: [person, person]))) == [
                "collective.people"
            ])
        #expect(fields(registration(collective: .init(people: 1))) == ["collective.people"])
        #expect(
            fields(
                registration(collective: .init(people: 5, representatives: [.init(name: " ", phone: "12")])))
                == ["collective.representatives[0].name", "collective.representatives[0].phone"])
    }

    @Test func otherPartiesAreNamedRowByRow() {
        let problems = fields(
            registration(otherParties: [
                .init(kind: .organisation, role: .respondent, name: "某公司", idNumber: "11010519491231002X"),
                .init(kind: .person, role: .respondent, name: "", phone: "一二三四五六七"),
            ]))
        #expect(problems == ["otherParties[0].idNumber", "otherParties[1].name", "otherParties[1].phone"])
        let many = Array(
            repeating: OtherParty(kind: .organisation, role: .respondent, name: "某公司"), count: 21)
        #expect(fields(registration(otherParties: many)) == ["otherParties"])
    }

    @Test func anAmountIsWholeFenAndNotNegative() {
        #expect(AmountInvolved.problem(0) == nil)
        #expect(AmountInvolved.problem(1_250_000.5) == nil)
        #expect(AmountInvolved.problem(0.07) == nil)
        #expect(AmountInvolved.problem(-1) != nil)
        #expect(AmountInvolved.problem(12.345) != nil)
        #expect(AmountInvolved.problem(1e12) != nil)
        #expect(AmountInvolved.problem(.nan) != nil)
        #expect(fields(registration(amountInvolved: -0.01)) == ["amountInvolved"])
    }
}
