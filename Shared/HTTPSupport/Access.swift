import Foundation
import Hummingbird
import JWTKit
import Logging
import Settings

/// Who staff are to the system (docs/access.md).
public enum StaffRole: String, Codable, Sendable, CaseIterable {
    /// 窗口: registers, records sign-offs, review applications, visits and withdrawals.
    case clerk
    /// 职能部门: handles its own department's work orders only.
    case department
    /// 评审专家: sees and gives opinions on its own panels only.
    case expert
    /// 督办 / 调度: triage, supervision and reports.
    case supervisor
    case admin
}

/// The claims of a staff token (JWT, HS256).
public struct StaffClaims: JWTPayload, Sendable {
    public var sub: SubjectClaim
    public var exp: ExpirationClaim
    /// When it was issued: with `exp`, the token's lifetime, which may not exceed the configured maximum.
    public var iat: IssuedAtClaim?
    public var role: StaffRole
    /// The department a `department` token acts for.
    public var department: String?
    /// The expert code an `expert` token acts as.
    public var expert: String?

    public func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}

/// The authenticated caller of a request.
public struct Staff: Sendable {
    public let name: String
    public let role: StaffRole
    public let department: String?
    public let expert: String?

    /// Who did it, for the timeline: the role, the scope it acts in, and the token's subject
    /// (`clerk:李娜`, `department:urban/王伟`, `expert:e-01/张教授`) — always from the token.
    public var actor: String {
        let scope = department ?? expert
        return "\(role.rawValue):" + (scope.map { "\($0)/" } ?? "") + name
    }
}

/// Issues and checks staff tokens with a secret from configuration
/// (ONEDOOR_AUTH_SECRET). Every refusal is a problem body (401 or 403) and a log line.
public struct Access: Sendable {
    let keys: JWTKeyCollection
    let logger: Logger
    /// ONEDOOR_TOKEN_MAX_HOURS (12 by default, 1–744): the services and `token issue` read it here.
    public static func maximumHours(from settings: EnvironmentSettings) throws -> Int {
        try settings.integer("ONEDOOR_TOKEN_MAX_HOURS", 12, range: 1...744)
    }

    /// The longest lifetime a token may have (`exp - iat`, ONEDOOR_TOKEN_MAX_HOURS, 12 by default).
    public let maximumLifetime: TimeInterval
    /// The one algorithm tokens are signed with; a token naming another is refused.
    static let algorithm = "HS256"

    public init(secret: String?, logger: Logger, maximumHours: Double = 12) async throws {
        guard let secret, secret.count >= 32 else {
            throw ConfigurationError(
                "ONEDOOR_AUTH_SECRET must be set to at least 32 characters: it signs staff tokens "
                    + "(deploy/run makes one in .local/run/auth.key)")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.logger = logger
        maximumLifetime = maximumHours * 3600
    }

    public func issue(
        name: String, role: StaffRole, department: String? = nil, expert: String? = nil, hours: Double = 12
    ) async throws -> String {
        let now = Date()
        return try await keys.sign(
            StaffClaims(
                sub: .init(value: name), exp: .init(value: now.addingTimeInterval(hours * 3600)),
                iat: .init(value: now), role: role, department: department, expert: expert))
    }

    /// The caller, from `Authorization: Bearer <token>`; 401 when absent, malformed, forged or expired.
    public func staff(_ request: Request) async throws -> Staff {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw refuse(request, .unauthorized, "send a staff token: Authorization: Bearer <token>")
        }
        let token = String(header.dropFirst(7))
        if let refusal = Self.headerRefusal(token) {
            throw refuse(request, .unauthorized, "the staff token is refused: \(refusal)")
        }
        do {
            let claims = try await keys.verify(token, as: StaffClaims.self)
            let issued = claims.iat?.value ?? Date()
            guard claims.exp.value.timeIntervalSince(issued) <= maximumLifetime + 60 else {
                throw refuse(
                    request, .unauthorized,
                    "the staff token lives longer than the allowed \(Int(maximumLifetime / 3600)) hours")
            }
            return Staff(
                name: claims.sub.value, role: claims.role, department: claims.department,
                expert: claims.expert)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw refuse(request, .unauthorized, "the staff token is invalid or expired")
        }
    }

    /// Why the token's header is refused, if it is: an algorithm other than the configured one,
    /// or a `crit` extension this verifier does not know (RFC 7515 §4.1.11: it must then refuse).
    static func headerRefusal(_ token: String) -> String? {
        guard let encoded = token.split(separator: ".", omittingEmptySubsequences: false).first,
            let data = Data(base64URLEncoded: String(encoded)),
            let header = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return "its header is not valid" }
        guard header["alg"] as? String == algorithm else { return "the algorithm must be \(algorithm)" }
        if header["crit"] != nil { return "it names critical extensions this service does not know" }
        return nil
    }

    /// The caller, who must have one of `roles` (admins always may); 403 otherwise. The caller is
    /// the one `AccessMiddleware` authenticated for this request; the token is not checked twice.
    @discardableResult
    public func require(_ roles: Set<StaffRole>, adminMay: Bool = true) throws -> Staff {
        guard let staff = Caller.current?.staff else {
            throw refuse(.unauthorized, "send a staff token: Authorization: Bearer <token>")
        }
        guard (adminMay && staff.role == .admin) || roles.contains(staff.role) else {
            throw refuse(
                .forbidden,
                "a \(staff.role.rawValue) may not do this (allowed: \(roles.map(\.rawValue).sorted().joined(separator: ", ")))",
                staff: staff)
        }
        // Fail closed: a role that acts within a scope and names none may do nothing.
        if staff.role == .department, staff.department?.isEmpty ?? true {
            throw refuse(.forbidden, "a department token must name its department", staff: staff)
        }
        if staff.role == .expert, staff.expert?.isEmpty ?? true {
            throw refuse(.forbidden, "an expert token must name the expert", staff: staff)
        }
        return staff
    }

    /// A 403 for a caller whose role fits but whose scope does not (another department's case, another panel).
    public func outOfScope(_ staff: Staff, _ detail: String) -> Problem {
        refuse(.forbidden, detail, staff: staff)
    }

    /// A 404 for a case the caller may not see: the same answer as for a case that does not
    /// exist, so a refusal never tells that a case exists (the reason is logged, not sent).
    public func notVisible(_ staff: Staff, caseNumber: String, _ reason: String) -> Problem {
        _ = refuse(.notFound, reason, staff: staff)
        return Problem(status: .notFound, detail: "no case \(caseNumber.prefix(40))")
    }

    func refuse(_ status: HTTPResponse.Status, _ detail: String, staff: Staff? = nil) -> Problem {
        logRefusal(Caller.current?.method ?? "?", Caller.current?.path ?? "?", status, detail, staff: staff)
        return Problem(status: status, detail: detail)
    }

    func refuse(_ request: Request, _ status: HTTPResponse.Status, _ detail: String) -> Problem {
        logRefusal("\(request.method)", request.uri.path, status, detail, staff: nil)
        return Problem(status: status, detail: detail)
    }

    func logRefusal(
        _ method: String, _ path: String, _ status: HTTPResponse.Status, _ detail: String, staff: Staff?
    ) {
        logger.notice(
            "access refused",
            metadata: [
                "status": "\(status.code)", "method": "\(method)", "path": "\(path)",
                "staff": "\(staff?.actor ?? "anonymous")", "reason": "\(detail)",
            ])
    }
}

/// Who is calling in this request, and how (for the refusal log): set by `AccessMiddleware`
/// for every `/api` request, read by the handlers the document generates, which see no
/// Hummingbird request.
public struct Caller: Sendable {
    @TaskLocal public static var current: Caller?

    public let staff: Staff
    let method: String
    let path: String
}

/// The request context of every OneDoor service (the caller is `Caller.current`).
public struct StaffRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}

/// Every `/api` request needs a valid staff token, checked once here; routes then check
/// roles and scope. (Health, metrics and the dashboard page itself carry no case data.)
public struct AccessMiddleware: RouterMiddleware {
    let access: Access

    public init(access: Access) { self.access = access }

    public func handle(
        _ request: Request, context: StaffRequestContext,
        next: (Request, StaffRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        let caller = Caller(
            staff: try await access.staff(request), method: "\(request.method)", path: request.uri.path)
        return try await Caller.$current.withValue(caller) { try await next(request, context) }
    }
}

extension Data {
    /// Base64url without padding (RFC 4648 §5), as JWT segments are written.
    fileprivate init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
