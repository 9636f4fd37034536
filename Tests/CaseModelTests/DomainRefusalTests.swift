import CaseModel
import Testing

/// A refusal reads the same over HTTP (detail and fields) and AMQP (the dead letter's reason).
struct DomainRefusalTests {
    @Test func invalidFieldsAreNamedOnceInTheDetailAndEachInTheReason() {
        let refusal = DomainRefusal.invalid([
            .init(field: "text", problem: "must not be empty"), .init(field: "text", problem: "too long"),
            .init(field: "reasons", problem: "are required"),
        ])
        #expect(refusal.kind == .invalidFields)
        #expect(refusal.detail == "invalid fields: text, reasons")
        #expect(refusal.description == "text: must not be empty; text: too long; reasons: are required")
    }

    @Test func aConflictReadsAsItsDetail() {
        #expect(
            DomainRefusal.conflict("the clock is already paused").description == "the clock is already paused"
        )
    }

    @Test func requiredTextMustHaveAVisibleCharacterAndFitItsLimit() throws {
        #expect(throws: DomainRefusal.invalid([.init(field: "note", problem: "must not be empty")])) {
            try DomainRefusal.requireText(" \n", field: "note")
        }
        #expect(
            throws: DomainRefusal.invalid([.init(field: "note", problem: "must be at most 3 characters")])
        ) {
            try DomainRefusal.requireText("abcd", field: "note", max: 3)
        }
        try DomainRefusal.requireText(nil, field: "note", required: false)
    }
}
