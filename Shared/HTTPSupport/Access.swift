import Accounts
import CaseModel
import CaseStore
import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import Logging
import Settings

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
    /// The account's login, or an operator-issued token's subject.
    public let name: String
    public let role: StaffRole
    public let department: String?
    public let expert: String?
    /// A town-level centre's staff act on this town's cases only.
    public let town: String?
    /// The account, when the caller signed in (or uses an API key); nil for an operator-issued token.
    public let account: StaffAccount?

    public init(
        name: String, role: StaffRole, department: String? = nil, expert: String? = nil, town: String? = nil,
        account: StaffAccount? = nil
    ) {
        self.name = name
        self.role = role
        self.department = department
        self.expert = expert
        self.town = town
        self.account = account
    }

    init(account: StaffAccount) {
        self.init(
            name: account.login, role: account.role, department: account.department, expert: account.expert,
            town: account.town, account: account)
    }

    /// Whether the caller may see a case of `town` (district-level staff see every town).
    public func covers(town caseTown: String) -> Bool {
        town == nil || town == caseTown
    }

    /// Who did it, for the timeline: the role, the scope it acts in, and the account's login or
    /// the token's subject (`clerk:lina`, `department:urban/wangwei`, `clerk:李娜`) — always from
    /// the caller's credential, never from a request body.
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
    /// Sessions and API keys of staff accounts; nil where only operator-issued tokens are known.
    let callers: AccountCallers?
    /// Checks the person's address the workbench vouches for.
    let forwardedClient: ForwardedClient
    /// The session cookie a browser sends (docs/access.md).
    public static let cookieName = "onedoor_session"
    /// ONEDOOR_TOKEN_MAX_HOURS (12 by default, 1–744): the services and `token issue` read it here.
    public static func maximumHours(from settings: EnvironmentSettings) throws -> Int {
        try settings.integer("ONEDOOR_TOKEN_MAX_HOURS", 12, range: 1...744)
    }

    /// The longest lifetime a token may have (`exp - iat`, ONEDOOR_TOKEN_MAX_HOURS, 12 by default).
    public let maximumLifetime: TimeInterval
    /// The one algorithm tokens are signed with; a token naming another is refused.
    static let algorithm = "HS256"

    public init(secret: String?, logger: Logger, maximumHours: Double = 12, callers: AccountCallers? = nil)
        async throws
    {
        guard let secret, secret.count >= 32 else {
            throw ConfigurationError(
                "ONEDOOR_AUTH_SECRET must be set to at least 32 characters: it signs staff tokens "
                    + "(deploy/run makes one in .local/run/auth.key)")
        }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.logger = logger
        self.callers = callers
        forwardedClient = ForwardedClient(secret: secret)
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

    /// The caller, from `Authorization: Bearer <token or key>` or the session cookie; 401 when
    /// absent, malformed, forged, expired, signed out or revoked.
    public func staff(_ request: Request) async throws -> Staff {
        guard let token = Self.credential(request) else {
            throw refuse(request, .unauthorized, "send a staff token: Authorization: Bearer <token>")
        }
        if Credential.isOurs(token) { return try await accountHolder(token, request) }
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

    /// The account a session token or API key belongs to, while it still signs in.
    func accountHolder(_ secret: String, _ request: Request) async throws -> Staff {
        guard let callers, let account = try await callers.account(presenting: secret) else {
            throw refuse(
                request, .unauthorized, "the session has ended or the key is not valid: sign in again")
        }
        return Staff(account: account)
    }

    /// What the request presents: the bearer token, else the session token of the cookie.
    static func credential(_ request: Request) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst(7))
        }
        return sessionCookie(request)
    }

    /// The session token the request presents, as bearer or cookie (signing out ends it).
    static func session(_ request: Request) -> String? {
        credential(request).flatMap { $0.hasPrefix(Credential.sessionPrefix) ? $0 : nil }
    }

    /// The session token in the `onedoor_session` cookie, if the request has one.
    static func sessionCookie(_ request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for pair in field.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                if parts.count == 2, parts[0] == cookieName, Credential.isOurs(parts[1]) { return parts[1] }
            }
        }
        return nil
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
        guard let caller = Caller.current, let staff = caller.staff else {
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

    /// A department handler sees only their own department's `what` (work orders, supervision);
    /// a supervisor or an admin any department's.
    public func requireOwnDepartment(_ staff: Staff, _ code: String, _ what: String) throws {
        if staff.role == .department, staff.department != code {
            throw outOfScope(staff, "a department sees only its own \(what)")
        }
    }

    /// A town-level caller acts on that town's cases only; any other case is answered as one
    /// that does not exist (404).
    public func requireTown(_ staff: Staff, of caseRef: CaseRef) throws {
        guard staff.covers(town: caseRef.town) else {
            throw notVisible(
                staff, caseNumber: caseRef.number, "case \(caseRef.number) is outside \(staff.town ?? "")")
        }
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
/// Hummingbird request. `staff` is nil only while signing in.
public struct Caller: Sendable {
    @TaskLocal public static var current: Caller?

    public let staff: Staff?
    /// The session token the caller presented (bearer or cookie), so signing out can end it.
    public let session: String?
    let method: String
    let path: String
    /// The client's address: the last of X-Forwarded-For (the one our gateway added), else the peer's.
    public let client: String
}

/// The request context of every OneDoor service (the caller is `Caller.current`).
public struct StaffRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address (the gateway's, behind it), for the sign-in log.
    public let peer: String

    public init(source: Source) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "?"
    }
}

/// Every `/api` request needs a valid staff token, checked once here; routes then check
/// roles and scope. (Health, metrics and the dashboard page itself carry no case data.)
public struct AccessMiddleware: RouterMiddleware {
    let access: Access
    /// POST paths answered without a staff credential: they authenticate otherwise (the SMS
    /// provider's signed callback).
    let openPaths: Set<String>

    public init(access: Access, openPaths: Set<String> = []) {
        self.access = access
        self.openPaths = openPaths
    }

    static let signIn = "/api/v1/session"

    public func handle(
        _ request: Request, context: StaffRequestContext,
        next: (Request, StaffRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        // Signing in is the one API request made before there is a credential.
        let signingIn = request.method == .post && request.uri.path == Self.signIn
        if request.method == .post, openPaths.contains(request.uri.path) {
            let caller = Caller(
                staff: nil, session: nil, method: "\(request.method)", path: request.uri.path,
                client: ForwardedClient.gatewaySeen(request.headers) ?? context.peer)
            return try await Caller.$current.withValue(caller) { try await next(request, context) }
        }
        let forwarded = ForwardedClient.gatewaySeen(request.headers)
        // A request the workbench makes for a person: their own address, if the workbench vouches for it.
        let credential = request.headers[.authorization].map { String($0.trimmingPrefix("Bearer ")) } ?? ""
        let vouched = access.forwardedClient.client(
            from: request.headers[HTTPField.Name(ForwardedClient.headerName)!], credential: credential)
        let caller = Caller(
            staff: signingIn ? nil : try await access.staff(request), session: Access.session(request),
            method: "\(request.method)",
            path: request.uri.path, client: vouched ?? forwarded ?? context.peer)
        return try await Caller.$current.withValue(caller) { try await next(request, context) }
    }
}
