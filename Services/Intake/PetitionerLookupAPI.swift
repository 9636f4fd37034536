import CaseModel
import CaseStore
import HTTPSupport
import OpenAPIRuntime

/// 重复信访 at the window: `POST /api/v1/petitioner-lookup` with the phone or the ID number (in
/// the body, never in an address or a log) — the petitioner's earlier cases, before registering.
extension CaseAPI {
    struct Lookup: Codable, Sendable {
        let phone: String?
        let idNumber: String?
    }

    struct EarlierCases: Codable, Sendable {
        let cases: [PetitionerHistory.EarlierCase]
    }

    func lookUpPetitioner(_ input: Operations.LookUpPetitioner.Input) async throws
        -> Operations.LookUpPetitioner.Output
    {
        let staff = try access.require([.clerk, .supervisor])
        let lookup: Lookup = try GeneratedAPI.body(input.body)
        var problems: [FieldProblem] = []
        if lookup.phone == nil, lookup.idNumber == nil {
            problems.append(.init(field: "phone", problem: "give the phone or the ID number (or both)"))
        }
        problems += Self.identityProblems(phone: lookup.phone, idNumber: lookup.idNumber)
        try RequestProblems.check(problems)
        let keys = identity.lookupKeys(phone: lookup.phone, idNumber: lookup.idNumber)
        let town = staff.town
        let cases = try await pool.withConnection(retryOnLostConnection: true) {
            try PetitionerHistory.cases(
                phoneHash: keys.phoneHash, idHash: keys.idHash, town: town, limit: 50, on: $0)
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(EarlierCases(cases: cases)))))
    }

    /// What is wrong with a phone or an ID number a petitioner is looked up by (the repeat check
    /// and case search alike).
    static func identityProblems(phone: String?, idNumber: String?) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if let phone, !(7...15).contains(PersonalData.normalisedPhone(phone).count) {
            problems.append(.init(field: "phone", problem: "must be a phone number of 7 to 15 digits"))
        }
        if let idNumber, !PersonalData.isResidentIdNumber(idNumber) {
            problems.append(
                .init(
                    field: "idNumber",
                    problem: "must be an 18-character resident ID number with a valid check digit"))
        }
        return problems
    }
}
