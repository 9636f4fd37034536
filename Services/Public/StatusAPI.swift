import CaseModel
import Foundation
import HTTPSupport
import WebPages

/// `POST /api/v1/status`: the status page's own API, for a WeChat mini-program or a city app —
/// the same lookup, limits and view as the page, in Chinese.
struct StatusAPI: APIProtocol {
    let desk: StatusDesk
    let catalogue: MessageCatalogue

    struct Query: Codable, Sendable {
        let caseNumber: String
        let code: String
    }

    func getPetitionerStatus(_ input: Operations.GetPetitionerStatus.Input) async throws
        -> Operations.GetPetitionerStatus.Output
    {
        let query: Query = try GeneratedAPI.body(input.body)
        try RequestProblems.check()
        switch try await desk.lookup(
            caseNumber: query.caseNumber, code: query.code, client: ClientAddress.current)
        {
        case .limited(let seconds):
            var problem = Problem(
                status: .tooManyRequests,
                detail: "too many wrong case numbers or codes: try again in \(seconds) seconds")
            problem.retryAfter = seconds
            throw problem
        case .notFound:
            throw DomainRefusal.notFound("no case with this number and query code")
        case .found(let caseId):
            let catalogue = self.catalogue
            guard
                let status = try await desk.status(
                    caseId: caseId, english: false,
                    stageWord: {
                        catalogue.text(.chinese, "stage.\($0)")
                    })
            else { throw DomainRefusal.notFound("no case with this number and query code") }
            return .ok(.init(body: .json(try GeneratedAPI.convert(status))))
        }
    }
}
