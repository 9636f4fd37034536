import CaseModel
import Foundation
import Hummingbird
import Reliability

/// Reads a JSON request body into a Decodable, answering garbage with problems
/// that name the field: 415 not JSON, 413 too large, 400 unparseable or not an
/// object, 422 for every missing, mistyped, out-of-set or control-character field
/// at once, and for a key given twice.
public enum JSONBody {
    public static let maxBytes = 64 * 1024

    /// `required` lists dotted paths (`petitioner.name`) to report together when absent.
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, required: [String] = [])
        async throws -> T
    {
        let (value, problems) = try await decodeCollecting(type, from: request, required: required)
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        return value
    }

    /// The value, decoded with a stand-in where a field is missing or wrong, and the problems
    /// found so far: the caller adds its own checks (on the other fields) and answers them all.
    public static func decodeCollecting<T: Decodable>(
        _ type: T.Type, from request: Request, required: [String] = []
    ) async throws -> (T, [FieldProblem]) {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw Problem(
                status: .unsupportedMediaType,
                detail: "send application/json (got '\(contentType.prefix(100))')")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw Problem(status: .contentTooLarge, detail: "the body must be at most \(maxBytes) bytes")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw Problem(status: .contentTooLarge, detail: "the body must be at most \(maxBytes) bytes")
        }
        return try decodeCollecting(type, from: Data(buffer: body), required: required)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, required: [String]) throws -> T {
        let (value, problems) = try decodeCollecting(type, from: data, required: required)
        guard problems.isEmpty else { throw Problem.invalid(problems) }
        return value
    }

    static func decodeCollecting<T: Decodable>(_ type: T.Type, from data: Data, required: [String]) throws
        -> (T, [FieldProblem])
    {
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw Problem(status: .badRequest, detail: "the body is not valid JSON")
        }
        guard var fields = object as? [String: Any] else {
            throw Problem(status: .badRequest, detail: "the body must be a JSON object")
        }
        var problems = JSONText.duplicateKeys(in: data).map {
            FieldProblem(field: $0, problem: "is given more than once")
        }
        problems += JSONText.controlCharacterFields(in: fields).map {
            FieldProblem(field: $0, problem: "must not contain NUL or other control characters")
        }
        let absent = required.filter { !isPresent($0, in: fields) }
        // A missing object is reported once, not with each of its fields.
        problems += absent.filter { path in !absent.contains { path.hasPrefix($0 + ".") } }.map {
            FieldProblem(field: $0, problem: "is required")
        }
        // Each decoding error names one field; a stand-in there lets the decoder reach the next.
        let decoder = JSONDecoder()
        var text = data
        for _ in 0..<64 {
            do {
                return (try decoder.decode(type, from: text), problems)
            } catch let error as DecodingError {
                let field = DecodingProblem.field(error)
                let message = DecodingProblem.describe(error)
                if !problems.contains(where: { $0.field == field || field.hasPrefix($0.field + ".") }) {
                    problems.append(
                        FieldProblem(field: field, problem: String(message.dropFirst(field.count + 2))))
                }
                guard let standIn = standIn(for: error), set(standIn, at: codingPath(error), in: &fields),
                    let next = try? JSONSerialization.data(withJSONObject: fields)
                else { break }
                text = next
            }
        }
        throw Problem.invalid(problems)
    }

    /// A value of the kind the decoder wanted, to carry on past a field already reported.
    static func standIn(for error: DecodingError) -> Any? {
        switch error {
        case .keyNotFound: return ""
        case .typeMismatch(let type, _), .valueNotFound(let type, _):
            switch type {
            case is String.Type: return ""
            case is Int.Type, is Double.Type: return 0
            case is Bool.Type: return false
            case is [Any].Type: return [Any]()
            default: return [String: Any]()
            }
        case .dataCorrupted(let context):
            // A closed set's error lists what it allows: the first will do.
            let text = context.debugDescription
            guard text.hasPrefix(ClosedSetText.allowedPrefix) else { return nil }
            return String(text.dropFirst(ClosedSetText.allowedPrefix.count).prefix { $0 != "," })
        @unknown default: return nil
        }
    }

    static func codingPath(_ error: DecodingError) -> [any CodingKey] {
        switch error {
        case .keyNotFound(let key, let context): context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath
        @unknown default: []
        }
    }

    /// Puts `value` at `path` in the object; false when the path cannot be walked.
    static func set(_ value: Any, at path: [any CodingKey], in object: inout [String: Any]) -> Bool {
        guard let first = path.first else { return false }
        let rest = Array(path.dropFirst())
        if rest.isEmpty {
            object[first.stringValue] = value
            return true
        }
        if let index = rest.first?.intValue, var array = object[first.stringValue] as? [Any],
            array.indices.contains(index)
        {
            if rest.count == 1 {
                array[index] = value
            } else {
                guard var element = array[index] as? [String: Any],
                    set(value, at: Array(rest.dropFirst()), in: &element)
                else { return false }
                array[index] = element
            }
            object[first.stringValue] = array
            return true
        }
        var nested = object[first.stringValue] as? [String: Any] ?? [:]
        guard set(value, at: rest, in: &nested) else { return false }
        object[first.stringValue] = nested
        return true
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
