import CaseModel
import Foundation
import HTTPSupport
import Hummingbird
import WebPages

/// The actions on a case, each a form on the case page posted to `/cases/{n}/do/{action}` and sent
/// on to the service that owns it. A refusal shows the case page again with the form open, the
/// values typed and each field's problem beside it.
struct CaseActions: Sendable {
    let workbench: Workbench

    /// One action: the API path under the case (or the panel), the body's fields, and whether it
    /// sends a body at all.
    struct Action: Sendable {
        let path: String
        let fields: [(String, FormFields.Kind)]
        var sendsBody = true
    }

    /// The party rows of the agreement form.
    static let agreementRows = 4

    static let actions: [String: Action] = [
        "handling_step": Action(path: "handling-steps", fields: [("mediation", .text), ("note", .text)]),
        "answer": Action(
            path: "answer",
            fields: [("outcome", .text), ("text", .text), ("reasons", .text), ("agreementId", .text)]),
        "agreement": Action(
            path: "agreements",
            fields: [("form", .text), ("mediation", .text), ("concludedOn", .text), ("terms", .text)]
                + (0..<agreementRows).flatMap { index in
                    [
                        ("parties[\(index)].name", .text), ("parties[\(index)].side", .text),
                        ("parties[\(index)].confirmation", .text),
                    ] as [(String, FormFields.Kind)]
                }),
        "judicial_request": Action(path: "agreements/{agreement}/judicial-confirmation", fields: []),
        "judicial_decision": Action(
            path: "agreements/{agreement}/judicial-decision",
            fields: [("decision", .text), ("reason", .text)]),
        "co_report": Action(path: "co-reports", fields: [("department", .text), ("text", .text)]),
        "escalate": Action(path: "escalation", fields: [("reason", .text)]),
        "pause": Action(path: "clock/pause", fields: [("waitingOn", .text), ("reason", .text)]),
        "resume": Action(path: "clock/resume", fields: [], sendsBody: false),
        "sign_off": Action(path: "sign-off", fields: [("decision", .text), ("channel", .text)]),
        "review": Action(path: "review", fields: [("experts", .list)]),
        "withdraw": Action(path: "withdrawal", fields: [("reason", .text)]),
        "visit": Action(
            path: "visits",
            fields: [
                ("method", .text), ("satisfaction", .text), ("handlingComment", .text),
                ("conductComment", .text),
            ]),
        "dispatch": Action(
            path: "dispatch",
            fields: [("mode", .text), ("dueDays", .integer), ("coDueDays", .integer), ("note", .text)]
                + (0..<3).flatMap { index in
                    [
                        ("ladder[\(index)].tier", .text), ("ladder[\(index)].lead", .text),
                        ("ladder[\(index)].co", .list),
                    ]
                        as [(String, FormFields.Kind)]
                }),
        "opinion": Action(
            path: "opinions",
            fields: [
                ("expert", .text), ("verdict", .text), ("reasonable", .boolean), ("lawful", .boolean),
                ("reasons", .text),
            ]),
    ]

    func register(on router: Router<StaffRequestContext>) {
        let workbench = self.workbench
        let casePage = CasePage(workbench: workbench)
        router.post("/cases/:number/do/:action") { request, context -> Response in
            try await workbench.posted(request, context) { visit, person, form in
                let number = context.parameters.get("number") ?? ""
                let name = context.parameters.get("action") ?? ""
                if name == "reveal" { return try await reveal(number, form, visit, person, casePage) }
                guard let action = Self.actions[name] else {
                    return .page(
                        "message", ["message": workbench.catalogue.text(visit.language, "app.not_found")],
                        .notFound)
                }
                var body = action.sendsBody ? FormFields(action.fields).json(from: form) : nil
                if name == "dispatch", case .object(var fields)? = body,
                    case .array(let ladder)? = fields["ladder"]
                {
                    // Steps left wholly empty are not steps.
                    fields["ladder"] = .array(ladder.filter { $0 != .null })
                    body = .object(fields)
                }
                if name == "agreement", case .object(var fields)? = body,
                    case .array(let rows)? = fields["parties"]
                {
                    // A row without a name is no party (its side and confirmation are always chosen).
                    fields["parties"] = .array(rows.filter { $0["name"]?.text?.isEmpty == false })
                    body = .object(fields)
                }
                let agreement = (form["agreement"] ?? "").urlPathEncoded
                let path =
                    name == "opinion"
                    ? "/api/v1/panels/\((form["panel"] ?? "").urlPathEncoded)/opinions"
                    : "/api/v1/cases/\(number.urlPathEncoded)/"
                        + action.path.replacingOccurrences(of: "{agreement}", with: agreement)
                let answer = try await workbench.api("POST", path, body: body, visit)
                if answer.succeeded {
                    return .redirect("/cases/\(number.urlPathEncoded)?done=\(name)")
                }
                if answer.status == 401 { return .redirect("/signin?next=/cases/\(number.urlPathEncoded)") }
                let state = FormState(
                    form: form, answer: answer, refusals: workbench.refusals, language: visit.language)
                return try await casePage.show(number, visit, person, refused: (name, state))
            }
        }
    }

    /// 查看联系方式: the petitioner's contact, asked with a reason; intake records the reveal.
    private func reveal(
        _ number: String, _ form: FormBody, _ visit: Workbench.Visit, _ person: SignedInPerson,
        _ casePage: CasePage
    ) async throws -> Workbench.Outcome {
        let body = FormFields([("reason", .text)]).json(from: form)
        let answer = try await workbench.api(
            "POST", "/api/v1/cases/\(number.urlPathEncoded)/petitioner-contact", body: body, visit)
        guard answer.succeeded, let contact = answer.body else {
            let state = FormState(
                form: form, answer: answer, refusals: workbench.refusals, language: visit.language)
            return try await casePage.show(number, visit, person, refused: ("reveal", state))
        }
        return try await casePage.show(
            number, visit, person,
            revealed: ["name": contact["name"]?.text ?? "", "phone": contact["phone"]?.text ?? ""])
    }
}
