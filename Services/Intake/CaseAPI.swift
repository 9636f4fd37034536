import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPSupport
import Hosting
import Logging
import OpenAPIRuntime
import Reliability
import Storage

/// `POST /api/v1/cases` registers a case; `GET /api/v1/cases/{caseNumber}` shows it;
/// `POST /api/v1/cases/{caseNumber}/withdrawal` withdraws it.
struct CaseAPI: APIProtocol {
    let pool: PostgresPool
    /// Test hook (ONEDOOR_FAULT).
    let fault: String?
    let rules: HandlingRules
    let identity: IdentityKey
    let access: Access
    let logger: Logger
    /// 证据材料: the attachment store and what may be attached.
    let evidence: AttachmentDesk

    /// 受理登记 by a window clerk: every bad field at once — the body's, the content's, and an
    /// unknown category — or the case, once per Idempotency-Key.
    func registerCase(_ input: Operations.RegisterCase.Input) async throws -> Operations.RegisterCase.Output {
        let staff = try access.require([.clerk])
        let registration: Registration = try GeneratedAPI.body(input.body)
        var problems = registration.problems()
        // Only to name it beside other problems: a body that is otherwise fine has its category
        // checked by the registration itself (UnknownCategory), with no extra round trip.
        if !(RequestProblems.found + problems).isEmpty, !RequestProblems.named("category"),
            !registration.category.isEmpty, !(try await categoryExists(registration.category))
        {
            problems.append(
                FieldProblem(
                    field: "category", problem: "unknown category '\(registration.category.prefix(64))'"))
        }
        try RequestProblems.check(problems)
        let key = try Self.idempotencyKey(input.headers.idempotencyKey)
        let fingerprint = String(decoding: try ContractCoding.encode(registration), as: UTF8.self)
        let fault = self.fault

        let registered: CaseRegistry.Registered
        do {
            registered = try await registerOnce(registration, key: key, fingerprint: fingerprint, by: staff)
        } catch let error as PostgresError
            where error.isUniqueViolation && error.constraint == "idempotency_keys_pkey"
        {
            // A concurrent request with the same key won the race: this one returns its case.
            registered = try await registerOnce(registration, key: key, fingerprint: fingerprint, by: staff)
        } catch is CaseRegistry.IdempotencyKeyReused {
            throw DomainRefusal.invalid([
                FieldProblem(field: "Idempotency-Key", problem: "was already used for a different request")
            ])
        } catch let error as CaseRegistry.UnknownCategory {
            throw DomainRefusal.invalid([
                FieldProblem(field: "category", problem: "unknown category '\(error.code)'")
            ])
        }
        FaultInjection.crashIfRequested(fault, point: "crash-after-commit:intake-register")
        logger.info(
            "case registered",
            metadata: ["caseNumber": "\(registered.caseNumber)", "replayed": "\(registered.replayed)"])
        let receipt = RegistrationReceipt(
            caseNumber: registered.caseNumber,
            status: (registration.resolvedOnSpot == nil ? CaseStatus.registered : .followUp).rawValue,
            registeredAt: registered.registeredAt, href: "/api/v1/cases/\(registered.caseNumber)",
            queryCode: registered.queryCode)
        return .created(
            .init(
                headers: .init(
                    location: receipt.href, idempotentReplayed: registered.replayed ? ._true : nil),
                body: .json(try GeneratedAPI.convert(receipt))))
    }

    func registerOnce(_ registration: Registration, key: String?, fingerprint: String, by staff: Staff)
        async throws
        -> CaseRegistry.Registered
    {
        try await pool.withConnection { connection in
            try connection.transaction { transaction in
                try CaseIntake.registerAndAnnounce(
                    registration, idempotencyKey: key, fingerprint: fingerprint, actor: staff.actor,
                    identity: identity, repeatWindowDays: rules.repeatWindowDays, on: transaction)
            }
        }
    }

    /// 撤回: the petitioner withdraws the case at any open stage, with a reason; the clerk who
    /// wrote it down is on the record.
    func withdraw(_ input: Operations.Withdraw.Input) async throws -> Operations.Withdraw.Output {
        let staff = try access.require([.clerk])
        let withdrawal: Reasoned = try GeneratedAPI.body(input.body)
        try RequestProblems.check(DomainRefusal.textProblems(withdrawal.reason, field: "reason", max: 2000))
        let reason = withdrawal.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let caseNumber = input.path.caseNumber
        let status = try await pool.withConnection { connection in
            try connection.transaction { transaction in
                let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
                try access.requireTown(staff, of: caseRef)
                return try CaseTransitions.apply(
                    .withdraw, to: caseRef, actor: staff.actor, reason: "on the petitioner's word: \(reason)",
                    on: transaction)
            }
        }
        return .ok(
            .init(
                body: .json(
                    try GeneratedAPI.convert(ActionReceipt(caseNumber: caseNumber, status: status.rawValue))))
        )
    }

    /// A department's handler sees only cases that have (or had) a work order for their department;
    /// an expert only the cases whose answer they review (a panel they sit on).
    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        let staff = try access.require([.clerk, .supervisor, .department, .dispatcher, .followup, .expert])
        let caseNumber = input.path.caseNumber
        guard caseNumber.count <= 32,
            caseNumber.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw Problem(status: .badRequest, detail: "'\(caseNumber.prefix(40))' is not a case number")
        }
        // Reads by people are on the audit (who read which case when).
        let view = try await visibleCase(caseNumber, to: staff, auditRead: true)
        return .ok(.init(body: .json(try GeneratedAPI.convert(view))))
    }

    /// The case as `staff` may see it, read (and the read recorded) on one connection. A case
    /// outside the caller's town, or without a work order of a handler's department, is answered
    /// as one that does not exist.
    func visibleCase(_ caseNumber: String, to staff: Staff, auditRead: Bool) async throws -> CaseView {
        let client = Caller.current?.client ?? "?"
        let found = try await pool.withConnection(retryOnLostConnection: true) {
            connection -> (view: CaseView, hidden: String?)? in
            guard let view = try CaseView.load(caseNumber: caseNumber, on: connection) else { return nil }
            let hidden = Self.hiddenReason(view, from: staff)
            if hidden == nil, auditRead {
                try AccessAudit.recordRead(
                    caseNumber: caseNumber, actor: staff.actor, client: client, on: connection)
            }
            return (view, hidden)
        }
        guard let found else { throw DomainRefusal.notFound("no case \(caseNumber.prefix(40))") }
        if let hidden = found.hidden { throw access.notVisible(staff, caseNumber: caseNumber, hidden) }
        return found.view
    }

    /// Why the case is outside the caller's scope, if it is.
    static func hiddenReason(_ view: CaseView, from staff: Staff) -> String? {
        if !staff.covers(town: view.location.town) {
            return "case \(view.caseNumber) is outside \(staff.town ?? "")"
        }
        // A court department also sees the cases whose agreements were sent to it (司法确认).
        if staff.role == .department, !view.workOrders.contains(where: { $0.department == staff.department }),
            !view.agreements.contains(where: { $0.judicialConfirmation?.court == staff.department })
        {
            return "case \(view.caseNumber) has no work order for your department"
        }
        if staff.role == .expert,
            !view.reviewPanels.contains(where: { $0.members.contains { $0.expert == staff.expert } })
        {
            return "case \(view.caseNumber) has no review panel you sit on"
        }
        return nil
    }

    struct Contact: Codable, Sendable {
        let caseNumber: String
        let name: String
        let phone: String
    }

    /// 查看联系方式: the petitioner's full phone, for whoever must call them — a follow-up caller,
    /// a clerk, a supervisor, or a handler of a department with a work order on the case — opened
    /// only here and only with a reason, recorded on the audit in the same transaction.
    func revealPetitionerContact(_ input: Operations.RevealPetitionerContact.Input) async throws
        -> Operations.RevealPetitionerContact.Output
    {
        let staff = try access.require([.followup, .clerk, .supervisor, .department])
        let request: Reasoned = try GeneratedAPI.body(input.body)
        try RequestProblems.check(DomainRefusal.textProblems(request.reason, field: "reason", max: 500))
        let caseNumber = input.path.caseNumber
        _ = try await visibleCase(caseNumber, to: staff, auditRead: false)
        let (client, identity) = (Caller.current?.client ?? "?", self.identity)
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let contact: (name: String, phone: String)
        do {
            contact = try await pool.withConnection { connection in
                try connection.transaction {
                    try AccessAudit.revealContact(
                        caseNumber: caseNumber, actor: staff.actor, reason: reason, client: client,
                        open: identity.open, on: $0)
                }
            }
        } catch let refusal as DomainRefusal {
            logger.error(
                "petitioner contact not revealed",
                metadata: ["caseNumber": "\(caseNumber)", "why": "\(refusal)"])
            throw refusal
        }
        logger.notice(
            "petitioner contact revealed",
            metadata: ["caseNumber": "\(caseNumber)", "staff": "\(staff.actor)"])
        return .ok(
            .init(
                body: .json(
                    try GeneratedAPI.convert(
                        Contact(caseNumber: caseNumber, name: contact.name, phone: contact.phone)))))
    }

    func categoryExists(_ code: String) async throws -> Bool {
        try await pool.withConnection(retryOnLostConnection: true) {
            try ReferenceLookups.categoryExists(code, on: $0)
        }
    }

    static func idempotencyKey(_ key: String?) throws -> String? {
        guard let key else { return nil }
        guard !key.isEmpty, key.count <= 255, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw DomainRefusal.invalid([
                FieldProblem(field: "Idempotency-Key", problem: "must be 1 to 255 visible ASCII characters")
            ])
        }
        return key
    }
}

/// A request whose body is its reason (a withdrawal, a reveal of the petitioner's contact).
struct Reasoned: Codable, Sendable {
    var reason: String
}

/// The 201 answer to a registration.
struct RegistrationReceipt: Codable, Sendable {
    let caseNumber: String
    let status: String
    let registeredAt: Date
    let href: String
    /// 查询码, printed on the receipt.
    let queryCode: String?
}
