import CaseModel
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

@testable import HTTPSupport

/// The request checks read docs/openapi.yaml (bundled) and name every bad field at once,
/// with stand-ins that let the generated decoder carry on.
struct RequestCheckTests {
    let document = OpenAPIDocument.bundled

    func problems(_ operation: String, _ json: String) throws -> ([FieldProblem], JSONValue) {
        let schema = try #require(document.operations[operation]?.body)
        let (value, found, _) = try RequestCheck.check(Data(json.utf8), schema)
        return (found, value)
    }

    @Test func everyOperationWithABodyHasItsSchema() {
        let withBodies = document.operations.filter { $0.value.body != nil }.keys.sorted()
        #expect(
            withBodies == [
                "addStaff", "answer", "applyForReview", "changeOwnPassword", "createApiKey",
                "decideJudicialConfirmation", "dispatchByHand", "getPetitionerStatus", "lookUpPetitioner",
                "pauseClock", "receiveNotificationCallback", "recordAgreement", "recordHandlingStep",
                "recordOpinion",
                "recordVisit",
                "registerCase", "reportAsCoHandler", "requestEscalation", "requestJudicialConfirmation",
                "resetStaffPassword",
                "revealPetitionerContact", "signIn",
                "signOff", "updateStaff", "withdraw",
            ])
        #expect(document.operations["reportSummary"]?.query.map(\.name).contains("format") == true)
    }

    @Test func missingFieldsAreNamedInTheDocumentsOrderAndAMissingObjectOnce() throws {
        let (found, repaired) = try problems("registerCase", "{}")
        #expect(found.map(\.field) == ["channel", "petitioner", "facts", "demand", "category", "location"])
        #expect(found.allSatisfy { $0.problem == "is required" })
        // The stand-ins decode as a registration, so the domain's checks can run on the rest.
        let registration = try JSONDecoder().decode(Registration.self, from: JSONEncoder().encode(repaired))
        #expect(registration.channel == .visit && registration.location.town.isEmpty)
    }

    @Test func wrongTypesClosedSetsAndNullsAreEachNamed() throws {
        let (found, _) = try problems(
            "registerCase",
            #"{"channel":"fax","petitioner":{"name":null,"phone":"1"},"facts":42,"demand":"d","category":"c","location":{}}"#
        )
        let named = Dictionary(uniqueKeysWithValues: found.map { ($0.field, $0.problem) })
        #expect(named["channel"] == "must be one of visit, phone, referral, grid, online")
        #expect(named["petitioner.name"] == "is required")
        #expect(named["facts"] == "must be a string")
        #expect(named["location.town"] == "is required")
        #expect(named.count == 4)
    }

    @Test func nestedArraysBoundsAndOptionalNullsFollowTheSchema() throws {
        let (found, _) = try problems(
            "dispatchByHand",
            #"{"mode":"joint","ladder":[{"tier":"town","lead":"a","co":"x"}],"dueDays":0,"note":null}"#)
        #expect(found.map(\.field) == ["ladder[0].co", "dueDays"])
        #expect(found.last?.problem == "must be from 1 to 365")
        let (empty, _) = try problems("dispatchByHand", #"{"mode":"joint","ladder":[]}"#)
        #expect(empty.map(\.field) == ["ladder"])
    }

    @Test func repeatedKeysAndControlCharactersAreRefused() throws {
        let (repeated, _) = try problems("withdraw", #"{"reason":"a","reason":"c"}"#)
        #expect(repeated == [FieldProblem(field: "reason", problem: "is given more than once")])
        let (control, _) = try problems("withdraw", #"{"reason":"a\u0000b"}"#)
        #expect(
            control == [
                FieldProblem(field: "reason", problem: "must not contain NUL or other control characters")
            ])
    }

    @Test func garbageIsABadRequestNotAFieldProblem() throws {
        let schema = try #require(document.operations["signOff"]?.body)
        for text in ["{not json", "[1, 2]", ""] {
            #expect(throws: Problem.self) { try RequestCheck.check(Data(text.utf8), schema) }
        }
    }

    @Test func aBadOptionalQueryParameterIsNamedAndTakenOut() throws {
        let parameters = try #require(document.operations["reportSummary"]?.query)
        var request = HTTPRequest(
            method: .get, scheme: nil, authority: nil,
            path: "/api/v1/reports/summary?period=2026-11&format=xml")
        let found = RequestCheck.checkQuery(&request, parameters)
        #expect(found == [FieldProblem(field: "format", problem: "must be one of json, csv")])
        #expect(request.path == "/api/v1/reports/summary?period=2026-11")
    }

    @Test func theHandlersProblemsJoinTheDocumentsOnceEach() throws {
        let pending = RequestProblems([FieldProblem(field: "petitioner", problem: "is required")])
        RequestProblems.$current.withValue(pending) {
            #expect(RequestProblems.named("petitioner.phone"))
            #expect(
                throws: DomainRefusal.invalid([
                    .init(field: "petitioner", problem: "is required"),
                    .init(field: "facts", problem: "must not be empty"),
                ])
            ) {
                try RequestProblems.check([
                    .init(field: "petitioner.phone", problem: "must be a phone number"),
                    .init(field: "facts", problem: "must not be empty"),
                ])
            }
        }
        #expect(pending.wereAnswered)
        #expect(throws: Never.self) { try RequestProblems.check() }
    }
}
