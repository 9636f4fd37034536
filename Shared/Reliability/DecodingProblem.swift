/// Names the field behind a DecodingError, for problem bodies and dead-letter reasons.
public enum DecodingProblem {
    public static func field(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): path(context.codingPath + [key])
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path(context.codingPath)
        @unknown default: "body"
        }
    }

    public static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "\(field(error)): is required"
        case .typeMismatch(let type, _): "\(field(error)): must be \(typeName(type))"
        case .valueNotFound(let type, _): "\(field(error)): must be \(typeName(type)), not null"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty
                ? "body: is not valid JSON" : "\(field(error)): \(context.debugDescription)"
        @unknown default: "body: cannot be decoded"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        let parts = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        return parts.isEmpty ? "body" : parts.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        default: "an object"
        }
    }
}
