import Crypto
import Foundation
import HTTPSupport
import Hummingbird

/// The printable documents: 受理回执 (the receipt) and 答复意见书 (the answer letter), each on
/// its own page with print styles (A4), the centre's name as letterhead, the case number and a
/// verification code from the case's timeline (the last event's hash chain position and time).
struct DocumentPages: Sendable {
    let workbench: Workbench
    /// The query code of a case just registered, for its first receipt only.
    static let queryCodeCookie = "onedoor_query_code"

    func register(on router: Router<StaffRequestContext>) {
        let pages = self
        router.get("/cases/:number/receipt") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                let code = request.cookies[Self.queryCodeCookie]?.value
                return try await pages.document(
                    "receipt", context.parameters.get("number") ?? "", visit, queryCode: code)
            }
        }
        router.get("/cases/:number/answer-letter") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                try await pages.document("answer-letter", context.parameters.get("number") ?? "", visit)
            }
        }
    }

    func document(_ kind: String, _ number: String, _ visit: Workbench.Visit, queryCode: String? = nil)
        async throws -> Workbench.Outcome
    {
        let answer = try await workbench.api("GET", "/api/v1/cases/\(number.urlPathEncoded)", visit)
        guard answer.succeeded, let item = answer.body else { return workbench.failure(answer, visit) }
        let casePage = CasePage(workbench: workbench)
        var page = casePage.view(item, visit)
        let language = visit.language
        let lead = item["workOrders"]?.items.last { $0["role"]?.text == "lead" }
        page["department"] =
            visit.names?.label(lead?["department"]?.text ?? item["department"]?["code"]?.text, language) ?? ""
        page["dueExpected"] = workbench.time.date(lead?["dueAt"]?.text, language)
        page["verification"] = Self.verification(item)
        if let queryCode, queryCode.allSatisfy({ $0.isLetter || $0.isNumber }), queryCode.count <= 16 {
            page["queryCode"] = queryCode
            page["statusPage"] = workbench.settings.statusPageURL
        }
        if kind == "answer-letter" {
            guard let last = item["answers"]?.items.last else {
                return .page(
                    "message", ["message": workbench.catalogue.text(language, "case.none_yet")], .notFound)
            }
            page["answer"] = [
                "department": visit.names?.label(last["department"]?.text, language) ?? "",
                "outcome": workbench.catalogue.term(language, "outcome", last["outcome"]?.text),
                "text": last["text"]?.text ?? "", "reasons": last["reasons"]?.text ?? "",
                "at": workbench.time.date(last["answeredAt"]?.text, language),
            ]
        }
        return .page(kind, page)
    }

    /// A short code a paper copy can be checked with: the case number, the timeline's length and
    /// its last event's time, hashed. (A full check against the hash chain is the dispute-record
    /// issue's `document verify`.)
    static func verification(_ item: JSONValue) -> String {
        let timeline = item["timeline"]?.items ?? []
        let basis = "\(item["caseNumber"]?.text ?? "")|\(timeline.count)|\(timeline.last?["at"]?.text ?? "")"
        let digest = SHA256.hash(data: Data(basis.utf8)).prefix(5).map { String(format: "%02X", $0) }.joined()
        return String(digest.prefix(4)) + "-" + String(digest.dropFirst(4).prefix(6))
    }
}
