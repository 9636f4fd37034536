import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import HTTPTypes
import Hummingbird
import WebPages

/// 查询页: the petitioner's pages — find the case (number and query code), see where it stands,
/// and, with a one-time code sent by SMS, sign off the answer, contest a sign-off recorded for
/// them, or apply for expert review. Plain forms, no script.
struct StatusPages: Sendable {
    let site: PublicSite
    let desk: StatusDesk
    let minimumExperts: Int

    func register(on router: Router<StaffRequestContext>) {
        router.get("/") { request, context in
            let visit = site.visit(request, peer: context.peer)
            return site.page("lookup", [:], visit)
        }
        router.post("/") { request, context in
            try await lookup(request, site.visit(request, peer: context.peer))
        }
        router.get("/case") { request, context in
            let visit = site.visit(request, peer: context.peer)
            guard let caseId = visit.caseId else { return sessionEnded(visit) }
            let sent = request.uri.queryParameters.get("sent")
            let done = request.uri.queryParameters.get("done")
            let notice =
                sent != nil
                ? site.catalogue.text(visit.language, "actions.code_sent")
                : done.flatMap {
                    ["signed", "reviewed", "contested"].contains($0)
                        ? site.catalogue.text(visit.language, "actions.\($0)") : nil
                }
            return try await statusPage(caseId, visit, notice: notice)
        }
        router.post("/case/code") { request, context in
            try await requestCode(request, site.visit(request, peer: context.peer))
        }
        for purpose in OneTimeCodes.Purpose.allCases {
            router.post(RouterPath(stringLiteral: "/case/\(purpose.rawValue)")) { request, context in
                try await confirm(purpose, request, site.visit(request, peer: context.peer))
            }
        }
        router.post("/signout") { request, context in
            let visit = site.visit(request, peer: context.peer)
            guard try await site.postedForm(request, visit) != nil else { return site.refusedForm(visit) }
            return site.redirect("/", cookies: [site.cookie(PetitionerSession.cookieName, "", maxAge: 0)])
        }
        router.post("/language") { request, context in
            let visit = site.visit(request, peer: context.peer)
            guard let form = try await site.postedForm(request, visit) else { return site.refusedForm(visit) }
            let language = Language(cookie: form["lang"])
            let back = form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
            return site.redirect(
                back, cookies: [site.cookie("onedoor_lang", language.rawValue, maxAge: 86_400 * 365)])
        }
    }

    /// Any other address (registered last): a page that says so, in the petitioner's language.
    func registerNotFound(on router: Router<StaffRequestContext>) {
        router.get("**") { request, context in
            if request.uri.path.hasPrefix("/api/") {
                throw Problem(status: .notFound, detail: "no such path: \(request.uri.path.prefix(100))")
            }
            return site.message("app.not_found", site.visit(request, peer: context.peer), status: .notFound)
        }
    }

    func sessionEnded(_ visit: PublicSite.Visit) -> Response {
        site.page(
            "lookup", ["notice": site.catalogue.text(visit.language, "app.session_ended")], visit,
            status: .unauthorized)
    }

    func lookup(_ request: Request, _ visit: PublicSite.Visit) async throws -> Response {
        guard let form = try await site.postedForm(request, visit) else { return site.refusedForm(visit) }
        let number = form.text("caseNumber") ?? ""
        let code = form.text("code") ?? ""
        var errors: [String: String] = [:]
        let required = site.catalogue.text(visit.language, "lookup.required")
        if number.isEmpty { errors["caseNumber"] = required }
        if code.isEmpty { errors["code"] = required }
        guard errors.isEmpty else {
            return site.page(
                "lookup", ["caseNumber": number, "errors": errors], visit, status: .unprocessableContent)
        }
        switch try await desk.lookup(caseNumber: number, code: code, client: visit.client) {
        case .limited(let seconds):
            return site.page(
                "lookup",
                [
                    "caseNumber": number,
                    "error": site.catalogue.text(
                        visit.language, "app.limited", ["minutes": String((seconds + 59) / 60)]),
                ],
                visit, status: .tooManyRequests, headers: [.retryAfter: String(seconds)])
        case .notFound:
            return site.page(
                "lookup",
                [
                    "caseNumber": number,
                    "errors": ["code": site.catalogue.text(visit.language, "lookup.wrong")],
                ],
                visit, status: .unprocessableContent)
        case .found(let caseId):
            return site.redirect(
                "/case",
                cookies: [
                    site.cookie(
                        PetitionerSession.cookieName, site.session.cookie(caseId: caseId),
                        maxAge: Int(site.session.lifetime))
                ])
        }
    }

    func status(_ caseId: String, _ visit: PublicSite.Visit) async throws -> PetitionerStatus? {
        let catalogue = site.catalogue
        let language = visit.language
        return try await desk.status(caseId: caseId, english: language == .english) {
            catalogue.text(language, "stage.\($0)")
        }
    }

    func requestCode(_ request: Request, _ visit: PublicSite.Visit) async throws -> Response {
        guard let form = try await site.postedForm(request, visit) else { return site.refusedForm(visit) }
        guard let caseId = visit.caseId else { return sessionEnded(visit) }
        guard let purpose = form["purpose"].flatMap(OneTimeCodes.Purpose.init(rawValue:)),
            let status = try await status(caseId, visit)
        else { return site.message("app.not_found", visit, status: .notFound) }
        guard status.actions.contains(purpose.rawValue) else {
            return try await statusPage(
                caseId, visit, error: site.catalogue.text(visit.language, "refusal.not_now"), code: .conflict)
        }
        if let wait = try await desk.requestCode(
            caseId: caseId, caseNumber: status.caseNumber, purpose: purpose)
        {
            return try await statusPage(
                caseId, visit,
                error: site.catalogue.text(visit.language, "actions.code_wait", ["seconds": String(wait)]),
                code: .tooManyRequests, headers: [.retryAfter: String(wait)])
        }
        return site.redirect("/case?sent=\(purpose.rawValue)#action-\(purpose.rawValue)")
    }

    /// The step, confirmed by its one-time code; refusals beside the field they concern.
    func confirm(_ purpose: OneTimeCodes.Purpose, _ request: Request, _ visit: PublicSite.Visit) async throws
        -> Response
    {
        guard let form = try await site.postedForm(request, visit) else { return site.refusedForm(visit) }
        guard let caseId = visit.caseId else { return sessionEnded(visit) }
        guard let status = try await status(caseId, visit) else {
            return site.message("app.not_found", visit, status: .notFound)
        }
        let words = { (key: String, values: [String: String]) in
            site.catalogue.text(visit.language, "refusal.\(key)", values)
        }
        let code = form.text("code") ?? ""
        let experts = form.all("experts")
        var errors: [String: String] = [:]
        if code.isEmpty { errors["code"] = words("code_required", [:]) }
        let decision = form["decision"].flatMap(SignOffDecision.init(rawValue:))
        if purpose == .signOff, decision == nil { errors["decision"] = words("decision_required", [:]) }
        if purpose == .review, Set(experts).count < minimumExperts {
            errors["experts"] = words("too_few_experts", ["minimum": String(minimumExperts)])
        }
        guard errors.isEmpty else {
            return try await statusPage(caseId, visit, errors: [purpose.rawValue: errors], checked: experts)
        }
        let refusal: OneTimeCodes.Refusal?
        do {
            switch purpose {
            case .signOff:
                refusal = try await desk.signOff(
                    caseNumber: status.caseNumber, caseId: caseId, decision: decision!, code: code)
            case .contest:
                refusal = try await desk.contest(caseNumber: status.caseNumber, caseId: caseId, code: code)
            case .review:
                refusal = try await desk.applyForReview(
                    caseNumber: status.caseNumber, caseId: caseId, experts: experts, code: code)
            }
        } catch let error as DomainRefusal {
            let (field, message) = refusalWords(error, words)
            return try await statusPage(
                caseId, visit, error: field == nil ? message : nil,
                errors: field.map { [purpose.rawValue: [$0: message]] } ?? [:], checked: experts,
                code: error.kind == .invalidFields ? .unprocessableContent : .conflict)
        } catch is IllegalTransition {
            return try await statusPage(caseId, visit, error: words("not_now", [:]), code: .conflict)
        }
        if let refusal {
            return try await statusPage(
                caseId, visit, errors: [purpose.rawValue: ["code": words("code_\(refusal.rawValue)", [:])]],
                checked: experts, code: .unprocessableContent)
        }
        let done = ["sign_off": "signed", "review": "reviewed", "contest": "contested"][purpose.rawValue]!
        return site.redirect("/case?done=\(done)")
    }

    /// A rule's refusal in the petitioner's words, and the field it belongs beside.
    func refusalWords(_ refusal: DomainRefusal, _ words: (String, [String: String]) -> String) -> (
        String?, String
    ) {
        let text = refusal.description
        if text.contains("review window closed") { return (nil, words("window_closed", [:])) }
        if refusal.kind == .invalidFields {
            if text.contains("conflict of interest") { return ("experts", words("expert_conflict", [:])) }
            if text.contains("unknown experts") || text.contains("not active") {
                return ("experts", words("expert_unavailable", [:]))
            }
            return ("experts", words("too_few_experts", ["minimum": String(minimumExperts)]))
        }
        return (nil, words("other", ["detail": String(text.prefix(200))]))
    }

    func statusPage(
        _ caseId: String, _ visit: PublicSite.Visit, notice: String? = nil, error: String? = nil,
        errors: [String: [String: String]] = [:], checked: [String] = [], code: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) async throws -> Response {
        guard let status = try await status(caseId, visit) else {
            return site.message("app.not_found", visit, status: .notFound)
        }
        let language = visit.language
        let catalogue = site.catalogue
        var context: [String: Any] = [
            "heading": catalogue.text(language, "status.heading", ["caseNumber": status.caseNumber]),
            "caseNumber": status.caseNumber, "status": status.status, "stage": status.stage,
            "petitioner": status.petitioner, "category": status.category,
            "registeredAt": site.time(status.registeredAt, language) ?? "",
        ]
        if let department = status.department { context["department"] = department }
        if let due = site.time(status.dueAt, language) { context["dueAt"] = due }
        if let answer = status.answer {
            var entry: [String: Any] = [
                "outcome": catalogue.term(language, "outcome", answer.outcome), "text": answer.text,
                "answeredAt": site.time(answer.answeredAt, language) ?? "",
            ]
            if let signOff = answer.signOff {
                entry["signOff"] = catalogue.term(language, "sign_off", signOff)
                entry["signedAt"] = site.time(answer.signedAt, language) ?? ""
                if answer.signedOnBehalf == true { entry["onBehalf"] = true }
            }
            if let deadline = site.time(status.reviewDeadline, language) {
                entry["reviewDeadline"] = deadline
            }
            context["answer"] = entry
        }
        if let panel = status.panel {
            var entry: [String: Any] = [
                "members": catalogue.text(
                    language, "status.panel_members", ["members": String(panel.members)])
            ]
            if let conclusion = panel.conclusion {
                entry["conclusion"] = catalogue.term(language, "conclusion", conclusion)
                entry["concludedAt"] = site.time(panel.concludedAt, language) ?? ""
            }
            context["panel"] = entry
        }
        if let agreement = status.agreement {
            var entry: [String: Any] = [
                "form": catalogue.term(language, "agreement_form", agreement.form),
                "concludedOn": DayText.written(agreement.concludedOn, language),
            ]
            if agreement.judicialRequested {
                entry["judicial"] =
                    agreement.judicialDecision.map { catalogue.term(language, "judicial_decision", $0) }
                    ?? catalogue.text(language, "status.judicial_pending")
            }
            context["agreement"] = entry
        }
        if let visitRecord = status.visit {
            var entry: [String: Any] = [:]
            if let visited = site.time(visitRecord.visitedAt, language) { entry["visitedAt"] = visited }
            if let satisfaction = visitRecord.satisfaction {
                entry["satisfaction"] = catalogue.term(language, "satisfaction", satisfaction)
            }
            context["visit"] = entry
        }
        var actions: [[String: Any]] = []
        for action in status.actions {
            var entry: [String: Any] = ["purpose": action, "errors": errors[action] ?? [:]]
            switch action {
            case "sign_off":
                entry["heading"] = catalogue.text(language, "actions.sign_off_heading")
                entry["intro"] = catalogue.text(language, "actions.sign_off_intro")
                entry["submit"] = catalogue.text(language, "actions.sign_off_submit")
                entry["signOff"] = true
            case "contest":
                entry["heading"] = catalogue.text(language, "actions.contest_heading")
                entry["intro"] = catalogue.text(language, "actions.contest_intro")
                entry["submit"] = catalogue.text(language, "actions.contest_submit")
            default:
                entry["heading"] = catalogue.text(language, "actions.review_heading")
                entry["intro"] = catalogue.text(
                    language, "actions.review_intro", ["minimum": String(minimumExperts)])
                entry["submit"] = catalogue.text(language, "actions.review_submit")
                entry["review"] = [
                    "pools": try await desk.experts(ownTown: status.town).map { pool in
                        [
                            "name": language == .english && pool.pool == "city" ? "City pool" : pool.poolName,
                            "experts": pool.experts.map {
                                ["code": $0.code, "name": $0.name, "checked": checked.contains($0.code)]
                                    as [String: Any]
                            },
                        ] as [String: Any]
                    }
                ]
            }
            actions.append(entry)
        }
        if !actions.isEmpty {
            context["actions"] = actions
            context["hasActions"] = true
        }
        if let notice { context["notice"] = notice }
        if let error { context["error"] = error }
        return site.page("status", context, visit, status: code, headers: headers)
    }
}
