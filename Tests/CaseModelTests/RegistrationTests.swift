import CaseModel
import Testing

@testable import CaseModel

@Suite struct RegistrationTests {
    let valid = Registration(
        channel: .visit, petitioner: .init(name: "王秀英", phone: "138 0000 1234"), facts: "Noise at night.",
        demand: "Stop it.", category: "noise", location: .init(town: "kenli-street"))

    @Test func aCompleteRegistrationHasNoProblems() {
        #expect(valid.problems().isEmpty)
    }

    @Test func everyMissingElementIsNamed() {
        var registration = valid
        registration.petitioner.name = "  "
        registration.facts = ""
        registration.location.town = "\u{3000}"
        registration.petitioner.phone = "call me"
        #expect(
            registration.problems().map(\.field) == [
                "petitioner.name", "petitioner.phone", "facts", "location.town",
            ])
    }

    @Test func overlongTextIsRefused() {
        var registration = valid
        registration.demand = String(repeating: "长", count: Registration.maxTextLength + 1)
        #expect(
            registration.problems() == [
                FieldProblem(field: "demand", problem: "must be at most 4000 characters")
            ])
    }

    @Test func phonesAreMaskedToAHint() {
        #expect(PersonalData.maskPhone("13800001234") == "138****1234")
        #expect(PersonalData.maskPhone("12345") == "*****")
    }
}
