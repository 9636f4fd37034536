import Accounts
import CaseModel
import Foundation
import Hummingbird
import OpenAPIRuntime
import Reliability
import Storage

/// An RFC 9457 problem (`application/problem+json`): what every 4xx/5xx body is.
public struct Problem: Error, Codable, Sendable, CustomStringConvertible {
    public let type: String
    public let title: String
    public let status: Int
    public let detail: String
    /// Which fields are wrong and how, when the request body is at fault.
    public let errors: [FieldProblem]?
    /// Seconds until a retry may succeed (`Retry-After`; a locked account's remaining time).
    public var retryAfter: Int?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
    }

    public init(
        status: HTTPResponse.Status, detail: String, errors: [FieldProblem]? = nil, retryAfter: Int? = nil
    ) {
        self.type = "about:blank"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.errors = errors
        self.retryAfter = retryAfter
    }

    /// Also the dead-letter reason when the same rule refuses an AMQP message.
    public var description: String {
        let fields = (errors ?? []).map { "\($0.field): \($0.problem)" }
        return fields.isEmpty ? detail : fields.joined(separator: "; ")
    }

    public static func invalid(_ errors: [FieldProblem]) -> Problem {
        Problem(refusal: .invalid(errors))
    }

    /// The HTTP form of a domain refusal.
    public init(refusal: DomainRefusal) {
        let status: HTTPResponse.Status =
            switch refusal.kind {
            case .conflict: .conflict
            case .invalidFields: .unprocessableContent
            case .notFound: .notFound
            case .forbidden: .forbidden
            }
        self.init(
            status: status, detail: refusal.detail,
            errors: refusal.kind == .invalidFields ? refusal.fields : nil)
    }

    /// The HTTP form of a refused sign-in: 401, 423 with `Retry-After`, or 403.
    public init(signIn refusal: SignInRefusal) {
        switch refusal {
        case .wrongCredentials: self.init(status: .unauthorized, detail: refusal.description)
        case .locked:
            self.init(
                status: .init(code: 423, reasonPhrase: "Locked"), detail: refusal.description,
                retryAfter: refusal.secondsLeft)
        case .disabled: self.init(status: .forbidden, detail: refusal.description)
        }
    }

    public var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == 401 { headers[.wwwAuthenticate] = "Bearer realm=\"onedoor\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(
            status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every error thrown by a route (and unmatched routes) into a problem body. Errors
/// from the generated handlers arrive wrapped in `ServerError`: its underlying error is answered.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    )
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return answer(error, request, context)
        }
    }

    func answer(_ error: any Error, _ request: Request, _ context: Context) -> Response {
        switch error {
        case let problem as Problem:
            return problem.response
        case let refusal as DomainRefusal:
            return Problem(refusal: refusal).response
        case let refusal as SignInRefusal:
            return Problem(signIn: refusal).response
        case let error as IllegalTransition:
            return Problem(status: .conflict, detail: error.description).response
        case let error as CaseNotFound:
            return Problem(status: .notFound, detail: error.description).response
        case let error as PostgresError where error.isTransient:
            context.logger.warning("database unavailable", metadata: ["error": "\(error)"])
            var response = Problem(
                status: .serviceUnavailable, detail: "the database is unavailable; retry shortly"
            )
            .response
            response.headers[.retryAfter] = "1"
            return response
        case let error as HTTPError:
            let detail = error.body ?? error.status.reasonPhrase
            return Problem(status: error.status, detail: detail).response
        case let error as ServerError:
            if error.underlyingError is ServerError || Self.isOurs(error.underlyingError) {
                return answer(error.underlyingError, request, context)
            }
            if let decoding = error.underlyingError as? DecodingError {
                // What the request check let through and the generated decoder still refused.
                return Problem.invalid([
                    FieldProblem(
                        field: DecodingProblem.field(decoding),
                        problem: String(DecodingProblem.describe(decoding).drop { $0 != ":" }.dropFirst(2)))
                ]).response
            }
            if error.httpStatus.code < 500 {
                return Problem(status: error.httpStatus, detail: error.causeDescription).response
            }
            return internalError(error.underlyingError, request, context)
        default:
            return internalError(error, request, context)
        }
    }

    static func isOurs(_ error: any Error) -> Bool {
        error is Problem || error is DomainRefusal || error is SignInRefusal || error is IllegalTransition
            || error is CaseNotFound
            || error is PostgresError || error is HTTPError
    }

    func internalError(_ error: any Error, _ request: Request, _ context: Context) -> Response {
        context.logger.error(
            "request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
        return Problem(status: .internalServerError, detail: "internal error; see the service log").response
    }
}

extension Response {
    /// A JSON response with ISO 8601 dates.
    public static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    )
        throws -> Response
    {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(
            status: status, headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
