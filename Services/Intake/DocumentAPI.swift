import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import OpenAPIRuntime

/// 核验码: `GET /api/v1/cases/{caseNumber}/documents/{kind}` issues a printable document's
/// verification code for those who may see the case; `GET /api/v1/documents/{code}` checks a
/// code from paper against the record (CaseStore's `CaseDocuments`).
extension CaseAPI {
    func issueCaseDocument(_ input: Operations.IssueCaseDocument.Input) async throws
        -> Operations.IssueCaseDocument.Output
    {
        let staff = try access.require(Self.readers)
        try RequestProblems.check()
        let caseNumber = input.path.caseNumber
        guard let kind = CaseDocuments.Kind(rawValue: input.path.kind.rawValue) else {
            throw DomainRefusal.invalid([FieldProblem(field: "kind", problem: "is not a document")])
        }
        let number = input.query.number ?? 1
        _ = try await visibleCase(caseNumber, to: staff, auditRead: false)
        let issued = try await pool.withConnection(retryOnLostConnection: true) {
            try CaseDocuments.issue(kind, number: number, caseNumber: caseNumber, on: $0)
        }
        guard let issued else {
            throw DomainRefusal.notFound("case \(caseNumber) has no \(kind.rawValue) \(number)")
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(issued))))
    }

    func verifyDocument(_ input: Operations.VerifyDocument.Input) async throws
        -> Operations.VerifyDocument.Output
    {
        _ = try access.require(Self.readers)
        let code = input.path.code
        guard code.unicodeScalars.count <= 64 else {  // as JSON Schema counts: code points
            throw DomainRefusal.invalid([
                FieldProblem(field: "code", problem: "must be at most 64 characters")
            ])
        }
        let check = try await pool.withConnection(retryOnLostConnection: true) {
            try CaseDocuments.verify(code, on: $0)
        }
        logger.info(
            "document code checked", metadata: ["code": "\(check.code)", "valid": "\(check.valid)"])
        return .ok(.init(body: .json(try GeneratedAPI.convert(check))))
    }
}
