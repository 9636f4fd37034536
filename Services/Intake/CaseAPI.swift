import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Runtime
import Storage

/// `POST /api/v1/cases` registers a case; `GET /api/v1/cases/{caseNumber}` shows it.
struct CaseAPI: Sendable {
    let pool: PostgresPool
    let configuration: ServiceConfiguration

    static let maxBodyBytes = 64 * 1024

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/cases") { request, context in try await self.create(request, context) }
        router.get("/api/v1/cases/:caseNumber") { _, context in try await self.show(context) }
    }

    func create(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw Problem(
                status: .unsupportedMediaType,
                detail: "send the case as application/json (got '\(contentType)')")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            throw Problem(
                status: .contentTooLarge, detail: "the body must be at most \(Self.maxBodyBytes) bytes")
        }
        let registration = try Self.decode(body)
        let problems = registration.problems()
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        let key = try Self.idempotencyKey(request)
        let fingerprint = String(decoding: try ContractCoding.encode(registration), as: UTF8.self)
        let fault = configuration.fault

        let registered: CaseRegistry.Registered
        do {
            registered = try await registerOnce(registration, key: key, fingerprint: fingerprint)
        } catch let error as PostgresError
            where error.isUniqueViolation && error.constraint == "idempotency_keys_pkey"
        {
            // A concurrent request with the same key won the race: this one returns its case.
            registered = try await registerOnce(registration, key: key, fingerprint: fingerprint)
        } catch is CaseRegistry.IdempotencyKeyReused {
            throw Problem.invalid([
                FieldProblem(field: "Idempotency-Key", problem: "was already used for a different request")
            ])
        } catch let error as CaseRegistry.UnknownCategory {
            throw Problem.invalid([
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
                caseNumber: registered.caseNumber, status: CaseStatus.registered.rawValue,
                registeredAt: registered.registeredAt, href: "/api/v1/cases/\(registered.caseNumber)"),
            status: .created, headers: headers)
    }

    func registerOnce(_ registration: Registration, key: String?, fingerprint: String) async throws
        -> CaseRegistry.Registered
    {
        try await pool.withConnection { connection in
            try connection.transaction { transaction in
                let registered = try CaseRegistry.register(
                    registration, idempotencyKey: key, requestFingerprint: fingerprint,
                    actor: "intake:window",
                    on: transaction)
                if !registered.replayed {
                    let event = CaseRegistered(
                        caseId: registered.caseId, caseNumber: registered.caseNumber,
                        category: registration.category,
                        channel: registration.channel, town: registration.location.town,
                        registeredAt: registered.registeredAt)
                    try Outbox.enqueue(
                        producer: "intake", exchange: Exchanges.events, routingKey: CaseRegistered.type,
                        type: CaseRegistered.type, body: event, on: transaction)
                }
                return registered
            }
        }
    }

    func show(_ context: BasicRequestContext) async throws -> Response {
        let caseNumber = context.parameters.get("caseNumber") ?? ""
        guard caseNumber.count <= 32,
            caseNumber.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw Problem(status: .badRequest, detail: "'\(caseNumber.prefix(40))' is not a case number")
        }
        let view = try await pool.withConnection(retryOnLostConnection: true) {
            try CaseView.load(caseNumber: caseNumber, on: $0)
        }
        guard let view else { throw Problem(status: .notFound, detail: "no case \(caseNumber)") }
        return try .json(view)
    }

    static func decode(_ body: ByteBuffer) throws -> Registration {
        let data = Data(buffer: body)
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw Problem(status: .badRequest, detail: "the body is not valid JSON")
        }
        guard let fields = object as? [String: Any] else {
            throw Problem(status: .badRequest, detail: "the body must be a JSON object")
        }
        // Name every missing field at once, not only the first the decoder meets.
        let missing = Self.missingFields(in: fields)
        guard missing.isEmpty else {
            throw Problem.invalid(missing.map { FieldProblem(field: $0, problem: "is required") })
        }
        let decoder = JSONDecoder()
        do {
            return try decoder.decode(Registration.self, from: data)
        } catch let error as DecodingError {
            let field = DecodingProblem.field(error)
            var message = DecodingProblem.describe(error)
            if field == "channel" {
                message =
                    "channel: must be one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            if field == "body" { throw Problem(status: .badRequest, detail: "the body is not valid JSON") }
            let problem = String(message.dropFirst(field.count + 2))
            throw Problem.invalid([FieldProblem(field: field, problem: problem)])
        }
    }

    static func missingFields(in object: [String: Any]) -> [String] {
        let required: [(String, [String])] = [
            ("channel", []), ("petitioner", ["name", "phone"]), ("facts", []), ("demand", []),
            ("category", []),
            ("location", ["town"]),
        ]
        var missing: [String] = []
        for (key, nested) in required {
            guard let value = object[key], !(value is NSNull) else {
                missing.append(key)
                continue
            }
            guard let inner = value as? [String: Any] else { continue }  // the decoder names the type error
            missing += nested.filter { inner[$0] == nil || inner[$0] is NSNull }.map { "\(key).\($0)" }
        }
        return missing
    }

    static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard !key.isEmpty, key.count <= 255, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw Problem.invalid([
                FieldProblem(field: "Idempotency-Key", problem: "must be 1 to 255 visible ASCII characters")
            ])
        }
        return key
    }
}

/// The 201 answer to a registration.
struct RegistrationReceipt: Codable, Sendable {
    let caseNumber: String
    let status: String
    let registeredAt: Date
    let href: String
}
