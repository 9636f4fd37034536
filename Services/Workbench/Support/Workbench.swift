import CaseModel
import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import WebPages

/// The workbench: what every page needs — the services' API, the people behind sessions, the words
/// in both languages, the reference names, the templates, and the forms' guard.
struct Workbench: Sendable {
    static let languageCookie = "onedoor_lang"

    let settings: WorkbenchSettings
    let client: ServiceClient
    let people: PeopleCache
    let catalogue: MessageCatalogue
    let references: ReferenceCache
    let templates: MustacheLibrary
    let forms: FormGuard
    let refusals: RefusalWords
    let time: TimeWords
    let reasons: ReasonWords
    let logger: Logger

    /// One request as the pages see it: the language, the form cookie, the browser's address and
    /// (once signed in) the person.
    struct Visit: Sendable {
        let language: Language
        let formCookie: String
        let newFormCookie: Bool
        let client: String
        let path: String
        var person: SignedInPerson?
        /// The reference names, once signed in.
        var names: ReferenceCatalogue?
    }

    /// What a page handler answers.
    enum Outcome {
        case page(String, [String: Any], HTTPResponse.Status = .ok)
        case redirect(String)
        case response(Response)
    }

    func visit(_ request: Request, peer: String) -> Visit {
        let cookie = request.cookies[FormGuard.cookieName]?.value ?? ""
        let valid = cookie.count == 32 && cookie.allSatisfy(\.isHexDigit)
        return Visit(
            language: Language(cookie: request.cookies[Self.languageCookie]?.value),
            formCookie: valid ? cookie : FormGuard.newCookieValue(), newFormCookie: !valid,
            client: ForwardedClient.gatewaySeen(request.headers) ?? peer, path: request.uri.path)
    }

    /// Runs a page for a signed-in person; anyone else is sent to sign in first.
    func signedIn(
        _ request: Request, _ context: StaffRequestContext,
        _ body: (inout Visit, SignedInPerson) async throws -> Outcome
    ) async throws -> Response {
        var visit = visit(request, peer: context.peer)
        guard let token = request.cookies[Access.cookieName]?.value, !token.isEmpty,
            let person = try await people.person(token: token, client: visit.client)
        else {
            let next =
                request.uri.path == "/"
                ? ""
                : "?next=\(request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_"))) ?? "")"
            return redirect("/signin\(next)", visit)
        }
        visit.person = person
        visit.names = try await references.catalogue()
        return try await answer(body(&visit, person), visit)
    }

    /// Runs a form's POST: the CSRF pair is checked first, then the form is read.
    func posted(
        _ request: Request, _ context: StaffRequestContext,
        _ body: (inout Visit, SignedInPerson, FormBody) async throws -> Outcome
    ) async throws -> Response {
        try await guarded(request, context) { _, form in
            try await signedIn(request, context) { visit, person in try await body(&visit, person, form) }
        }
    }

    /// Reads a posted form and checks its CSRF pair before anything else (also for the forms of
    /// someone not yet signed in: sign-in, the language switch).
    func guarded(
        _ request: Request, _ context: StaffRequestContext, _ body: (Visit, FormBody) async throws -> Response
    ) async throws -> Response {
        let form = try await readForm(request, context)
        let visit = visit(request, peer: context.peer)
        guard
            forms.accepts(
                token: form[FormGuard.fieldName], cookie: request.cookies[FormGuard.cookieName]?.value)
        else { return refusedForm(visit) }
        return try await body(visit, form)
    }

    func readForm(_ request: Request, _ context: StaffRequestContext) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return FormBody(encoded: String(buffer: buffer))
    }

    /// A form without its CSRF token: refused, nothing sent on.
    func refusedForm(_ visit: Visit) -> Response {
        logger.warning("form refused: missing or wrong CSRF token", metadata: ["path": "\(visit.path)"])
        return answer(
            .page("message", ["message": catalogue.text(visit.language, "app.csrf")], .forbidden), visit)
    }

    func answer(_ outcome: Outcome, _ visit: Visit) -> Response {
        switch outcome {
        case .redirect(let location): return redirect(location, visit)
        case .response(let response): return response
        case .page(let name, let context, let status):
            var response = render(name, context, visit, status: status)
            if visit.newFormCookie { response.headers[values: .setCookie].append(formCookieHeader(visit)) }
            return response
        }
    }

    func redirect(_ location: String, _ visit: Visit, cookies: [String] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        for cookie in cookies { response.headers[values: .setCookie].append(cookie) }
        if visit.newFormCookie { response.headers[values: .setCookie].append(formCookieHeader(visit)) }
        return response
    }

    func cookie(_ name: String, _ value: String, maxAge: Int, path: String = "/") -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
            + (settings.cookieSecure ? "; Secure" : "")
    }

    private func formCookieHeader(_ visit: Visit) -> String {
        cookie(FormGuard.cookieName, visit.formCookie, maxAge: 86_400 * 30)
    }

    /// A page in the layout: the person's menu, the words of their language, the form token.
    func render(_ name: String, _ page: [String: Any], _ visit: Visit, status: HTTPResponse.Status = .ok)
        -> Response
    {
        // Only the page's own values can be empty; the catalogue's tree is added as it is.
        var context = Self.withoutEmptyText(page) as? [String: Any] ?? [:]
        let language = visit.language
        context["t"] = catalogue.tree(language)
        context["lang"] = language.rawValue
        context["otherLanguage"] = language.other.rawValue
        context["centre"] = settings.centreName
        context["csrf"] = forms.token(for: visit.formCookie)
        context["back"] = visit.path
        if let person = visit.person {
            let scope = visit.names?.label(person.department ?? person.town, language) ?? ""
            context["person"] = Self.withoutEmptyText([
                "name": person.displayName, "login": person.login,
                "role": catalogue.term(language, "role", person.role.rawValue),
                "scope": person.expert ?? scope,
            ])
            context["menu"] = Menu.items(
                for: person, current: visit.path, catalogue: catalogue, language: language)
        }
        guard let html = templates.render(context, withTemplate: name) else {
            logger.error("template missing", metadata: ["template": "\(name)"])
            return Response(status: .internalServerError)
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The context without empty strings: Mustache renders a section for any string, "" too, so
    /// an absent value must be absent, not empty.
    static func withoutEmptyText(_ value: Any) -> Any {
        switch value {
        case let text as String: return text
        case let dictionary as [String: Any]:
            var kept: [String: Any] = [:]
            for (key, item) in dictionary where (item as? String) != "" { kept[key] = withoutEmptyText(item) }
            return kept
        case let array as [[String: Any]]: return array.map(withoutEmptyText)
        case let array as [Any]: return array.map(withoutEmptyText)
        default: return value
        }
    }

    /// Calls the API as the person.
    func api(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        headers: [(String, String)] = [], _ visit: Visit
    ) async throws -> APIAnswer {
        try await client.call(
            method, path, query: query, body: body, headers: headers, token: visit.person?.token,
            client: visit.client)
    }

    /// The link to a list's next page: its criteria kept, the cursor as `after`.
    static func nextPage(_ path: String, _ query: [(String, String)], after cursor: String) -> String {
        let kept = query.filter { !$0.1.isEmpty } + [("after", cursor)]
        return path + "?"
            + kept.map {
                "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }
            .joined(separator: "&")
    }

    /// A page that shows the refusal of a whole request (a list or a case that failed to load).
    func failure(_ answer: APIAnswer, _ visit: Visit) -> Outcome {
        let status = HTTPResponse.Status(code: answer.status >= 500 ? 503 : answer.status)
        return .page("message", ["message": refusals.summary(answer, visit.language)], status)
    }
}

/// The left menu by task, showing only what the role may do.
enum Menu {
    static func items(
        for person: SignedInPerson, current: String, catalogue: MessageCatalogue, language: Language
    )
        -> [[String: Any]]
    {
        let role = person.role
        var items: [(String, String)] = [("/", "nav.home")]
        if [.clerk, .admin].contains(role) { items.append(("/register", "nav.register")) }
        if role != .expert { items.append(("/cases", "nav.search")) }
        if [.supervisor, .admin].contains(role) {
            items += [
                ("/triage", "nav.triage"), ("/supervision", "nav.supervision"), ("/dashboard", "nav.reports"),
            ]
        }
        if role == .admin { items += [("/admin", "nav.admin"), ("/audit", "nav.audit")] }
        items.append(("/password", "nav.password"))
        return items.map { href, key in
            ["href": href, "label": catalogue.text(language, key), "current": href == current]
        }
    }
}

extension MessageCatalogue {
    /// The workbench's own catalogues (Messages/).
    static func workbench() throws -> MessageCatalogue { try MessageCatalogue(bundle: .module) }
}
