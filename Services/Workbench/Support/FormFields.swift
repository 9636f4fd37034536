import Foundation
import HTTPSupport
import WebPages

/// How a form's fields become the API's JSON body: each field is named as the JSON field it fills,
/// dotted for nested ones (`petitioner.name`, `location.town`, `ladder[0].lead`).
struct FormFields {
    enum Kind {
        /// A string; an empty field is left out (so the service names it when it is required).
        case text
        /// A whole number; text that is not one is passed on, for the service to name.
        case integer
        /// `true` or `false` from a yes/no choice.
        case boolean
        /// Every value of a repeated field, as an array.
        case list
    }

    let fields: [(name: String, kind: Kind)]

    init(_ fields: [(String, Kind)]) { self.fields = fields.map { (name: $0.0, kind: $0.1) } }

    func json(from form: FormBody) -> JSONValue {
        var root = JSONValue.object([:])
        for field in fields {
            let value: JSONValue?
            switch field.kind {
            case .text: value = form.text(field.name).map(JSONValue.string)
            case .integer: value = form.text(field.name).map { Int($0).map(JSONValue.integer) ?? .string($0) }
            case .boolean:
                value = form.text(field.name).map {
                    $0 == "true" ? .bool(true) : $0 == "false" ? .bool(false) : .string($0)
                }
            case .list:
                let values = form.all(field.name)
                value = values.isEmpty ? nil : .array(values.map(JSONValue.string))
            }
            if let value { root.set(path: Self.path(field.name), to: value) }
        }
        return root
    }

    /// `ladder[0].lead` → ["ladder", 0, "lead"] as keys and indices.
    static func path(_ name: String) -> [PathStep] {
        var steps: [PathStep] = []
        for part in name.split(separator: ".") {
            var key = Substring(part)
            var indices: [Int] = []
            while let open = key.lastIndex(of: "["), key.hasSuffix("]"),
                let index = Int(key[key.index(after: open)..<key.index(before: key.endIndex)])
            {
                indices.insert(index, at: 0)
                key = key[..<open]
            }
            steps.append(.key(String(key)))
            steps += indices.map(PathStep.index)
        }
        return steps
    }

    enum PathStep { case key(String), index(Int) }
}

extension JSONValue {
    /// Sets the value at a path, making objects and arrays on the way.
    mutating func set(path: ArraySlice<FormFields.PathStep>, to value: JSONValue) {
        guard let step = path.first else {
            self = value
            return
        }
        switch step {
        case .key(let key):
            var fields: [String: JSONValue] = [:]
            if case .object(let existing) = self { fields = existing }
            var child = fields[key] ?? .null
            child.set(path: path.dropFirst(), to: value)
            fields[key] = child
            self = .object(fields)
        case .index(let index):
            var elements: [JSONValue] = []
            if case .array(let existing) = self { elements = existing }
            while elements.count <= index { elements.append(.null) }
            elements[index].set(path: path.dropFirst(), to: value)
            self = .array(elements)
        }
    }

    mutating func set(path: [FormFields.PathStep], to value: JSONValue) { set(path: path[...], to: value) }
}
