/// Why the centre's rules refuse an action: the same refusal whether the request came over HTTP
/// (a problem body: 409, 422, 404 or 403) or over AMQP (a dead letter whose reason is
/// `description`). Thrown by domain and table code, which knows nothing of HTTP.
public struct DomainRefusal: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The case (or panel) is not in a state that allows it.
        case conflict
        /// Fields of the request are wrong; `fields` names each.
        case invalidFields
        /// What it names does not exist (or may not be seen).
        case notFound
        /// The caller may see it but may not do this (another department's answer).
        case forbidden
    }

    public let kind: Kind
    public let detail: String
    public let fields: [FieldProblem]

    public init(_ kind: Kind, _ detail: String, fields: [FieldProblem] = []) {
        self.kind = kind
        self.detail = detail
        self.fields = fields
    }

    public static func conflict(_ detail: String) -> DomainRefusal { .init(.conflict, detail) }
    public static func notFound(_ detail: String) -> DomainRefusal { .init(.notFound, detail) }
    public static func forbidden(_ detail: String) -> DomainRefusal { .init(.forbidden, detail) }

    /// Fields at fault; the detail names them, each once.
    public static func invalid(_ fields: [FieldProblem]) -> DomainRefusal {
        var seen: Set<String> = []
        let names = fields.map(\.field).filter { seen.insert($0).inserted }.joined(separator: ", ")
        return .init(.invalidFields, "invalid fields: \(names)", fields: fields)
    }

    /// Also the dead-letter reason when the rule refuses an AMQP message.
    public var description: String {
        let named = fields.map { "\($0.field): \($0.problem)" }
        return named.isEmpty ? detail : named.joined(separator: "; ")
    }

    /// Refuses a text field that is blank (when required) or longer than `max` characters.
    public static func requireText(_ text: String?, field: String, max: Int = 4000, required: Bool = true)
        throws(DomainRefusal)
    {
        let problems = textProblems(text, field: field, max: max, required: required)
        guard problems.isEmpty else { throw invalid(problems) }
    }

    /// What `requireText` refuses, as a list to answer together with other fields' problems.
    public static func textProblems(_ text: String?, field: String, max: Int = 4000, required: Bool = true)
        -> [FieldProblem]
    {
        let value = text ?? ""
        if required, value.allSatisfy({ $0.isWhitespace }) {
            return [FieldProblem(field: field, problem: "must not be empty")]
        }
        if value.count > max {
            return [FieldProblem(field: field, problem: "must be at most \(max) characters")]
        }
        return []
    }
}
