import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPSupport
import HTTPTypes
import Hosting
import Hummingbird
import Reliability
import Storage

/// `POST /api/v1/cases` registers a case; `GET /api/v1/cases/{caseNumber}` shows it.
struct CaseAPI: Sendable {
    let pool: PostgresPool
    /// Test hook (ONEDOOR_FAULT).
    let fault: String?
    let rules: HandlingRules
    let identity: IdentityKey
    let access: Access

    func register(on router: Router<StaffRequestContext>) {
        router.post("/api/v1/cases") { request, context in
            let staff = try await access.require(request, context, [.clerk])
            return try await self.create(request, context, by: staff)
        }
        router.get("/api/v1/cases/:caseNumber") { request, context in
            let staff = try await access.require(request, context, [.clerk, .supervisor, .department])
            return try await self.show(request, staff, context)
        }
        router.post("/api/v1/cases/:caseNumber/withdrawal") { request, context in
            let staff = try await access.require(request, context, [.clerk])
            return try await self.withdraw(request, context, by: staff)
        }
    }

    func create(_ request: Request, _ context: StaffRequestContext, by staff: Staff) async throws -> Response
    {
        let (registration, structural) = try await Self.decode(request)
        // Every bad field at once: the body's, the content's, and an unknown category.
        var problems = structural
        let reported = { (field: String) in
            structural.contains { field == $0.field || field.hasPrefix($0.field + ".") }
        }
        problems += registration.problems().filter { !reported($0.field) }
        // Only to name it beside other problems: a body that is otherwise fine has its category
        // checked by the registration itself (UnknownCategory), with no extra round trip.
        if !problems.isEmpty, !reported("category"), !registration.category.isEmpty,
            !(try await categoryExists(registration.category))
        {
            problems.append(
                FieldProblem(
                    field: "category", problem: "unknown category '\(registration.category.prefix(64))'"))
        }
        guard problems.isEmpty else { throw DomainRefusal.invalid(problems) }
        let key = try Self.idempotencyKey(request)
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
        context.logger.info(
            "case registered",
            metadata: ["caseNumber": "\(registered.caseNumber)", "replayed": "\(registered.replayed)"])
        var headers: HTTPFields = [.location: "/api/v1/cases/\(registered.caseNumber)"]
        if registered.replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return try .json(
            RegistrationReceipt(
                caseNumber: registered.caseNumber,
                status: (registration.resolvedOnSpot == nil ? CaseStatus.registered : .followUp).rawValue,
                registeredAt: registered.registeredAt, href: "/api/v1/cases/\(registered.caseNumber)"),
            status: .created, headers: headers)
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
    func withdraw(_ request: Request, _ context: StaffRequestContext, by staff: Staff) async throws
        -> Response
    {
        let withdrawal = try await JSONBody.decode(Withdrawal.self, from: request, required: ["reason"])
        try DomainRefusal.requireText(withdrawal.reason, field: "reason", max: 2000)
        let reason = withdrawal.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let caseNumber = context.parameters.get("caseNumber") ?? ""
        let status = try await pool.withConnection { connection in
            try connection.transaction { transaction in
                let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
                return try CaseTransitions.apply(
                    .withdraw, to: caseRef, actor: staff.actor, reason: "on the petitioner's word: \(reason)",
                    on: transaction)
            }
        }
        return try ActionReceipt(caseNumber: caseNumber, status: status.rawValue).response()
    }

    /// A department's handler sees only cases that have (or had) a work order for their department.
    func show(_ request: Request, _ staff: Staff, _ context: StaffRequestContext) async throws -> Response {
        let caseNumber = context.parameters.get("caseNumber") ?? ""
        guard caseNumber.count <= 32,
            caseNumber.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw Problem(status: .badRequest, detail: "'\(caseNumber.prefix(40))' is not a case number")
        }
        let view = try await pool.withConnection(retryOnLostConnection: true) {
            try CaseView.load(caseNumber: caseNumber, on: $0)
        }
        guard let view else { throw DomainRefusal.notFound("no case \(caseNumber)") }
        if staff.role == .department, !view.workOrders.contains(where: { $0.department == staff.department })
        {
            throw access.notVisible(
                request, staff, caseNumber: caseNumber,
                "case \(caseNumber) has no work order for your department")
        }
        return try .json(view)
    }

    func categoryExists(_ code: String) async throws -> Bool {
        try await pool.withConnection(retryOnLostConnection: true) {
            try ReferenceLookups.categoryExists(code, on: $0)
        }
    }

    static func decode(_ request: Request) async throws -> (Registration, [FieldProblem]) {
        let required = [
            "channel", "petitioner", "petitioner.name", "petitioner.phone", "facts", "demand", "category",
            "location", "location.town",
        ]
        return try await JSONBody.decodeCollecting(Registration.self, from: request, required: required)
    }

    static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard !key.isEmpty, key.count <= 255, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw DomainRefusal.invalid([
                FieldProblem(field: "Idempotency-Key", problem: "must be 1 to 255 visible ASCII characters")
            ])
        }
        return key
    }
}

struct Withdrawal: Codable, Sendable {
    var reason: String
}

/// The 201 answer to a registration.
struct RegistrationReceipt: Codable, Sendable {
    let caseNumber: String
    let status: String
    let registeredAt: Date
    let href: String
}
