import Foundation
import HTTPSupport
import Hummingbird

/// The printable documents, each on its own page with print styles (A4), the centre's name as
/// letterhead, the case number and its verification code (核验码), issued by the API from the
/// case's hash chain and checkable at `/verify` (and `onedoor-admin document verify`):
/// 受理回执, 交办单, 答复意见书, 调解协议书, 专家评审意见书, 回访记录. `?n=` picks which one of
/// the case's (the second answer letter); the newest unless given.
struct DocumentPages: Sendable {
    let workbench: Workbench
    /// The query code of a case just registered, for its first receipt only.
    static let queryCodeCookie = "onedoor_query_code"

    /// Each document: its page (and template), its kind in the API, and the case page's list of
    /// the things it is one of (nil: one a case).
    static let documents: [(page: String, kind: String, items: String?)] = [
        ("receipt", "receipt", nil), ("work-order", "work_order", "workOrders"),
        ("answer-letter", "answer_letter", "answers"), ("agreement", "agreement", "agreements"),
        ("panel-opinion", "panel_opinion", "panels"), ("visit-record", "visit_record", "visitRecords"),
    ]

    func register(on router: Router<StaffRequestContext>) {
        let pages = self
        for document in Self.documents {
            router.get("/cases/:number/\(document.page)") { request, context -> Response in
                try await workbench.signedIn(request, context) { visit, _ in
                    let code = document.kind == "receipt" ? request.cookies[Self.queryCodeCookie]?.value : nil
                    return try await pages.document(
                        document, context.parameters.get("number") ?? "",
                        request.uri.queryParameters.get("n").flatMap { Int($0) }, visit, queryCode: code)
                }
            }
        }
        router.get("/verify") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                try await pages.verify(request.uri.queryParameters.get("code"), visit)
            }
        }
    }

    func document(
        _ document: (page: String, kind: String, items: String?), _ number: String, _ chosen: Int?,
        _ visit: Workbench.Visit, queryCode: String? = nil
    ) async throws -> Workbench.Outcome {
        let answer = try await workbench.api("GET", "/api/v1/cases/\(number.urlPathEncoded)", visit)
        guard answer.succeeded, let item = answer.body else { return workbench.failure(answer, visit) }
        let language = visit.language
        var page = CasePage(workbench: workbench).view(item, visit)
        page["visitRecords"] = (page["visits"] as? [[String: Any]] ?? []).filter {
            !($0["visited"] as? String ?? "").isEmpty
        }
        var index = 1
        if let items = document.items {
            let list = page[items] as? [[String: Any]] ?? []
            index = chosen ?? list.count
            guard list.indices.contains(index - 1) else {
                return .page(
                    "message", ["message": workbench.catalogue.text(language, "case.none_yet")], .notFound)
            }
            page["item"] = list[index - 1]
        }
        let issued = try await workbench.api(
            "GET", "/api/v1/cases/\(number.urlPathEncoded)/documents/\(document.kind)",
            query: [("number", String(index))], visit)
        guard issued.succeeded else {
            if issued.status == 404 {
                return .page(
                    "message", ["message": workbench.catalogue.text(language, "case.none_yet")], .notFound)
            }
            return workbench.failure(issued, visit)
        }
        page["verification"] = issued.body?["code"]?.text ?? ""
        page["issuedAt"] = workbench.time.dateTime(issued.body?["issuedAt"]?.text, language)
        let lead = item["workOrders"]?.items.last { $0["role"]?.text == "lead" }
        page["department"] =
            visit.names?.label(lead?["department"]?.text ?? item["department"]?["code"]?.text, language) ?? ""
        page["dueExpected"] = workbench.time.date(lead?["dueAt"]?.text, language)
        if let queryCode, queryCode.allSatisfy({ $0.isLetter || $0.isNumber }), queryCode.count <= 16 {
            page["queryCode"] = queryCode
            page["statusPage"] = workbench.settings.statusPageURL
        }
        if document.kind == "panel_opinion", var panel = page["item"] as? [String: Any] {
            // The panel's one opinion: its conclusion, reasoned by the members who reached it.
            let conclusion = item["reviewPanels"]?.items[index - 1]["conclusion"]?.text
            let verdict = conclusion == "upheld" ? "uphold" : "revise"
            let members = item["reviewPanels"]?.items[index - 1]["members"]?.items ?? []
            panel["reasoning"] = members.filter { $0["verdict"]?.text == verdict }.compactMap {
                $0["reasons"]?.text
            }
            page["item"] = panel
        }
        return .page(document.page, page)
    }

    /// 核验: a code from a paper copy, checked against the record.
    func verify(_ code: String?, _ visit: Workbench.Visit) async throws -> Workbench.Outcome {
        var page: [String: Any] = ["code": code ?? ""]
        if let code, !code.trimmingCharacters(in: .whitespaces).isEmpty {
            let answer = try await workbench.api(
                "GET",
                "/api/v1/documents/\(String(code.trimmingCharacters(in: .whitespaces).prefix(64)).urlPathEncoded)",
                visit)
            guard answer.succeeded, let check = answer.body else { return workbench.failure(answer, visit) }
            let language = visit.language
            page["checked"] = true
            page["valid"] = check["valid"]?.bool ?? false
            page["caseNumber"] = check["caseNumber"]?.text ?? ""
            page["kind"] = workbench.catalogue.term(language, "document_kind", check["kind"]?.text)
            page["number"] = check["number"]?.integer ?? 1
            page["issuedAt"] = workbench.time.dateTime(check["issuedAt"]?.text, language)
        }
        return .page("verify", page)
    }
}
