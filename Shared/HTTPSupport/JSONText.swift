import Foundation

/// Checks on a JSON text that JSONSerialization does not make: a key given twice in one
/// object (which value would win is up to the parser, so the request is refused), and
/// strings with a NUL or another control character (stored, a NUL cut the text short).
enum JSONText {
    /// The dotted paths of keys that occur twice in their object.
    static func duplicateKeys(in data: Data) -> [String] {
        var scanner = Scanner(bytes: Array(data))
        scanner.value(path: "")
        return scanner.duplicates
    }

    /// The dotted paths of strings (values or keys) holding a control character other than tab and line breaks.
    static func controlCharacterFields(in value: JSONValue, path: String = "") -> [String] {
        switch value {
        case .string(let text):
            return text.unicodeScalars.contains(where: isRefused) ? [path.isEmpty ? "body" : path] : []
        case .object(let fields):
            return fields.sorted { $0.key < $1.key }.flatMap { key, value in
                let field = path.isEmpty ? key : "\(path).\(key)"
                return key.unicodeScalars.contains(where: isRefused)
                    ? [field] : controlCharacterFields(in: value, path: field)
            }
        case .array(let elements):
            return elements.enumerated().flatMap { controlCharacterFields(in: $1, path: "\(path)[\($0)]") }
        default:
            return []
        }
    }

    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F
    }

    /// A minimal walk over valid JSON (the parser has already accepted it), noting repeated keys.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var duplicates: [String] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(path: String) {
            skipSpace()
            guard index < bytes.count else { return }
            switch bytes[index] {
            case UInt8(ascii: "{"): object(path: path)
            case UInt8(ascii: "["): array(path: path)
            case UInt8(ascii: "\""): _ = string()
            default:
                while index < bytes.count, !",]} \t\r\n".utf8.contains(bytes[index]) { index += 1 }
            }
        }

        mutating func object(path: String) {
            index += 1
            var seen: Set<String> = []
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] != UInt8(ascii: "}") else { break }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                let key = string()
                let field = path.isEmpty ? key : "\(path).\(key)"
                if !seen.insert(key).inserted { duplicates.append(field) }
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                value(path: field)
            }
            index += 1
        }

        mutating func array(path: String) {
            index += 1
            var position = 0
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] != UInt8(ascii: "]") else { break }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    position += 1
                    continue
                }
                value(path: "\(path)[\(position)]")
            }
            index += 1
        }

        /// The string at `index` (unescaped by the system parser), leaving `index` after it.
        mutating func string() -> String {
            let start = index
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            index += 1
            let literal = Data(bytes[start..<min(index, bytes.count)])
            return (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed)) as? String
                ?? ""
        }
    }
}
