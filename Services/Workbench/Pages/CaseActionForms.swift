import CaseModel
import Foundation
import HTTPSupport
import WebPages

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
        // 调解协议: the lead records it while handling; it sends a written one to the court, whose
        // handler decides.
        let agreements = item["agreements"]?.items ?? []
        if leadOpen && status == .handling { names.append("agreement") }
        let unsent = agreements.filter {
            $0["form"]?.text == "written" && $0["judicialConfirmation"] == nil
                && $0["department"]?.text == person.department
        }
        if role == .department, !unsent.isEmpty { names.append("judicial_request") }
        let undecided = agreements.filter {
            $0["judicialConfirmation"]?["decision"] == nil
                && $0["judicialConfirmation"]?["court"]?.text == person.department
        }
        if role == .department, person.department != nil, !undecided.isEmpty {
            names.append("judicial_decision")
        }
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
            agreementChoices("agreementId", item, &form, state, visit, blank: true)
        case "agreement":
            options("form", "agreement_form", ["written", "oral"])
            options(
                "mediation", "mediation", ["people", "administrative", "judicial", "industry"], blank: true)
            form["today"] = CentreDay.of(Date())
            form["rows"] = agreementPartyRows(item, state, visit)
        case "judicial_request":
            agreementChoices("agreement", item, &form, state, visit, blank: false) {
                $0["form"]?.text == "written" && $0["judicialConfirmation"] == nil
            }
        case "judicial_decision":
            agreementChoices("agreement", item, &form, state, visit, blank: false) {
                $0["judicialConfirmation"] != nil && $0["judicialConfirmation"]?["decision"] == nil
            }
            options("decision", "judicial_decision", ["confirmed", "refused"])
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
    /// A choice among the case's agreements: "调解协议 1（书面协议，2026年12月1日）".
    private func agreementChoices(
        _ field: String, _ item: JSONValue, _ form: inout [String: Any], _ state: FormState,
        _ visit: Workbench.Visit, blank: Bool, where include: (JSONValue) -> Bool = { _ in true }
    ) {
        let language = visit.language
        let words = workbench.catalogue
        let all = (item["agreements"]?.items ?? []).compactMap { $0["id"]?.text }
        let agreements = (item["agreements"]?.items ?? []).filter(include)
        let labels = Dictionary(
            agreements.compactMap { agreement -> (String, String)? in
                guard let id = agreement["id"]?.text else { return nil }
                let number = (all.firstIndex(of: id) ?? 0) + 1
                return (
                    id,
                    words.text(language, "case.agreement_numbered", ["n": "\(number)"]) + "（"
                        + words.term(language, "agreement_form", agreement["form"]?.text) + "，"
                        + DayText.written(agreement["concludedOn"]?.text, language) + "）"
                )
            }, uniquingKeysWith: { first, _ in first })
        form["options_\(FormState.key(field))"] = FormState.options(
            agreements.compactMap { $0["id"]?.text }, label: { labels[$0] ?? $0 },
            selected: state.selected(field),
            blank: blank ? words.text(language, "case.no_agreement") : nil)
        form["hasAgreements"] = !agreements.isEmpty
    }

    /// The agreement form's party rows: the case's petitioners and other parties first (names
    /// filled in), then empty rows; after a refusal, what was typed.
    private func agreementPartyRows(_ item: JSONValue, _ state: FormState, _ visit: Workbench.Visit)
        -> [[String:
        Any]]
    {
        let language = visit.language
        let words = workbench.catalogue
        var known: [(String, String)] = [(item["petitioner"]?["name"]?.text ?? "", "petitioner")]
        known += (item["collective"]?["representatives"]?.items ?? []).map {
            ($0["name"]?.text ?? "", "petitioner")
        }
        known += (item["otherParties"]?.items ?? []).map { ($0["name"]?.text ?? "", "other") }
        let typed = !state.values.isEmpty
        return (0..<CaseActions.agreementRows).map { index in
            let name = "parties[\(index)].name"
            let side = "parties[\(index)].side"
            let confirmation = "parties[\(index)].confirmation"
            let fallback = index < known.count ? known[index] : ("", index == 0 ? "petitioner" : "other")
            let chosenSide = typed ? state.selected(side) : [fallback.1]
            return [
                "index": index, "number": index + 1,
                // Its own key: an empty name must not show the form's (Workbench.withoutEmptyText).
                "rowName": typed ? state.values[FormState.key(name)] as? String ?? "" : fallback.0,
                "sides": FormState.options(
                    ["petitioner", "other"], label: { words.term(language, "agreement_side", $0) },
                    selected: chosenSide),
                "confirmations": FormState.options(
                    ["signed", "fingerprint", "oral"], label: { words.term(language, "confirmation", $0) },
                    selected: typed ? state.selected(confirmation) : ["signed"]),
                "problemName": state.problems[FormState.key(name)] ?? "",
                "problemConfirmation": state.problems[FormState.key(confirmation)] ?? "",
            ]
        }
    }

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
