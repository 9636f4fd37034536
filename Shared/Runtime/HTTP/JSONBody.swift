import CaseModel
import Foundation
import Hummingbird

/// Reads a JSON request body into a Decodable, answering garbage with problems
/// that name the field: 415 not JSON, 413 too large, 400 unparseable or not an
/// object, 422 missing (all of them at once) or mistyped fields.
public enum JSONBody {
    public static let maxBytes = 64 * 1024

    /// `required` lists dotted paths (`petitioner.name`) to report together when absent.
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, required: [String] = [])
        async throws -> T
    {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw Problem(
                status: .unsupportedMediaType, detail: "send application/json (got '\(contentType)')")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw Problem(status: .contentTooLarge, detail: "the body must be at most \(maxBytes) bytes")
        }
        return try decode(type, from: Data(buffer: body), required: required)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, required: [String]) throws -> T {
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw Problem(status: .badRequest, detail: "the body is not valid JSON")
        }
        guard let fields = object as? [String: Any] else {
            throw Problem(status: .badRequest, detail: "the body must be a JSON object")
        }
        let absent = required.filter { !isPresent($0, in: fields) }
        // A missing object is reported once, not with each of its fields.
        let missing = absent.filter { path in !absent.contains { path.hasPrefix($0 + ".") } }
        guard missing.isEmpty else {
            throw Problem.invalid(missing.map { FieldProblem(field: $0, problem: "is required") })
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            let field = DecodingProblem.field(error)
            let message = DecodingProblem.describe(error)
            throw Problem.invalid([
                FieldProblem(field: field, problem: String(message.dropFirst(field.count + 2)))
            ])
        }
    }

    /// A dotted path is present unless a step is missing or null; a step that is
    /// not an object stops the walk (the decoder then names the type error).
    static func isPresent(_ path: String, in object: [String: Any]) -> Bool {
        var current: Any = object
        for key in path.split(separator: ".").map(String.init) {
            guard let dictionary = current as? [String: Any] else { return true }
            guard let next = dictionary[key], !(next is NSNull) else { return false }
            current = next
        }
        return true
    }
}
