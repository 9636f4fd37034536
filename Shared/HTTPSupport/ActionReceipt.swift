import Hummingbird

/// The answer to an action on a case: where the case stands now, and its address.
public struct ActionReceipt: Codable, Sendable {
    public let caseNumber: String
    public let status: String
    public let href: String

    public init(caseNumber: String, status: String) {
        self.caseNumber = caseNumber
        self.status = status
        self.href = "/api/v1/cases/\(caseNumber)"
    }

    public func response(status code: HTTPResponse.Status = .ok) throws -> Response {
        try .json(self, status: code)
    }
}
