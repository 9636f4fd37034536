import Foundation
import Hummingbird
import JWTKit
import Logging

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

    public var actor: String { "\(role.rawValue):\(name)" }
}

/// Issues and checks staff tokens with a secret from configuration
/// (ONEDOOR_AUTH_SECRET). Every refusal is a problem body (401 or 403) and a log line.
public struct Access: Sendable {
    let keys: JWTKeyCollection
    let logger: Logger

    public init(secret: String?, logger: Logger) async throws {
        guard let secret, secret.count >= 32 else {
            throw ConfigurationError(
                "ONEDOOR_AUTH_SECRET must be set to at least 32 characters: it signs staff tokens "
                    + "(deploy/run makes one in .local/run/auth.key)")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.logger = logger
    }

    public func issue(
        name: String, role: StaffRole, department: String? = nil, expert: String? = nil, hours: Double = 12
    ) async throws -> String {
        try await keys.sign(
            StaffClaims(
                sub: .init(value: name), exp: .init(value: Date().addingTimeInterval(hours * 3600)),
                role: role,
                department: department, expert: expert))
    }

    /// The caller, from `Authorization: Bearer <token>`; 401 when absent, malformed, forged or expired.
    public func staff(_ request: Request) async throws -> Staff {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw refuse(request, .unauthorized, "send a staff token: Authorization: Bearer <token>")
        }
        do {
            let claims = try await keys.verify(String(header.dropFirst(7)), as: StaffClaims.self)
            return Staff(
                name: claims.sub.value, role: claims.role, department: claims.department,
                expert: claims.expert)
        } catch {
            throw refuse(request, .unauthorized, "the staff token is invalid or expired")
        }
    }

    /// The caller, who must have one of `roles` (admins always may); 403 otherwise. The caller is
    /// the one `AccessMiddleware` authenticated for this request; the token is not checked twice.
    @discardableResult
    public func require(_ request: Request, _ context: StaffRequestContext, _ roles: Set<StaffRole>)
        async throws
        -> Staff
    {
        let staff: Staff
        if let known = context.staff { staff = known } else { staff = try await self.staff(request) }
        guard staff.role == .admin || roles.contains(staff.role) else {
            throw refuse(
                request, .forbidden,
                "a \(staff.role.rawValue) may not do this (allowed: \(roles.map(\.rawValue).sorted().joined(separator: ", ")))",
                staff: staff)
        }
        return staff
    }

    /// A 403 for a caller whose role fits but whose scope does not (another department's case, another panel).
    public func outOfScope(_ request: Request, _ staff: Staff, _ detail: String) -> Problem {
        refuse(request, .forbidden, detail, staff: staff)
    }

    func refuse(_ request: Request, _ status: HTTPResponse.Status, _ detail: String, staff: Staff? = nil)
        -> Problem
    {
        logger.notice(
            "access refused",
            metadata: [
                "status": "\(status.code)", "method": "\(request.method)", "path": "\(request.uri.path)",
                "staff": "\(staff?.actor ?? "anonymous")", "reason": "\(detail)",
            ])
        return Problem(status: status, detail: detail)
    }
}

/// The request context of every OneDoor service: Hummingbird's core, plus the staff
/// member `AccessMiddleware` authenticated.
public struct StaffRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var staff: Staff?

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
        var context = context
        if request.uri.path.hasPrefix("/api/") { context.staff = try await access.staff(request) }
        return try await next(request, context)
    }
}
