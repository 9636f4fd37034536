import Foundation
import HTTPSupport
import Hummingbird
import WebPages

/// 案件查询: the case search's criteria as a form (GET, so a search can be bookmarked), the
/// results newest first, within the person's scope.
struct SearchPage: Sendable {
    let workbench: Workbench
    static let criteria = ["number", "phone", "idNumber", "name", "text", "town", "status", "from", "to"]

    func register(on router: Router<StaffRequestContext>) {
        let workbench = self.workbench
        router.get("/cases") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                let parameters = request.uri.queryParameters
                let query = Self.criteria.map { ($0, parameters.get($0) ?? "") }
                let language = visit.language
                var state = FormState()
                for (name, value) in query {
                    state.values[name] = value
                    state.all[name] = [value]
                }
                var page: [String: Any] = [:]
                let searched = query.contains { !$0.1.isEmpty }
                if searched {
                    let answer = try await workbench.api(
                        "GET", "/api/v1/cases", query: query + [("after", parameters.get("after") ?? "")],
                        visit)
                    if answer.succeeded {
                        page["rows"] = (answer.body?["cases"]?.items ?? []).map { item in
                            [
                                "caseNumber": item["caseNumber"]?.text ?? "",
                                "status": workbench.catalogue.term(language, "status", item["status"]?.text),
                                "category": visit.names?.label(item["category"]?.text, language) ?? "",
                                "place": visit.names?.label(item["town"]?.text, language) ?? "",
                                "department": visit.names?.label(item["department"]?.text, language) ?? "",
                                "petitioner": item["petitioner"]?.text ?? "",
                                "received": workbench.time.dateTime(item["registeredAt"]?.text, language),
                            ]
                        }
                        if let next = answer.body?["next"]?.text {
                            page["next"] = Workbench.nextPage("/cases", query, after: next)
                        }
                    } else {
                        state = FormState(
                            form: FormBody(pairs: query), answer: answer, refusals: workbench.refusals,
                            language: language)
                    }
                }
                page.merge(state.context) { _, new in new }
                page["searched"] = searched
                page["towns"] = FormState.options(
                    (visit.names?.towns ?? []).map(\.place.code),
                    label: { visit.names?.label($0, language) ?? $0 },
                    selected: state.selected("town"), blank: "")
                page["statuses"] = FormState.options(
                    [
                        "registered", "triage", "dispatched", "handling", "answered", "disputed",
                        "under_review", "follow_up",
                        "archived", "withdrawn", "redirected",
                    ], label: { workbench.catalogue.term(language, "status", $0) },
                    selected: state.selected("status"),
                    blank: "")
                return .page("search", page, searched && page["rows"] == nil ? .unprocessableContent : .ok)
            }
        }
    }
}
