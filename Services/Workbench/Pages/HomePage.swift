import Foundation
import HTTPSupport
import Hummingbird

/// 我的待办: each role's home is its worklist, with counts as tabs, soonest due first, overdue and
/// supervised items marked, a page at a time.
struct HomePage: Sendable {
    let workbench: Workbench

    func register(on router: Router<StaffRequestContext>) {
        let workbench = self.workbench
        router.get("/") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, person in
                let query = request.uri.queryParameters
                let state = query.get("state") ?? ""
                let after = query.get("after") ?? ""
                switch person.role {
                case .clerk: return try await registrations(visit, state: state, after: after)
                case .dispatcher: return try await triage(visit, after: after)
                case .department:
                    return try await departmentOrders(
                        visit, person.department ?? "", state: state, after: after)
                case .expert: return try await panels(visit, person.expert ?? "", state: state, after: after)
                case .followup: return try await visitsDue(visit, after: after)
                case .supervisor, .admin:
                    return try await supervised(
                        visit, state: state, department: query.get("department") ?? "", after: after)
                }
            }
        }
        router.get("/supervision") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                let query = request.uri.queryParameters
                return try await supervised(
                    visit, state: query.get("state") ?? "", department: query.get("department") ?? "",
                    after: query.get("after") ?? "")
            }
        }
        router.get("/triage") { request, context -> Response in
            try await workbench.signedIn(request, context) { visit, _ in
                try await triage(visit, after: request.uri.queryParameters.get("after") ?? "")
            }
        }
    }

    private func rows(_ items: [JSONValue], _ visit: Workbench.Visit) -> [[String: Any]] {
        let language = visit.language
        let names = visit.names
        return items.map { item in
            let due = item["dueAt"]?.text ?? item["opinionDueAt"]?.text
            let open = item["answeredAt"] == nil && item["votedAt"] == nil
            let overdue = open && (item["overdue"]?.bool ?? TimeWords.overdue(due))
            let supervision = item["supervision"]?.text
            return [
                "caseNumber": item["caseNumber"]?.text ?? "",
                "category": names?.label(item["category"]?.text, language) ?? "",
                "place": [item["town"]?.text, item["community"]?.text].compactMap { $0 }
                    .filter { !$0.isEmpty }.map { names?.label($0, language) ?? $0 }.joined(separator: " "),
                "petitioner": item["petitioner"]?.text ?? "",
                "phone": item["phone"]?.text ?? "",
                "received": workbench.time.dateTime(
                    item["registeredAt"]?.text ?? item["dispatchedAt"]?.text ?? item["appliedAt"]?.text
                        ?? item["scheduledAt"]?.text, language),
                "due": due.map { workbench.time.dateTime($0, language) } ?? "",
                "remaining": due.map { open ? workbench.time.remaining($0, language) : "" } ?? "",
                "status": workbench.catalogue.term(language, "status", item["status"]?.text),
                "department": names?.label(item["department"]?.text, language) ?? "",
                "role": workbench.catalogue.term(language, "work_order_role", item["role"]?.text),
                "reason": item["reason"]?.text ?? "",
                "overdue": overdue,
                "dueSoon": open && !overdue && TimeWords.dueSoon(due),
                "notice": supervision == "notice",
                "flagged": supervision == "flagged",
                "opinions": item["opinions"].flatMap(\.integer).map {
                    "\($0)/\(item["members"]?.integer ?? 0)"
                } ?? "",
                "verdict": workbench.catalogue.term(language, "verdict", item["verdict"]?.text),
            ]
        }
    }

    private func list(
        _ visit: Workbench.Visit, title: String, answer: APIAnswer, items: String, tabs: [[String: Any]] = [],
        columns: Set<String>, extra: [String: Any] = [:], base: String = "/", query: [(String, String)] = []
    ) -> Workbench.Outcome {
        guard answer.succeeded, let body = answer.body else { return workbench.failure(answer, visit) }
        var page = extra
        page["title"] = workbench.catalogue.text(visit.language, title)
        page["tabs"] = tabs
        page["hasTabs"] = !tabs.isEmpty
        let rows = rows(body[items]?.items ?? [], visit)
        page["rows"] = rows
        page["hasRows"] = !rows.isEmpty
        page["count"] =
            body["count"]?.integer.map {
                workbench.catalogue.text(visit.language, "worklist.count", ["count": "\($0)"])
            } ?? ""
        for column in columns { page["show_\(column)"] = true }
        if let next = body["next"]?.text { page["next"] = Workbench.nextPage(base, query, after: next) }
        return .page("worklist", page)
    }

    private func tabs(
        _ visit: Workbench.Visit, _ current: String, _ counts: JSONValue?,
        _ states: [(String, String, String)], base: String = "/"
    ) -> [[String: Any]] {
        states.map { state, countKey, word in
            [
                "href": state.isEmpty ? base : "\(base)?state=\(state)",
                "label": workbench.catalogue.text(visit.language, "worklist.\(word)"),
                "count": counts?[countKey]?.integer ?? 0, "current": state == current,
            ]
        }
    }

    /// The window's home: today's registrations, and 通知失败 — messages to petitioners that
    /// failed after every retry, for a clerk to call them instead.
    func registrations(_ visit: Workbench.Visit, state: String, after: String) async throws
        -> Workbench.Outcome
    {
        let today = try await workbench.api(
            "GET", "/api/v1/registrations", query: state.isEmpty ? [("after", after)] : [], visit)
        let failed = try await workbench.api("GET", "/api/v1/notifications/failed", visit)
        let counts: JSONValue = .object([
            "today": .integer(today.body?["count"]?.integer ?? today.body?["cases"]?.items.count ?? 0),
            "failed": .integer(failed.body?["count"]?.integer ?? 0),
        ])
        let tabs = tabs(
            visit, state, counts,
            [
                ("", "today", "registrations_today"),
                ("failed-notifications", "failed", "tab_failed_notifications"),
            ])
        guard state == "failed-notifications" else {
            return list(
                visit, title: "worklist.registrations_today", answer: today, items: "cases", tabs: tabs,
                columns: ["category", "place", "petitioner", "received", "status"])
        }
        // Each failed message as a row: when it failed, which moment, why.
        let language = visit.language
        let rows: [JSONValue] = (failed.body?["items"]?.items ?? []).map { item in
            let moment = workbench.catalogue.term(language, "notification_moment", item["moment"]?.text)
            return .object([
                "caseNumber": item["caseNumber"] ?? .null, "registeredAt": item["failedAt"] ?? .null,
                "reason": .string("\(moment)：\(item["lastError"]?.text ?? "")"),
            ])
        }
        let answer = APIAnswer(
            status: failed.status,
            body: .object(["items": .array(rows), "count": failed.body?["count"] ?? .integer(0)]),
            retryAfter: failed.retryAfter)
        return list(
            visit, title: "worklist.tab_failed_notifications", answer: answer, items: "items", tabs: tabs,
            columns: ["received", "reason"])
    }

    func triage(_ visit: Workbench.Visit, after: String) async throws -> Workbench.Outcome {
        let answer = try await workbench.api("GET", "/api/v1/triage", query: [("after", after)], visit)
        return list(
            visit, title: "worklist.triage_title", answer: answer, items: "cases",
            columns: ["category", "place", "received", "reason"], base: visit.path)
    }

    func departmentOrders(_ visit: Workbench.Visit, _ code: String, state: String, after: String) async throws
        -> Workbench.Outcome
    {
        let current = state.isEmpty ? "open" : state
        let answer = try await workbench.api(
            "GET", "/api/v1/departments/\(code)/work-orders",
            query: [("state", current == "judicial" ? "open" : current), ("after", after)], visit)
        let states = [
            ("open", "open", "tab_open"), ("due-soon", "dueSoon", "tab_due_soon"),
            ("overdue", "overdue", "tab_overdue"),
            ("notice", "notice", "tab_notice"), ("flagged", "flagged", "tab_flagged"),
            ("answered", "answered", "tab_answered"),
        ]
        var tabs = tabs(visit, current, answer.body?["counts"], states)
        // 待司法确认: a court department's agreements waiting for its decision (a tab when there are any).
        let judicial = try await workbench.api(
            "GET", "/api/v1/judicial-confirmations", query: [("limit", "200")], visit)
        let pending = judicial.body?["items"]?.items ?? []
        if !pending.isEmpty || current == "judicial" {
            tabs.append([
                "href": "/?state=judicial",
                "label": workbench.catalogue.text(visit.language, "worklist.tab_judicial"),
                "count": pending.count, "current": current == "judicial",
            ])
        }
        if current == "judicial" {
            let rows = pending.map { item -> JSONValue in
                .object([
                    "caseNumber": item["caseNumber"] ?? .null,
                    "dispatchedAt": item["agreement"]?["judicialConfirmation"]?["requestedAt"] ?? .null,
                    "department": item["agreement"]?["department"] ?? .null,
                ])
            }
            let answer = APIAnswer(
                status: judicial.status, body: .object(["items": .array(rows)]),
                retryAfter: judicial.retryAfter)
            return list(
                visit, title: "worklist.tab_judicial", answer: answer, items: "items", tabs: tabs,
                columns: ["department", "received"])
        }
        return list(
            visit, title: "nav.home", answer: answer, items: "items", tabs: tabs,
            columns: ["category", "place", "petitioner", "received", "due", "status", "role"],
            query: [("state", current)])
    }

    func panels(_ visit: Workbench.Visit, _ code: String, state: String, after: String) async throws
        -> Workbench.Outcome
    {
        let current = state.isEmpty ? "awaiting" : state
        let answer = try await workbench.api(
            "GET", "/api/v1/experts/\(code)/panels", query: [("state", current), ("after", after)], visit)
        let states = [("awaiting", "awaiting", "tab_awaiting"), ("given", "given", "tab_given")]
        return list(
            visit, title: "worklist.panels", answer: answer, items: "items",
            tabs: tabs(visit, current, answer.body?["counts"], states),
            columns: ["category", "place", "department", "received", "due", "opinions", "verdict"],
            query: [("state", current)])
    }

    func visitsDue(_ visit: Workbench.Visit, after: String) async throws -> Workbench.Outcome {
        let answer = try await workbench.api("GET", "/api/v1/visits/due", query: [("after", after)], visit)
        return list(
            visit, title: "worklist.visits_due", answer: answer, items: "items",
            columns: ["category", "place", "petitioner", "phone", "department", "received"])
    }

    func supervised(_ visit: Workbench.Visit, state: String, department: String, after: String) async throws
        -> Workbench.Outcome
    {
        let current = state.isEmpty ? "overdue" : state
        let answer = try await workbench.api(
            "GET", "/api/v1/supervision",
            query: [("state", current), ("department", department), ("after", after)],
            visit)
        var totals: [String: Int] = ["overdue": 0, "notice": 0, "flagged": 0]
        let departments: [[String: Any]] = (answer.body?["departments"]?.items ?? []).map { row in
            for key in totals.keys { totals[key, default: 0] += row[key]?.integer ?? 0 }
            let code = row["department"]?.text ?? ""
            return [
                "code": code, "name": visit.names?.label(code, visit.language) ?? code,
                "overdue": row["overdue"]?.integer ?? 0, "notice": row["notice"]?.integer ?? 0,
                "flagged": row["flagged"]?.integer ?? 0,
                "href": "\(visit.path)?state=\(current)&department=\(code)",
            ]
        }
        let states = [
            ("overdue", "overdue", "tab_overdue"), ("notice", "notice", "tab_notice"),
            ("flagged", "flagged", "tab_flagged"),
        ]
        return list(
            visit, title: "worklist.supervised", answer: answer, items: "items",
            tabs: tabs(
                visit, current, .object(totals.mapValues(JSONValue.integer)), states, base: visit.path),
            columns: ["category", "place", "petitioner", "department", "due", "status"],
            extra: ["departments": departments, "show_departments": !departments.isEmpty],
            base: visit.path, query: [("state", current), ("department", department)])
    }
}
