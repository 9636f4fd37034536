import HTTPSupport

/// Reading the services' answers in the pages.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    var text: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }

    var items: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }

    var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// A number, whole or not.
    var number: Double? {
        switch self {
        case .number(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
