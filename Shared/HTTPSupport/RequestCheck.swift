import CaseModel
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Checks every request against its operation in the document before the generated decoder
/// sees it, and answers garbage as the rest of the API does: 415 not JSON, 413 too large, 400
/// unparseable or not an object, and — together with the domain's checks, see `RequestProblems`
/// — 422 naming every missing, mistyped, out-of-set, out-of-range, repeated or control-character
/// field and query parameter at once. (Generated decoding alone stops at the first.)
public struct RequestCheck: ServerMiddleware {
    public static let maxBodyBytes = 64 * 1024
    let document: OpenAPIDocument

    public init(document: OpenAPIDocument = .bundled) { self.document = document }

    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next:
            @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            )
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let operation = document.operations[operationID] else {
            return try await next(request, body, metadata)
        }
        var request = request
        var problems = Self.checkQuery(&request, operation.query)
        var checkedBody = body
        if let schema = operation.body {
            let data = try await Self.collect(request, body)
            let (value, bodyProblems, repaired) = try Self.check(data, schema)
            problems += bodyProblems
            // The body as sent, unless it had problems or a whole number had to be put in.
            checkedBody = HTTPBody(repaired ? try JSONEncoder().encode(value) : data)
        }
        let pending = RequestProblems(FieldProblems.distinct(problems))
        let answer = try await RequestProblems.$current.withValue(pending) {
            try await next(request, checkedBody, metadata)
        }
        // A handler that never looked at the problems must not answer as if there were none.
        guard pending.wereAnswered || pending.found.isEmpty else {
            throw UncheckedProblems(operationID: operationID)
        }
        return answer
    }

    struct UncheckedProblems: Error, CustomStringConvertible {
        let operationID: String
        var description: String {
            "\(operationID) did not answer its request's problems (RequestProblems.check)"
        }
    }

    static func collect(_ request: HTTPRequest, _ body: HTTPBody?) async throws -> Data {
        let contentType = request.headerFields[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw Problem(
                status: .unsupportedMediaType,
                detail: "send application/json (got '\(contentType.prefix(100))')")
        }
        let tooLarge = Problem(
            status: .contentTooLarge, detail: "the body must be at most \(maxBodyBytes) bytes")
        if let length = request.headerFields[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw tooLarge
        }
        guard let body else { return Data() }
        do {
            return try await Data(collecting: body, upTo: maxBodyBytes)
        } catch {
            throw tooLarge
        }
    }

    /// The body with stand-ins where it was wrong, what was wrong with it, and whether it changed.
    static func check(_ data: Data, _ schema: Schema) throws -> (JSONValue, [FieldProblem], repaired: Bool) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw Problem(status: .badRequest, detail: "the body is not valid JSON")
        }
        guard case .object = value else {
            throw Problem(status: .badRequest, detail: "the body must be a JSON object")
        }
        var problems = JSONText.duplicateKeys(in: data).map {
            FieldProblem(field: $0, problem: "is given more than once")
        }
        problems += JSONText.controlCharacterFields(in: value).map {
            FieldProblem(field: $0, problem: "must not contain NUL or other control characters")
        }
        let checked = SchemaCheck.check(value, schema, path: "", problems: &problems)
        return (checked, problems, checked != value || !problems.isEmpty)
    }

    /// Checks the documented query parameters; a bad optional one is taken out of the request
    /// (named in the problems), so the generated decoder does not stop at it.
    static func checkQuery(_ request: inout HTTPRequest, _ parameters: [OpenAPIDocument.Parameter])
        -> [FieldProblem]
    {
        guard !parameters.isEmpty, let path = request.path, path.contains("?"),
            var components = URLComponents(string: path)
        else { return [] }
        var problems: [FieldProblem] = []
        var items = components.queryItems ?? []
        for parameter in parameters {
            guard let index = items.firstIndex(where: { $0.name == parameter.name }),
                let text = items[index].value, !text.isEmpty
            else { continue }
            var found: [FieldProblem] = []
            let value: JSONValue =
                parameter.schema.types.contains("integer")
                ? Int(text).map(JSONValue.integer) ?? .string(text) : .string(text)
            _ = SchemaCheck.check(value, parameter.schema, path: parameter.name, problems: &found)
            if text.unicodeScalars.contains(where: JSONText.isRefused) {
                found.append(
                    FieldProblem(
                        field: parameter.name, problem: "must not contain NUL or other control characters"))
            }
            if !found.isEmpty, !parameter.required { items.remove(at: index) }
            problems += found
        }
        if !problems.isEmpty {
            components.queryItems = items.isEmpty ? nil : items
            request.path = components.string ?? path
        }
        return problems
    }
}

/// The problems `RequestCheck` found in this request, for its handler to answer together with
/// the domain's checks on the decoded values. Every handler of an operation with a body or query
/// parameters calls `RequestProblems.check` before it acts.
public final class RequestProblems: @unchecked Sendable {
    @TaskLocal public static var current: RequestProblems?

    let found: [FieldProblem]
    private let lock = NSLock()
    private var answered = false

    init(_ found: [FieldProblem]) { self.found = found }

    var wereAnswered: Bool { lock.withLock { answered } }

    /// Refuses the request naming every bad field: the document's problems first, then those of
    /// `content` (the domain's checks) on fields not already named. Returns when there are none.
    public static func check(_ content: [FieldProblem] = []) throws(DomainRefusal) {
        let found = current.map { pending in
            pending.lock.withLock { pending.answered = true }
            return pending.found
        }
        let all = FieldProblems.distinct((found ?? []) + content)
        guard all.isEmpty else { throw DomainRefusal.invalid(all) }
    }

    /// What the document's checks found in this request.
    public static var found: [FieldProblem] { current?.found ?? [] }

    /// Whether the document's checks already named `field` (or the object it belongs to).
    public static func named(_ field: String) -> Bool {
        FieldProblems.covers(found, field)
    }
}

/// Problem lists: one problem per field, the first found, and none for a field inside an
/// object that is already named.
enum FieldProblems {
    static func distinct(_ problems: [FieldProblem]) -> [FieldProblem] {
        var kept: [FieldProblem] = []
        for problem in problems where !covers(kept, problem.field) { kept.append(problem) }
        return kept
    }

    static func covers(_ problems: [FieldProblem], _ field: String) -> Bool {
        problems.contains {
            field == $0.field || field.hasPrefix($0.field + ".") || field.hasPrefix($0.field + "[")
        }
    }
}
