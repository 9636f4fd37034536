import CaseModel
import Foundation
import HTTPSupport
import Hummingbird
import WebPages

/// 证据材料 on the case page: the list (uploads to download, grid links to open) and the form
/// that attaches a file. The file goes to the API as the browser sent it (multipart/form-data),
/// so the same rules judge it; a download comes back through here with the API's audit.
struct AttachmentPages: Sendable {
    let workbench: Workbench
    /// The most a form may send: the gateway's ceiling; the service holds the file to its limit.
    static let maxFormBytes = 64 << 20

    func register(on router: Router<StaffRequestContext>) {
        let pages = self
        router.post("/cases/:number/attachments") { request, context -> Response in
            // The form is multipart: its CSRF token rides in the action's query.
            let token = request.uri.queryParameters.get(FormGuard.fieldName)
            guard
                workbench.forms.accepts(token: token, cookie: request.cookies[FormGuard.cookieName]?.value)
            else { return workbench.refusedForm(workbench.visit(request, peer: context.peer)) }
            return try await workbench.signedIn(request, context) { visit, person in
                try await pages.attach(context.parameters.get("number") ?? "", request, visit, person)
            }
        }
        router.get("/cases/:number/attachments/:id") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                try await pages.download(
                    context.parameters.get("number") ?? "", context.parameters.get("id") ?? "", visit)
            }
        }
    }

    func attach(_ number: String, _ request: Request, _ visit: Workbench.Visit, _ person: SignedInPerson)
        async throws -> Workbench.Outcome
    {
        let language = visit.language
        let casePage = CasePage(workbench: workbench)
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data") else {
            return try await casePage.show(
                number, visit, person, attachProblem: workbench.catalogue.text(language, "problem.required"))
        }
        let form: Data
        do {
            form = Data(buffer: try await request.body.collect(upTo: Self.maxFormBytes))
        } catch {
            return try await casePage.show(
                number, visit, person,
                attachProblem: workbench.catalogue.text(language, "problem.file_too_large"))
        }
        let answer = try await workbench.client.transfer(
            "POST", "/api/v1/cases/\(number.urlPathEncoded)/attachments", body: (form, contentType),
            token: visit.person?.token, client: visit.client
        ).api
        if answer.succeeded { return .redirect("/cases/\(number.urlPathEncoded)#attachments") }
        let problem =
            workbench.refusals.fieldProblems(answer.body, language)["file"]
            ?? workbench.refusals.words(answer.body?["detail"]?.text ?? "", language)
        return try await casePage.show(number, visit, person, attachProblem: problem)
    }

    func download(_ number: String, _ id: String, _ visit: Workbench.Visit) async throws -> Workbench.Outcome
    {
        let answer = try await workbench.client.transfer(
            "GET", "/api/v1/cases/\(number.urlPathEncoded)/attachments/\(id.urlPathEncoded)",
            headers: [("Accept", "*/*")], token: visit.person?.token, client: visit.client)
        guard answer.status == 200 else { return workbench.failure(answer.api, visit) }
        var headers: HTTPFields = [
            .contentType: answer.contentType ?? "application/octet-stream", .cacheControl: "no-store",
        ]
        headers[.contentDisposition] = answer.contentDisposition ?? "attachment"
        return .response(
            Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: answer.data))))
    }

    /// The case's attachments as the page lists them; empty for those who may not see them.
    func listing(_ number: String, _ visit: Workbench.Visit) async throws -> [[String: Any]] {
        let answer = try await workbench.api(
            "GET", "/api/v1/cases/\(number.urlPathEncoded)/attachments", visit)
        guard answer.succeeded else { return [] }
        let language = visit.language
        let casePage = CasePage(workbench: workbench)
        return (answer.body?["attachments"]?.items ?? []).map { item in
            let upload = item["source"]?.text == "upload"
            let removed = item["removedAt"]?.text != nil
            return [
                "name": item["fileName"]?.text ?? "",
                "href": upload && !removed
                    ? "/cases/\(number.urlPathEncoded)/attachments/\(item["id"]?.text ?? "")" : "",
                "link": upload ? "" : item["url"]?.text ?? "",
                "source": workbench.catalogue.term(language, "attachment_source", item["source"]?.text),
                "type": item["mediaType"]?.text ?? "",
                "size": item["sizeBytes"]?.integer.map(Self.size) ?? "",
                "by": casePage.actor(item["addedBy"]?.text, visit),
                "at": workbench.time.dateTime(item["addedAt"]?.text, language),
                "removed": removed
                    ? workbench.catalogue.text(language, "attachment.removed") + " "
                        + casePage.actor(item["removedBy"]?.text, visit) : "",
            ]
        }
    }

    /// 1.2 MB, 340 KB, 12 B.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return String(format: "%.1f MB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10 { return "\(bytes >> 10) KB" }
        return "\(bytes) B"
    }
}
