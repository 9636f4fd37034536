import Foundation
import HTTPSupport
import Hummingbird
import WebPages

/// 登录, 退出, 修改密码 and the language switch.
struct SignInPages: Sendable {
    let workbench: Workbench

    func register(on router: Router<StaffRequestContext>) {
        let workbench = self.workbench
        router.get("/signin") { request, context -> Response in
            let visit = workbench.visit(request, peer: context.peer)
            var page: [String: Any] = ["next": Self.localPath(request.uri.queryParameters.get("next"))]
            if request.uri.queryParameters.get("out") != nil {
                page["notice"] = workbench.catalogue.text(visit.language, "signin.signed_out")
            }
            return workbench.answer(.page("signin", page), visit)
        }
        router.post("/signin") { request, context -> Response in
            try await workbench.guarded(request, context) { visit, form in try await signIn(form, visit) }
        }
        router.post("/signout") { request, context -> Response in
            try await workbench.posted(request, context) { visit, person, _ in
                _ = try? await workbench.api("DELETE", "/api/v1/session", visit)
                await workbench.people.forget(token: person.token)
                return .response(
                    workbench.redirect(
                        "/signin?out=1", visit,
                        cookies: [workbench.cookie(Access.cookieName, "", maxAge: 0)]))
            }
        }
        router.post("/language") { request, context -> Response in
            try await workbench.guarded(request, context) { visit, form in
                let language = Language(cookie: form["lang"])
                let back = Self.localPath(form["back"])
                return workbench.redirect(
                    back.isEmpty ? "/" : back, visit,
                    cookies: [
                        workbench.cookie(Workbench.languageCookie, language.rawValue, maxAge: 86_400 * 365)
                    ])
            }
        }
        router.get("/password") { request, context -> Response in
            try await workbench.signedIn(request, context) { _, _ in .page("password", [:]) }
        }
        router.post("/password") { request, context -> Response in
            try await workbench.posted(request, context) { visit, _, form in
                let body = FormFields([("currentPassword", .text), ("newPassword", .text)]).json(from: form)
                let answer = try await workbench.api("PUT", "/api/v1/me/password", body: body, visit)
                if answer.succeeded {
                    return .page(
                        "password", ["notice": workbench.catalogue.text(visit.language, "password.changed")])
                }
                return .page(
                    "password",
                    [
                        "error": workbench.refusals.summary(answer, visit.language),
                        "problems": workbench.refusals.fieldProblems(answer.body, visit.language),
                    ], .unprocessableContent)
            }
        }
    }

    /// Signs in through the accounts service and keeps its session in the browser's cookie.
    func signIn(_ form: FormBody, _ visit: Workbench.Visit) async throws -> Response {
        let body = FormFields([("login", .text), ("password", .text)]).json(from: form)
        let answer = try await workbench.api("POST", "/api/v1/session", body: body, visit)
        let next = Self.localPath(form["next"])
        if answer.status == 201, let token = answer.body?["token"]?.text {
            let expires = TimeWords.parse(answer.body?["expiresAt"]?.text)
            let maxAge = max(60, Int(expires?.timeIntervalSinceNow ?? 28_800))
            return workbench.redirect(
                next.isEmpty ? "/" : next, visit,
                cookies: [workbench.cookie(Access.cookieName, token, maxAge: maxAge)])
        }
        let language = visit.language
        let error: String
        switch answer.status {
        case 423:
            let seconds = Int(answer.retryAfter ?? "") ?? 900
            error = workbench.catalogue.text(
                language, "signin.locked", ["minutes": "\(max(1, (seconds + 59) / 60))"])
        case 403: error = workbench.catalogue.text(language, "signin.disabled")
        case 401: error = workbench.catalogue.text(language, "signin.wrong")
        default: error = workbench.refusals.summary(answer, language)
        }
        let status: HTTPResponse.Status = answer.status == 422 ? .unprocessableContent : .unauthorized
        return workbench.answer(
            .page(
                "signin",
                [
                    "error": error, "login": form["login"] ?? "", "next": next,
                    "problems": workbench.refusals.fieldProblems(answer.body, language),
                ], status), visit)
    }

    /// Only a path on this site may be a place to go back to (no open redirect).
    static func localPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\") else { return "" }
        return text
    }
}
