import CaseModel
import Foundation
import HTTPSupport
import Hummingbird
import WebPages

/// The case page: the essentials at the top, then 基本信息, 分流方案, 工单, 办理记录, 答复, 协办意见,
/// 专家评审, 回访, 督办, 吹哨报到, 停表, and 办理过程 (the timeline as a chronology: time, who, what,
/// why); above them the actions the person may take now, each a form.
struct CasePage: Sendable {
    let workbench: Workbench

    func register(on router: Router<StaffRequestContext>) {
        let page = self
        router.get("/cases/:number") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, person in
                try await page.show(context.parameters.get("number") ?? "", visit, person)
            }
        }
    }

    /// The page; after a refused action, with that action's form open, its values and problems.
    func show(
        _ number: String, _ visit: Workbench.Visit, _ person: SignedInPerson,
        refused: (String, FormState)? = nil,
        notice: String? = nil, revealed: [String: Any]? = nil, attachProblem: String? = nil
    ) async throws -> Workbench.Outcome {
        let answer = try await workbench.api("GET", "/api/v1/cases/\(number.urlPathEncoded)", visit)
        guard answer.succeeded, let item = answer.body else { return workbench.failure(answer, visit) }
        var context = view(item, visit)
        context["actions"] = actions(item, visit, person, refused: refused)
        context["notifications"] = try await notifications(number, visit)
        context["attachments"] = try await AttachmentPages(workbench: workbench).listing(number, visit)
        context["mayAttach"] =
            StaffRole.attachers.contains(person.role)
            && item["status"]?.text != CaseStatus.archived.rawValue
        if let attachProblem { context["attachProblem"] = attachProblem }
        if let notice { context["notice"] = notice }
        if let revealed { context["revealed"] = revealed }
        if let (_, state) = refused, let error = state.error { context["error"] = error }
        let status: HTTPResponse.Status = refused == nil && attachProblem == nil ? .ok : .unprocessableContent
        return .page("case", context, status)
    }

    /// 短信通知记录: what the petitioner was sent and what became of it (for those who may see it;
    /// for others the section is left out).
    func notifications(_ number: String, _ visit: Workbench.Visit) async throws -> [[String: Any]] {
        let answer = try await workbench.api(
            "GET", "/api/v1/cases/\(number.urlPathEncoded)/notifications", visit)
        guard answer.succeeded else { return [] }
        let language = visit.language
        let words = workbench.catalogue
        return (answer.body?["items"]?.items ?? []).map { record in
            [
                "at": workbench.time.dateTime(record["createdAt"]?.text, language),
                "moment": words.term(language, "notification_moment", record["moment"]?.text),
                "status": words.term(language, "notification_status", record["status"]?.text),
                "statusCode": record["status"]?.text ?? "",
                "attempts": record["attempts"]?.integer ?? 0,
                "error": record["status"]?.text == "failed" ? record["lastError"]?.text ?? "" : "",
            ]
        }
    }

    // MARK: - What the case is

    func view(_ item: JSONValue, _ visit: Workbench.Visit) -> [String: Any] {
        let language = visit.language
        let names = visit.names
        let words = workbench.catalogue
        let time = workbench.time
        func name(_ code: String?) -> String { names?.label(code, language) ?? code ?? "" }
        func when(_ text: String?) -> String { time.dateTime(text, language) }
        let location = item["location"]
        var context: [String: Any] = [
            "caseNumber": item["caseNumber"]?.text ?? "",
            "status": words.term(language, "status", item["status"]?.text),
            "statusCode": item["status"]?.text ?? "",
            "channel": words.term(language, "channel", item["channel"]?.text),
            "category": name(item["category"]?.text),
            "place": [location?["town"]?.text, location?["community"]?.text, location?["grid"]?.text]
                .compactMap { $0 }.filter { !$0.isEmpty }.map(name).joined(separator: " · "),
            "address": location?["address"]?.text ?? "",
            "petitioner": item["petitioner"]?["name"]?.text ?? "",
            "phone": item["petitioner"]?["phone"]?.text ?? "",
            "facts": item["facts"]?.text ?? "",
            "demand": item["demand"]?.text ?? "",
            "registeredAt": when(item["registeredAt"]?.text),
            "resolvedOnSpot": item["resolvedOnSpot"]?.bool ?? false,
            "repeatOf": item["repeatOf"]?.text ?? "",
            "holder": holder(item["holder"]?.text, visit),
            "due": item["dueAt"].map { when($0.text) } ?? "",
            "remaining": item["dueAt"].map { time.remaining($0.text, language) } ?? "",
            "overdue": TimeWords.overdue(item["dueAt"]?.text),
        ]
        // Keys of their own: an empty value must not let Mustache show the petitioner's.
        func party(_ party: JSONValue) -> [String: Any] {
            [
                "partyName": party["name"]?.text ?? "", "partyPhone": party["phone"]?.text ?? "",
                "partyKind": words.term(language, "party_kind", party["kind"]?.text),
                "partyRole": words.term(language, "party_role", party["role"]?.text),
            ]
        }
        if let collective = item["collective"] {
            context["collective"] = [
                "people": collective["people"]?.integer.map(String.init) ?? "",
                "representatives": (collective["representatives"]?.items ?? []).map(party),
            ]
        }
        context["otherParties"] = (item["otherParties"]?.items ?? []).map(party)
        if let amount = item["amountInvolved"]?.number {
            context["amountInvolved"] = "¥" + Self.yuan(amount)
        }
        if let routing = item["routing"], let plan = routing["plan"] {
            context["routing"] =
                [
                    "source": plan["source"]?.text ?? "",
                    "mode": words.term(language, "mode", plan["mode"]?.text),
                    "tier": words.term(language, "tier", routing["tier"]?.text),
                    "dueDays": plan["dueDays"]?.integer.map(String.init) ?? "",
                    "ladder": plan["ladder"]?.items.enumerated().map { index, step in
                        [
                            "step": index + 1, "current": index == routing["step"]?.integer,
                            "tier": words.term(language, "tier", step["tier"]?.text),
                            "lead": name(step["lead"]?.text),
                            "co": step["co"]?.items.compactMap(\.text).map(name).joined(separator: "、") ?? "",
                        ] as [String: Any]
                    } ?? [],
                ] as [String: Any]
        }
        context["workOrders"] =
            item["workOrders"]?.items.map { order in
                [
                    "department": name(order["department"]?.text), "round": order["round"]?.integer ?? 1,
                    "role": words.term(language, "work_order_role", order["role"]?.text),
                    "tier": words.term(language, "tier", order["tier"]?.text),
                    "dispatched": when(order["dispatchedAt"]?.text), "due": when(order["dueAt"]?.text),
                    "received": when(order["receivedAt"]?.text), "answered": when(order["answeredAt"]?.text),
                    "closed": order["closedAt"] == nil
                        ? "" : when(order["closedAt"]?.text) + " " + (order["closeReason"]?.text ?? ""),
                    "overdue": order["answeredAt"] == nil && order["closedAt"] == nil
                        && TimeWords.overdue(order["dueAt"]?.text),
                ] as [String: Any]
            } ?? []
        context["handlingSteps"] =
            item["handlingSteps"]?.items.map { step in
                [
                    "at": when(step["at"]?.text), "actor": actor(step["actor"]?.text, visit),
                    "mediation": words.term(language, "mediation", step["mediation"]?.text),
                    "note": step["note"]?.text ?? "",
                ]
            } ?? []
        context["answers"] =
            item["answers"]?.items.map { answer in
                [
                    "department": name(answer["department"]?.text), "at": when(answer["answeredAt"]?.text),
                    "outcome": words.term(language, "outcome", answer["outcome"]?.text),
                    "text": answer["text"]?.text ?? "",
                    "reasons": answer["reasons"]?.text ?? "",
                    "signOff": words.term(language, "sign_off", answer["signOff"]?.text),
                    "signOffChannel": words.term(
                        language, "sign_off_channel", answer["signOffChannel"]?.text),
                    "signedAt": when(answer["signedAt"]?.text),
                ]
            } ?? []
        context["agreements"] =
            item["agreements"]?.items.enumerated().map { index, agreement in
                var entry: [String: Any] = [
                    "number": index + 1, "id": agreement["id"]?.text ?? "",
                    "form": words.term(language, "agreement_form", agreement["form"]?.text),
                    "written": agreement["form"]?.text == "written",
                    "mediation": words.term(language, "mediation", agreement["mediation"]?.text),
                    "concludedOn": DayText.written(agreement["concludedOn"]?.text, language),
                    "terms": agreement["terms"]?.text ?? "",
                    "department": name(agreement["department"]?.text),
                    "recordedBy": actor(agreement["recordedBy"]?.text, visit),
                    "recordedAt": when(agreement["recordedAt"]?.text),
                    "parties": agreement["parties"]?.items.map { party in
                        [
                            "name": party["name"]?.text ?? "",
                            "side": words.term(language, "agreement_side", party["side"]?.text),
                            "confirmation": words.term(language, "confirmation", party["confirmation"]?.text),
                        ]
                    } ?? [],
                ]
                if let judicial = agreement["judicialConfirmation"] {
                    entry["judicial"] =
                        [
                            "court": name(judicial["court"]?.text),
                            "requestedAt": when(judicial["requestedAt"]?.text),
                            "decided": judicial["decision"]?.text != nil,
                            "decision": words.term(language, "judicial_decision", judicial["decision"]?.text),
                            "reason": judicial["reason"]?.text ?? "",
                            "decidedAt": when(judicial["decidedAt"]?.text),
                        ] as [String: Any]
                }
                return entry
            } ?? []
        context["panelConcluded"] = item["reviewPanels"]?.items.last?["conclusion"]?.text != nil
        context["visited"] = (item["visits"]?.items ?? []).contains { $0["visitedAt"]?.text != nil }
        context["coReports"] =
            item["coReports"]?.items.map { report in
                [
                    "department": name(report["department"]?.text), "at": when(report["at"]?.text),
                    "text": report["text"]?.text ?? "",
                ]
            } ?? []
        context["panels"] =
            item["reviewPanels"]?.items.map { panel in
                [
                    "appliedAt": when(panel["appliedAt"]?.text),
                    "conclusion": words.term(language, "conclusion", panel["conclusion"]?.text),
                    "members": panel["members"]?.items.map { member in
                        let code = member["expert"]?.text ?? ""
                        return [
                            "expert": names?.expertLabel(code)
                                ?? code,
                            "verdict": words.term(language, "verdict", member["verdict"]?.text),
                            "reasonable": yesNo(member["reasonable"]?.bool, language),
                            "lawful": yesNo(member["lawful"]?.bool, language),
                            "reasons": member["reasons"]?.text ?? "",
                        ]
                    } ?? [],
                ] as [String: Any]
            } ?? []
        context["visits"] =
            item["visits"]?.items.map { visitItem in
                [
                    "round": visitItem["round"]?.integer ?? 1,
                    "scheduled": when(visitItem["scheduledAt"]?.text),
                    "visited": when(visitItem["visitedAt"]?.text),
                    "method": words.term(language, "visit_method", visitItem["method"]?.text),
                    "satisfaction": words.term(language, "satisfaction", visitItem["satisfaction"]?.text),
                    "handlingComment": visitItem["handlingComment"]?.text ?? "",
                    "conductComment": visitItem["conductComment"]?.text ?? "",
                ] as [String: Any]
            } ?? []
        context["supervision"] =
            item["supervision"]?.items.map { record in
                [
                    "level": words.term(language, "supervision", record["level"]?.text),
                    "flagged": record["level"]?.text == "flagged",
                    "department": name(record["department"]?.text), "due": when(record["dueAt"]?.text),
                    "issued": when(record["issuedAt"]?.text),
                ] as [String: Any]
            } ?? []
        context["escalations"] =
            item["escalations"]?.items.map { escalation in
                [
                    "from": words.term(language, "tier", escalation["fromTier"]?.text),
                    "to": words.term(language, "tier", escalation["toTier"]?.text),
                    "reason": escalation["reason"]?.text ?? "",
                    "actor": actor(escalation["actor"]?.text, visit), "at": when(escalation["at"]?.text),
                ]
            } ?? []
        context["pauses"] =
            item["clockPauses"]?.items.map { pause in
                [
                    "waitingOn": words.term(language, "waiting_on", pause["waitingOn"]?.text),
                    "reason": pause["reason"]?.text ?? "", "actor": actor(pause["actor"]?.text, visit),
                    "started": when(pause["startedAt"]?.text), "ended": when(pause["endedAt"]?.text),
                ]
            } ?? []
        context["timeline"] =
            item["timeline"]?.items.map { event in
                [
                    "at": when(event["at"]?.text), "actor": actor(event["actor"]?.text, visit),
                    "action": words.term(language, "timeline_action", event["action"]?.text),
                    "to": words.term(language, "status", event["to"]?.text),
                    "reason": workbench.reasons.words(event["reason"]?.text ?? "", language, names: names),
                ]
            } ?? []
        return context
    }

    private func yesNo(_ value: Bool?, _ language: Language) -> String {
        guard let value else { return "" }
        return workbench.catalogue.text(language, value ? "app.yes_word" : "app.no_word")
    }

    /// `1250000.5` → `1,250,000.50`: yuan to the fen, the thousands grouped as on paper.
    static func yuan(_ amount: Double) -> String {
        let fixed = String(format: "%.2f", amount)
        let whole = fixed.prefix { $0 != "." }
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return grouped + fixed.dropFirst(whole.count)
    }

    /// `department:urban` → 城管局; `routing` → 分流中心.
    func holder(_ text: String?, _ visit: Workbench.Visit) -> String {
        guard let text else { return "" }
        if text.hasPrefix("department:") {
            return visit.names?.label(String(text.dropFirst("department:".count)), visit.language) ?? text
        }
        return workbench.catalogue.term(visit.language, "holder", text)
    }

    /// `clerk:lina` → 窗口受理员 lina; `department:urban/wangwei` → 职能部门（城管局）wangwei.
    func actor(_ text: String?, _ visit: Workbench.Visit) -> String {
        guard let text else { return "" }
        if text == "petitioner" { return workbench.catalogue.text(visit.language, "case.petitioner_online") }
        guard let colon = text.firstIndex(of: ":"), let role = StaffRole(rawValue: String(text[..<colon]))
        else {
            return workbench.catalogue.term(visit.language, "holder", text)  // routing, review-panel
        }
        let rest = text[text.index(after: colon)...]
        let parts = rest.split(separator: "/", maxSplits: 1).map(String.init)
        let roleWord = workbench.catalogue.term(visit.language, "role", role.rawValue)
        if parts.count == 2 {
            let scope = visit.names?.label(parts[0], visit.language) ?? parts[0]
            return "\(roleWord)（\(scope)）\(parts[1])"
        }
        return "\(roleWord) \(rest)"
    }
}

extension String {
    /// A case number or code as one path segment.
    var urlPathEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.")))
            ?? self
    }
}
