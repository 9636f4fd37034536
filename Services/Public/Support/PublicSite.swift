import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import WebPages

/// The status page's rendering and its cookies: the language (`onedoor_lang`), the form guard
/// (`onedoor_form`, CSRF), the petitioner's session (`onedoor_case`).
struct PublicSite: Sendable {
    let settings: PublicSettings
    let catalogue: MessageCatalogue
    let templates: MustacheLibrary
    let forms: FormGuard
    let session: PetitionerSession
    let logger: Logger

    /// One request's person: their language, form cookie, case, address.
    struct Visit: Sendable {
        let language: Language
        let formCookie: String
        let newFormCookie: Bool
        let caseId: String?
        let path: String
        let client: String
    }

    func visit(_ request: Request, peer: String) -> Visit {
        let given = request.cookies[FormGuard.cookieName]?.value ?? ""
        let form = given.count == 32 && given.allSatisfy(\.isHexDigit) ? given : nil
        let forwarded = settings.trustForwarded ? ForwardedClient.gatewaySeen(request.headers) : nil
        return Visit(
            language: Language(cookie: request.cookies["onedoor_lang"]?.value),
            formCookie: form ?? FormGuard.newCookieValue(),
            newFormCookie: form == nil,
            caseId: session.caseId(from: request.cookies[PetitionerSession.cookieName]?.value),
            path: request.uri.path, client: forwarded ?? peer)
    }

    /// The posted form, or nil when it lacks this browser's CSRF token (nothing is done then).
    func postedForm(_ request: Request, _ visit: Visit) async throws -> FormBody? {
        let form = FormBody(encoded: String(buffer: try await request.body.collect(upTo: 64 * 1024)))
        return forms.accepts(token: form[FormGuard.fieldName], cookie: visit.formCookie) ? form : nil
    }

    /// The page for a form refused for its CSRF token.
    func refusedForm(_ visit: Visit) -> Response { message("app.csrf", visit, status: .forbidden) }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
            + (settings.cookieSecure ? "; Secure" : "")
    }

    func page(
        _ name: String, _ context: [String: Any], _ visit: Visit, status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        var full = context
        full["t"] = catalogue.tree(visit.language)
        full["lang"] = visit.language.rawValue
        full["otherLanguage"] = visit.language.other.rawValue
        full["centre"] = settings.centreName
        full["csrf"] = forms.token(for: visit.formCookie)
        full["back"] = visit.path
        if visit.caseId != nil { full["signedIn"] = true }
        guard let html = templates.render(full, withTemplate: name) else {
            logger.error("template missing", metadata: ["template": "\(name)"])
            return Response(status: .internalServerError)
        }
        var response = Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        if visit.newFormCookie {
            response.headers[values: .setCookie].append(
                cookie(FormGuard.cookieName, visit.formCookie, maxAge: 86_400))
        }
        return response
    }

    func message(_ key: String, _ visit: Visit, status: HTTPResponse.Status) -> Response {
        page("message", ["message": catalogue.text(visit.language, key)], visit, status: status)
    }

    func redirect(_ location: String, cookies: [String] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        for cookie in cookies { response.headers[values: .setCookie].append(cookie) }
        return response
    }

    /// A time as petitioners read it: 2026年12月2日 19:09, or 2 Dec 2026 19:09.
    func time(_ date: Date?, _ language: Language) -> String? {
        guard let date else { return nil }
        let formatter = DateFormatter()
        formatter.timeZone = settings.timeZone
        formatter.locale = Locale(identifier: language == .chinese ? "zh_CN" : "en_GB")
        formatter.dateFormat = language == .chinese ? "yyyy年M月d日 HH:mm" : "d MMM yyyy HH:mm"
        return formatter.string(from: date)
    }
}
