import CaseModel
import Foundation
import Yams

/// Reads a YAML node tree strictly: unknown and missing keys, wrong types and
/// malformed codes are all collected as problems with their line and key,
/// rather than stopping at the first.
final class NodeReader {
    private(set) var problems: [ReferenceProblem] = []
    /// The line of every key path read, for problems found after reading.
    private(set) var lines: [String: Int] = [:]

    /// a-z first, then a-z, 0-9 or '-', 2 to 32 characters (as the database's department check).
    static func isCode(_ text: String) -> Bool {
        (2...32).contains(text.count) && text.first!.isASCII && text.first!.isLowercase
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    func report(_ key: String, _ message: String, line: Int? = nil) {
        problems.append(ReferenceProblem(line: line ?? self.line(of: key), key: key, message: message))
    }

    /// The line of `key`, or of its nearest parent that was read.
    func line(of key: String) -> Int? {
        var key = Substring(key)
        while !key.isEmpty {
            if let line = lines[String(key)] { return line }
            guard let cut = key.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            key = key[..<cut]
        }
        return nil
    }

    private func note(_ node: Node, _ key: String) {
        if let line = node.mark?.line { lines[key] = line }
    }

    /// A mapping with these keys and no others; nil (reported) when it is not a mapping.
    func fields(_ node: Node, at key: String, required: [String], optional: [String] = []) -> Fields? {
        note(node, key)
        guard let mapping = node.mapping else {
            report(key, "must be a mapping with keys \((required + optional).joined(separator: ", "))")
            return nil
        }
        var values: [String: Node] = [:]
        for (name, value) in mapping {
            let nameText = name.string ?? "?"
            let path = key.isEmpty ? nameText : "\(key).\(nameText)"
            note(value, path)
            if values[nameText] != nil {
                report(path, "appears twice", line: name.mark?.line)
            } else if !(required + optional).contains(nameText) {
                report(
                    path,
                    "unknown key (allowed here: \((required + optional).joined(separator: ", ")))",
                    line: name.mark?.line)
            }
            values[nameText] = value
        }
        for name in required where values[name] == nil {
            report(key.isEmpty ? name : "\(key).\(name)", "is missing", line: node.mark?.line)
        }
        return Fields(reader: self, key: key, values: values)
    }

    /// The items of a sequence, each with its key (`rules[3]`).
    func items(_ node: Node, at key: String) -> [(node: Node, key: String)] {
        guard let sequence = node.sequence else {
            report(key, "must be a list")
            return []
        }
        return sequence.enumerated().map { index, item in
            let path = "\(key)[\(index)]"
            note(item, path)
            return (item, path)
        }
    }

    func text(_ node: Node, at key: String) -> String? {
        guard let scalar = node.scalar else {
            report(key, "must be text")
            return nil
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else {
            report(key, "must not be empty")
            return nil
        }
        return value
    }

    func code(_ node: Node, at key: String) -> String? {
        guard let value = text(node, at: key) else { return nil }
        guard Self.isCode(value) else {
            report(key, "'\(value)' is not a code (a-z first, then a-z, 0-9 or '-', 2 to 32 characters)")
            return nil
        }
        return value
    }
}

/// The values of one mapping, read by key.
struct Fields {
    let reader: NodeReader
    let key: String
    let values: [String: Node]

    func path(_ name: String) -> String { key.isEmpty ? name : "\(key).\(name)" }
    func has(_ name: String) -> Bool { values[name] != nil }

    func text(_ name: String) -> String? { values[name].flatMap { reader.text($0, at: path(name)) } }
    func code(_ name: String) -> String? { values[name].flatMap { reader.code($0, at: path(name)) } }

    func codes(_ name: String) -> [String] {
        guard let node = values[name] else { return [] }
        return reader.items(node, at: path(name)).compactMap { reader.code($0.node, at: $0.key) }
    }

    func items(_ name: String) -> [(node: Node, key: String)] {
        values[name].map { reader.items($0, at: path(name)) } ?? []
    }

    func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let node = values[name] else { return nil }
        guard let value = node.int, range.contains(value) else {
            reader.report(
                path(name), "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    func flag(_ name: String) -> Bool? {
        guard let node = values[name] else { return nil }
        guard let value = node.bool else {
            reader.report(path(name), "must be true or false")
            return nil
        }
        return value
    }

    func choice<Value: ClosedSet>(_ name: String, _ type: Value.Type) -> Value? {
        guard let text = text(name) else { return nil }
        guard let value = Value(rawValue: text) else {
            reader.report(path(name), "'\(text)' must be one of \(Value.allowedValues)")
            return nil
        }
        return value
    }

    /// code, name and nameZh: what every place, department and category has.
    func place() -> ReferenceData.Place? {
        guard let code = code("code"), let name = text("name"), let nameZh = text("nameZh") else {
            return nil
        }
        return .init(code: code, name: name, nameZh: nameZh)
    }
}
