import CaseModel
import Testing

struct PersonalDataTests {
    @Test(arguments: ["11010519491231002X", "11010519491231002x", "440524188001010014"])
    func aResidentIdNumberWithItsCheckCharacterIsAccepted(_ number: String) {
        #expect(PersonalData.isResidentIdNumber(number))
    }

    @Test(arguments: [
        "110105194912310021", "11010519491231002", "1101051949123100XX", "abcdefghijklmnopqr", "",
    ])
    func anythingElseIsRefused(_ number: String) {
        #expect(!PersonalData.isResidentIdNumber(number))
    }

    @Test func phonesCompareWithoutFormattingOrCountryCode() {
        #expect(PersonalData.normalisedPhone("+86 138-0000-1234") == "13800001234")
        #expect(PersonalData.normalisedPhone("138 0000 1234") == "13800001234")
        #expect(PersonalData.normalisedPhone("0546-1234567") == "05461234567")
    }

    @Test func registrationRefusesAMalformedIdNumber() {
        let registration = Registration(
            channel: .visit,
            petitioner: .init(name: "王", phone: "13800001234", idNumber: "110105194912310021"),
            facts: "f", demand: "d", category: "noise", location: .init(town: "kenli-street"))
        #expect(registration.problems().map(\.field) == ["petitioner.idNumber"])
    }
}

struct RoutingPlanTests {
    @Test func tiersClimbFromTheGridToTheDistrict() {
        #expect(Tier.allCases.sorted() == [.grid, .community, .town, .district])
        #expect(Tier.community < Tier.town)
    }

    @Test func coHandlersReportBeforeTheLeadAnswers() {
        let plan = RoutingPlan(
            source: "t", mode: .joint, ladder: [.init(tier: .district, lead: "a", co: ["b"])])
        let rules = HandlingRules.standard
        #expect(rules.leadDueDays(plan) == 15)
        #expect(rules.coHandlerDueDays(plan) == 10)
        let quick = RoutingPlan(source: "t", mode: .immediate, ladder: [.init(tier: .district, lead: "a")])
        #expect(rules.leadDueDays(quick) == 3)
    }

    @Test func aPlanNamesWhatIsWrong() {
        let plan = RoutingPlan(
            source: "t", mode: .joint,
            ladder: [
                .init(tier: .town, lead: "kl-justice"), .init(tier: .town, lead: "justice", co: ["justice"]),
            ])
        let departments: [String: RoutingPlan.DepartmentFacts] = [
            "kl-justice": .init(tier: .town, town: "kenli-street"),
            "justice": .init(tier: .district, town: nil),
        ]
        let problems = plan.problems(departments: departments, town: "xiawa", rules: .standard).map {
            "\($0.field): \($0.problem)"
        }
        #expect(
            problems == [
                "ladder[0].co: joint handling needs at least one co-handler",
                "ladder[0].lead: 'kl-justice' serves kenli-street only; the matter must be in kenli-street",
                "ladder[1].tier: each step must be a higher tier than the one before",
                "ladder[1].co: names the lead 'justice' again",
                "ladder[1].lead: 'justice' is a district department, not town",
            ])
    }
}
