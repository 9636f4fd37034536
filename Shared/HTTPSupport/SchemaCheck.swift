import CaseModel

/// Checks a request's JSON against its schema from the document and names every problem at
/// once. Where a value is missing or of the wrong kind it puts a stand-in of the wanted kind, so
/// the generated decoder reaches the end and the domain's checks can still look at the rest.
enum SchemaCheck {
    static func check(_ value: JSONValue, _ schema: Schema, path: String, problems: inout [FieldProblem])
        -> JSONValue
    {
        let field = path.isEmpty ? "body" : path
        if value == .null {
            if schema.nullable || schema.types.isEmpty { return value }
            problems.append(FieldProblem(field: field, problem: "must be \(kind(of: schema)), not null"))
            return standIn(for: schema)
        }
        guard schema.types.isEmpty || !schema.types.isDisjoint(with: value.schemaTypes) else {
            problems.append(FieldProblem(field: field, problem: "must be \(kind(of: schema))"))
            return standIn(for: schema)
        }
        switch value {
        case .object(var fields):
            var missing: Set<String> = []
            for name in schema.required {
                let property = schema.properties.first { $0.0 == name }?.1 ?? Schema()
                if fields[name] == nil || (fields[name] == .null && !property.nullable) {
                    problems.append(FieldProblem(field: join(path, name), problem: "is required"))
                    fields[name] = standIn(for: property)
                    missing.insert(name)
                }
            }
            for (name, property) in schema.properties where !missing.contains(name) {
                guard let present = fields[name] else { continue }
                fields[name] = check(present, property, path: join(path, name), problems: &problems)
            }
            return .object(fields)
        case .array(var elements):
            if let minimum = schema.minItems, elements.count < minimum {
                problems.append(FieldProblem(field: field, problem: "must have at least \(minimum) item(s)"))
            }
            if let maximum = schema.maxItems, elements.count > maximum {
                problems.append(FieldProblem(field: field, problem: "must have at most \(maximum) item(s)"))
            }
            if let items = schema.items?.value {
                for index in elements.indices {
                    elements[index] = check(
                        elements[index], items, path: "\(field)[\(index)]", problems: &problems)
                }
            }
            return .array(elements)
        case .string(let text):
            if let allowed = schema.allowed, !allowed.contains(text) {
                problems.append(
                    FieldProblem(
                        field: field, problem: ClosedSetText.allowedPrefix + allowed.joined(separator: ", ")))
                return standIn(for: schema)
            }
            if let minimum = schema.minLength, text.count < minimum {
                let problem = minimum == 1 ? "must not be empty" : "must be at least \(minimum) characters"
                problems.append(FieldProblem(field: field, problem: problem))
            } else if let maximum = schema.maxLength, text.count > maximum {
                problems.append(FieldProblem(field: field, problem: "must be at most \(maximum) characters"))
            }
            return value
        case .integer, .number:
            let number: Double =
                switch value {
                case .integer(let whole): Double(whole)
                case .number(let fraction): fraction
                default: 0
                }
            if !range(schema).contains(number) {
                problems.append(FieldProblem(field: field, problem: rangeWords(schema)))
            }
            if schema.types.contains("integer"), !schema.types.contains("number"), case .number = value {
                return .integer(Int(number))
            }
            return value
        case .null, .bool:
            return value
        }
    }

    /// A value the generated decoder accepts where the schema wants one: the first of a closed
    /// set, an empty text, zero, false, an empty list, or an object with stand-ins for what it requires.
    static func standIn(for schema: Schema) -> JSONValue {
        if let first = schema.allowed?.first { return .string(first) }
        if schema.nullable { return .null }
        switch preferredType(schema) {
        case "integer", "number": return .integer(Int(max(schema.minimum ?? 0, 0)))
        case "boolean": return .bool(false)
        case "array": return .array([])
        case "object":
            var fields: [String: JSONValue] = [:]
            for name in schema.required {
                fields[name] = standIn(for: schema.properties.first { $0.0 == name }?.1 ?? Schema())
            }
            return .object(fields)
        default: return .string("")
        }
    }

    static func preferredType(_ schema: Schema) -> String {
        for type in ["object", "array", "string", "integer", "number", "boolean"]
        where schema.types.contains(type) {
            return type
        }
        return "string"
    }

    static func kind(of schema: Schema) -> String {
        let names = schema.types.sorted().map { type in
            switch type {
            case "integer": "a whole number"
            case "number": "a number"
            case "boolean": "a boolean"
            case "array": "an array"
            case "object": "an object"
            default: "a string"
            }
        }
        return names.isEmpty ? "a value" : names.joined(separator: " or ")
    }

    static func range(_ schema: Schema) -> ClosedRange<Double> {
        (schema.minimum ?? -Double.greatestFiniteMagnitude)...(schema.maximum
            ?? Double.greatestFiniteMagnitude)
    }

    static func rangeWords(_ schema: Schema) -> String {
        func text(_ number: Double) -> String {
            number.rounded() == number ? String(Int(number)) : String(number)
        }
        switch (schema.minimum, schema.maximum) {
        case (let low?, let high?): return "must be from \(text(low)) to \(text(high))"
        case (let low?, nil): return "must be at least \(text(low))"
        case (nil, let high?): return "must be at most \(text(high))"
        default: return "is out of range"
        }
    }

    static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }
}
