import CaseModel
import Foundation
import HTTPSupport

/// Which actions the person may take on the case now, each with its form's choices: the services
/// decide in the end (and refuse the same way over the API), the page only offers what fits the
/// person's role and the case's state.
extension CasePage {
    func actions(
        _ item: JSONValue, _ visit: Workbench.Visit, _ person: SignedInPerson, refused: (String, FormState)?
    )
        -> [String: Any]
    {
        let language = visit.language
        let words = workbench.catalogue
        let status = CaseStatus(rawValue: item["status"]?.text ?? "")
        let role = person.role
        let orders = item["workOrders"]?.items ?? []
        func open(_ order: JSONValue) -> Bool { order["answeredAt"] == nil && order["closedAt"] == nil }
        let ours = role == .department ? orders.filter { $0["department"]?.text == person.department } : []
        let mine = ours.filter(open)
        let leadOpen = mine.contains { $0["role"]?.text == "lead" }
        let coOpen = mine.contains { $0["role"]?.text == "co" }
        let paused = (item["clockPauses"]?.items ?? []).contains { $0["endedAt"] == nil }
        let lastAnswer = item["answers"]?.items.last
        let answeredByMe = role == .department && lastAnswer?["department"]?.text == person.department
        let closed = [.archived, .withdrawn, .redirected].contains(status)

        var names: [String] = []
        if leadOpen && [.dispatched, .handling].contains(status) {
            names += ["handling_step", "answer", "escalate", paused ? "resume" : "pause"]
        }
        if coOpen { names.append("co_report") }
        if status == .answered && ([.clerk, .admin].contains(role) || answeredByMe) {
            names.append("sign_off")
        }
        if status == .disputed && [.clerk, .admin].contains(role) { names.append("review") }
        if status == .triage && [.dispatcher, .supervisor, .admin].contains(role) {
            names.append("dispatch")
        }
        if status == .followUp && [.followup, .clerk, .supervisor, .admin].contains(role) {
            names.append("visit")
        }
        if !closed && [.clerk, .admin].contains(role) { names.append("withdraw") }
        if [.followup, .clerk, .supervisor, .admin].contains(role) || !ours.isEmpty {
            names.append("reveal")
        }
        var panelId: String?
        if role == .expert, let expert = person.expert {
            for panel in item["reviewPanels"]?.items ?? [] where panel["conclusion"] == nil {
                if (panel["members"]?.items ?? []).contains(where: {
                    $0["expert"]?.text == expert && $0["verdict"] == nil
                }) {
                    panelId = panel["id"]?.text
                    names.append("opinion")
                }
            }
        }

        var actions: [String: Any] = ["any": !names.isEmpty]
        var list: [[String: Any]] = []
        for name in names {
            let state = refused?.0 == name ? refused!.1 : FormState()
            var form = state.context
            form["name"] = name
            form["open"] = refused?.0 == name
            form["title"] = words.text(language, name == "reveal" ? "case.reveal" : "action.\(name)")
            form["caseNumber"] = item["caseNumber"]?.text ?? ""
            choices(for: name, into: &form, state: state, item: item, visit: visit, person: person)
            if name == "opinion" { form["panel"] = panelId ?? "" }
            actions[name] = form
            list.append(["name": name, "title": form["title"] ?? name])
        }
        actions["list"] = list
        return actions
    }

    private func choices(
        for name: String, into form: inout [String: Any], state: FormState, item: JSONValue,
        visit: Workbench.Visit, person: SignedInPerson
    ) {
        let language = visit.language
        let words = workbench.catalogue
        let choose = words.text(language, "register.choose")
        func options(_ field: String, _ group: String, _ codes: [String], blank: Bool = false) {
            form["options_\(FormState.key(field))"] = FormState.options(
                codes, label: { words.term(language, group, $0) }, selected: state.selected(field),
                blank: blank ? choose : nil)
        }
        switch name {
        case "handling_step":
            options(
                "mediation", "mediation", ["people", "administrative", "judicial", "industry"], blank: true)
        case "answer":
            options(
                "outcome", "outcome", ["resolved", "partly_resolved", "not_supported", "judicial_channel"])
        case "pause": options("waitingOn", "waiting_on", ["petitioner", "expert_review"])
        case "sign_off":
            options("decision", "sign_off", ["accepted", "disputed"])
            options("channel", "sign_off_channel", ["window", "phone", "sms", "online", "in_person"])
        case "co_report": form["department"] = person.department ?? ""
        case "visit":
            options("method", "visit_method", ["phone", "sms", "face_to_face"])
            options("satisfaction", "satisfaction", ["satisfied", "basically_satisfied", "unsatisfied"])
        case "opinion":
            form["expert"] = person.expert ?? ""
            options("verdict", "verdict", ["uphold", "revise"])
            for field in ["reasonable", "lawful"] {
                form["options_\(field)"] = FormState.options(
                    ["true", "false"],
                    label: { words.text(language, $0 == "true" ? "app.yes_word" : "app.no_word") },
                    selected: state.selected(field))
            }
        case "review": form["pools"] = expertPools(item, visit, selected: state.selected("experts"))
        case "dispatch":
            options("mode", "mode", ["immediate", "assisted", "joint"])
            let departments = visit.names?.departments ?? []
            form["steps"] = (0..<3).map { index -> [String: Any] in
                let tierField = "ladder[\(index)].tier"
                let leadField = "ladder[\(index)].lead"
                let coField = "ladder[\(index)].co"
                return [
                    "index": index, "number": index + 1,
                    "label": words.text(language, "action.ladder_step", ["n": "\(index + 1)"]),
                    "tiers": FormState.options(
                        ["grid", "community", "town", "district"],
                        label: { words.term(language, "tier", $0) },
                        selected: state.selected(tierField), blank: choose),
                    "leads": FormState.options(
                        departments.map(\.code), label: { visit.names?.label($0, language) ?? $0 },
                        selected: state.selected(leadField), blank: choose),
                    "cos": FormState.options(
                        departments.map(\.code), label: { visit.names?.label($0, language) ?? $0 },
                        selected: state.selected(coField)),
                    "problemTier": state.problems[FormState.key(tierField)] ?? "",
                    "problemLead": state.problems[FormState.key(leadField)] ?? "",
                    "required": index == 0,
                ]
            }
        default: break
        }
    }

    /// 点单式: the experts the petitioner may choose, their own town's pool first, then the city
    /// pool, then the other towns'.
    private func expertPools(_ item: JSONValue, _ visit: Workbench.Visit, selected: [String]) -> [[String:
        Any]]
    {
        let language = visit.language
        let town = item["location"]?["town"]?.text
        let experts = visit.names?.experts ?? []
        func entries(_ chosen: [ReferenceCatalogue.Expert]) -> [[String: Any]] {
            chosen.map { expert in
                [
                    "code": expert.code, "name": expert.name, "checked": selected.contains(expert.code),
                    "department": visit.names?.label(expert.department, language) ?? "",
                    "town": visit.names?.label(expert.town, language) ?? "",
                ]
            }
        }
        let words = workbench.catalogue
        return [
            [
                "title": words.text(language, "action.experts_town"),
                "experts": entries(experts.filter { $0.town == town && town != nil }),
            ],
            [
                "title": words.text(language, "action.experts_city"),
                "experts": entries(experts.filter { $0.town == nil }),
            ],
            [
                "title": words.text(language, "action.experts_other"),
                "experts": entries(experts.filter { $0.town != nil && $0.town != town }),
            ],
        ].filter { !(($0["experts"] as? [[String: Any]]) ?? []).isEmpty }
    }
}
