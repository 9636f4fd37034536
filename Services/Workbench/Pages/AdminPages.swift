import Foundation
import HTTPSupport
import Hummingbird

/// 系统管理 for an admin: staff accounts (add, role and scope, disable and enable, reset the
/// password), the reference data's versions (read), and the audit of case reads and reveals.
struct AdminPages: Sendable {
    let workbench: Workbench

    /// An account's role and its scope, as the API names them.
    static let roleAndScope: [(String, FormFields.Kind)] = [
        ("role", .text), ("department", .text), ("expert", .text), ("town", .text),
    ]
    static let newAccount = FormFields([("login", .text), ("displayName", .text)] + roleAndScope)

    func register(on router: Router<StaffRequestContext>) {
        let pages = self
        router.get("/admin") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                try await pages.page(visit, FormState())
            }
        }
        router.post("/admin/staff") { request, context -> Response in
            try await workbench.posted(request, context) { visit, _, form in
                let answer = try await workbench.api(
                    "POST", "/api/v1/staff", body: Self.newAccount.json(from: form), visit)
                guard answer.succeeded else {
                    let state = FormState(
                        form: form, answer: answer, refusals: workbench.refusals, language: visit.language)
                    return try await pages.page(visit, state, status: .unprocessableContent)
                }
                return try await pages.page(
                    visit, FormState(),
                    shown: (answer.body?["staff"]?["login"]?.text ?? "", answer.body?["password"]?.text ?? "")
                )
            }
        }
        // 修改角色与范围: the account named in the form.
        router.post("/admin/staff/role") { request, context -> Response in
            try await workbench.posted(request, context) { visit, _, form in
                let login = (form["login"] ?? "").urlPathEncoded
                let answer = try await workbench.api(
                    "PATCH", "/api/v1/staff/\(login)",
                    body: FormFields(Self.roleAndScope).json(from: form), visit)
                return try await pages.changed(answer, visit, login: login)
            }
        }
        router.post("/admin/staff/:login/:change") { request, context -> Response in
            try await workbench.posted(request, context) { visit, _, form in
                let login = (context.parameters.get("login") ?? "").urlPathEncoded
                let answer =
                    context.parameters.get("change") == "password"
                    ? try await workbench.api(
                        "POST", "/api/v1/staff/\(login)/password", body: .object([:]), visit)
                    : try await workbench.api(
                        "PATCH", "/api/v1/staff/\(login)",
                        body: FormFields([("active", .boolean)]).json(from: form),
                        visit)
                return try await pages.changed(answer, visit, login: context.parameters.get("login") ?? "")
            }
        }
        router.get("/audit") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                let parameters = request.uri.queryParameters
                let query = ["case", "staff"].map { ($0, parameters.get($0) ?? "") } + [("limit", "200")]
                let answer = try await workbench.api("GET", "/api/v1/audit", query: query, visit)
                guard answer.succeeded else { return workbench.failure(answer, visit) }
                let language = visit.language
                return .page(
                    "audit",
                    [
                        "case": parameters.get("case") ?? "", "staff": parameters.get("staff") ?? "",
                        "entries": (answer.body?["entries"]?.items ?? []).map { entry in
                            [
                                "kind": workbench.catalogue.text(
                                    language,
                                    ["reveal": "case.reveal", "download": "attachment.download"][
                                        entry["kind"]?.text ?? ""] ?? "nav.search"),
                                "caseNumber": entry["caseNumber"]?.text ?? "",
                                "actor": CasePage(workbench: workbench).actor(entry["actor"]?.text, visit),
                                "reason": entry["reason"]?.text ?? "", "client": entry["client"]?.text ?? "",
                                "at": workbench.time.dateTime(entry["at"]?.text, language),
                            ]
                        },
                    ])
            }
        }
    }

    /// The accounts page after a change: the refusal above the table, or a new password shown once.
    func changed(_ answer: APIAnswer, _ visit: Workbench.Visit, login: String) async throws
        -> Workbench.Outcome
    {
        guard answer.succeeded else {
            var state = FormState()
            let problems = workbench.refusals.fieldProblems(answer.body, visit.language)
            state.error =
                ([workbench.refusals.summary(answer, visit.language)]
                + problems.map { "\($0.key)：\($0.value)" }).joined(separator: " ")
            return try await page(visit, state, status: .unprocessableContent)
        }
        return try await page(visit, FormState(), shown: answer.body?["password"]?.text.map { (login, $0) })
    }

    func page(
        _ visit: Workbench.Visit, _ state: FormState, shown: (String, String)? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Workbench.Outcome {
        let answer = try await workbench.api("GET", "/api/v1/staff", visit)
        guard answer.succeeded else { return workbench.failure(answer, visit) }
        let language = visit.language
        let names = visit.names
        let words = workbench.catalogue
        var page = state.context
        let staffItems = answer.body?["staff"]?.items ?? answer.body?.items ?? []
        page["staff"] = staffItems.map { account in
            let active = account["active"]?.bool ?? false
            return [
                "login": account["login"]?.text ?? "", "name": account["displayName"]?.text ?? "",
                "role": words.term(language, "role", account["role"]?.text),
                "scope": account["expert"]?.text ?? names?.label(
                    account["department"]?.text ?? account["town"]?.text, language) ?? "",
                "active": active, "activeWord": words.text(language, active ? "app.yes_word" : "app.no_word"),
                "toggle": active ? "false" : "true",
                "toggleLabel": words.text(language, active ? "admin.disable" : "admin.enable"),
            ] as [String: Any]
        }
        if let shown { page["shown"] = ["login": shown.0, "password": shown.1] }
        page["roles"] = FormState.options(
            ["clerk", "dispatcher", "department", "expert", "followup", "supervisor", "admin"],
            label: { words.term(language, "role", $0) }, selected: state.selected("role"))
        page["departments"] = FormState.options(
            (names?.departments ?? []).map(\.code), label: { names?.label($0, language) ?? $0 },
            selected: state.selected("department"), blank: "")
        page["experts"] = FormState.options(
            (names?.experts ?? []).map(\.code),
            label: { code in
                names?.expertLabel(code) ?? code
            }, selected: state.selected("expert"), blank: "")
        page["towns"] = FormState.options(
            (names?.towns ?? []).map(\.place.code), label: { names?.label($0, language) ?? $0 },
            selected: state.selected("town"), blank: "")
        page["versions"] = (names?.versions ?? []).map { version in
            [
                "version": version.version, "summary": version.summary, "appliedBy": version.appliedBy,
                "appliedAt": workbench.time.dateTime(
                    version.appliedAt.formatted(.iso8601), language),
            ] as [String: Any]
        }
        return .page("admin", page, status)
    }
}
