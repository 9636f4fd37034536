import Foundation
import HTTPSupport
import Hummingbird
import WebPages

/// 受理登记 at the window: the registration form (category by class then kind, place by town →
/// community → grid, the parties: PartyFields), the petitioner's earlier cases before
/// submitting (the repeat check), then the receipt. The form carries an idempotency key, so submitting it twice registers one case.
struct RegistrationPages: Sendable {
    let workbench: Workbench

    static let fields = FormFields([
        ("channel", .text), ("petitioner.name", .text), ("petitioner.phone", .text),
        ("petitioner.idNumber", .text), ("petitioner.language", .text), ("petitioner.smsOptOut", .boolean),
        ("facts", .text), ("demand", .text), ("category", .text), ("location.town", .text),
        ("location.community", .text), ("location.grid", .text), ("location.address", .text),
    ])

    func register(on router: Router<StaffRequestContext>) {
        let pages = self
        router.get("/register") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                var state = FormState()
                state.values["channel"] = "visit"
                state.all["channel"] = ["visit"]
                return .page("register", pages.form(state, visit, key: UUID().uuidString))
            }
        }
        router.post("/register") { request, context -> Response in
            try await workbench.posted(request, context) { visit, _, form in
                let key =
                    form["idempotencyKey"].flatMap { UUID(uuidString: $0)?.uuidString } ?? UUID().uuidString
                if form["intent"] == "lookup" { return try await pages.lookUp(form, visit, key: key) }
                var body = Self.fields.json(from: form)
                let parties = PartyFields.add(to: &body, from: form)
                if form["resolvedOnSpot"] == "on" {
                    body.set(
                        path: FormFields.path("resolvedOnSpot.note"),
                        to: form.text("resolvedOnSpot.note").map(JSONValue.string) ?? .string(""))
                }
                let answer = try await workbench.api(
                    "POST", "/api/v1/cases", body: body, headers: [("Idempotency-Key", key)], visit)
                if answer.succeeded, let number = answer.body?["caseNumber"]?.text {
                    // 查询码: shown on the receipt printed now, then gone (the page reads it once from a
                    // short-lived cookie of that page alone; the workbench keeps no copy).
                    let receipt = "/cases/\(number.urlPathEncoded)/receipt"
                    let code = answer.body?["queryCode"]?.text ?? ""
                    return .response(
                        workbench.redirect(
                            receipt, visit,
                            cookies: code.isEmpty
                                ? []
                                : [
                                    workbench.cookie(
                                        DocumentPages.queryCodeCookie, code, maxAge: 600, path: receipt)
                                ]))
                }
                var state = FormState(
                    form: form, answer: answer, refusals: workbench.refusals, language: visit.language)
                state.problems = parties.placing(state.problems)
                return .page("register", pages.form(state, visit, key: key), .unprocessableContent)
            }
        }
    }

    /// 重复信访: the petitioner's earlier cases by phone or ID number, shown above the form.
    func lookUp(_ form: FormBody, _ visit: Workbench.Visit, key: String) async throws -> Workbench.Outcome {
        var body = JSONValue.object([:])
        if let phone = form.text("petitioner.phone") { body.set(path: [.key("phone")], to: .string(phone)) }
        if let id = form.text("petitioner.idNumber") { body.set(path: [.key("idNumber")], to: .string(id)) }
        let answer = try await workbench.api("POST", "/api/v1/petitioner-lookup", body: body, visit)
        var state = FormState(
            form: form, answer: answer, refusals: workbench.refusals, language: visit.language)
        var page: [String: Any]
        if answer.succeeded {
            state.error = nil
            page = self.form(state, visit, key: key)
            let language = visit.language
            page["earlier"] = (answer.body?["cases"]?.items ?? []).map { item in
                [
                    "caseNumber": item["caseNumber"]?.text ?? "",
                    "status": workbench.catalogue.term(language, "status", item["status"]?.text),
                    "category": visit.names?.label(item["category"]?.text, language) ?? "",
                    "town": visit.names?.label(item["town"]?.text, language) ?? "",
                    "registeredAt": workbench.time.dateTime(item["registeredAt"]?.text, language),
                ]
            }
            page["looked"] = true
        } else {
            // The lookup names the body's `phone` and `idNumber`: beside the form's fields.
            for (from, to) in [("phone", "petitioner_phone"), ("idNumber", "petitioner_idNumber")] {
                if let problem = state.problems[from] { state.problems[to] = problem }
            }
            page = self.form(state, visit, key: key)
        }
        return .page("register", page)
    }

    /// The form's choices, with what was typed.
    func form(_ state: FormState, _ visit: Workbench.Visit, key: String) -> [String: Any] {
        let language = visit.language
        let names = visit.names
        let words = workbench.catalogue
        let choose = words.text(language, "register.choose")
        var page = state.context
        page["idempotencyKey"] = key
        page["onSpot"] = state.values["resolvedOnSpot"] as? String == "on"
        page["englishSMS"] = state.selected("petitioner.language") == ["en"]
        page["smsOptOut"] = state.selected("petitioner.smsOptOut") == ["true"]
        page["parties"] = PartyFields.rows(state, words: words, language: language)
        page["channels"] = FormState.options(
            ["visit", "phone", "referral", "online"], label: { words.term(language, "channel", $0) },
            selected: state.selected("channel"))
        let category = state.selected("category")
        page["classes"] = (names?.classes ?? []).map { group in
            [
                "label": group.place.label(language),
                "kinds": FormState.options(
                    group.kinds.map(\.code), label: { names?.label($0, language) ?? $0 }, selected: category),
            ] as [String: Any]
        }
        page["towns"] = FormState.options(
            (names?.towns ?? []).map(\.place.code), label: { names?.label($0, language) ?? $0 },
            selected: state.selected("location.town"), blank: choose)
        page["communities"] = (names?.towns ?? []).map { town in
            [
                "label": town.place.label(language),
                "items": FormState.options(
                    town.communities.map(\.place.code), label: { names?.label($0, language) ?? $0 },
                    selected: state.selected("location.community")),
            ] as [String: Any]
        }
        page["grids"] = (names?.towns ?? []).flatMap(\.communities).map { community in
            [
                "label": community.place.label(language),
                "items": FormState.options(
                    community.grids.map(\.code), label: { names?.label($0, language) ?? $0 },
                    selected: state.selected("location.grid")),
            ] as [String: Any]
        }
        return page
    }
}
