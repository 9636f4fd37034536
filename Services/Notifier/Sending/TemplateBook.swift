import Foundation
import Settings
import Yams

/// 短信模板: the texts sent to petitioners (Templates/notification-templates.yaml, or the file
/// ONEDOOR_NOTIFICATION_TEMPLATES names), checked at start-up: every moment in every language,
/// every text within one SMS (or its declared parts) with its parameters at their longest.
struct TemplateBook: Sendable {
    struct Template: Sendable {
        let required: Bool
        let parts: Int
        let texts: [String: String]
    }

    static let languages = ["zh-CN", "en"]
    let limits: [String: Int]
    let templates: [String: Template]
    let longest: [String: String]
    let words: [String: [String: [String: String]]]

    struct File: Decodable {
        struct Entry: Decodable {
            let required: Bool
            let parts: Int?
            let zhCN: String
            let en: String
            enum CodingKeys: String, CodingKey {
                case required, parts, en
                case zhCN = "zh-CN"
            }
        }
        let limits: [String: Int]
        let templates: [String: Entry]
        let longest: [String: String]
        let words: [String: [String: [String: String]]]
    }

    /// The bundled file, or the operator's.
    static func load(path: String?) throws -> TemplateBook {
        let url: URL
        if let path {
            url = URL(fileURLWithPath: path)
        } else if let bundled = Bundle.module.url(
            forResource: "notification-templates", withExtension: "yaml", subdirectory: "Templates")
        {
            url = bundled
        } else {
            throw ConfigurationError("the notifier's templates are missing from its bundle")
        }
        return try parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    static func parse(_ yaml: String) throws -> TemplateBook {
        let file = try YAMLDecoder().decode(File.self, from: yaml)
        let book = TemplateBook(
            limits: file.limits,
            templates: file.templates.mapValues {
                Template(required: $0.required, parts: $0.parts ?? 1, texts: ["zh-CN": $0.zhCN, "en": $0.en])
            }, longest: file.longest, words: file.words)
        let problems = book.problems(signature: nil)
        guard problems.isEmpty else {
            throw ConfigurationError("notification templates: " + problems.joined(separator: "; "))
        }
        return book
    }

    /// What does not fit: a moment without a template, a parameter without a longest value, a text
    /// longer than its SMS (with `signature` as the centre's name, when given).
    func problems(signature: String?) -> [String] {
        var problems: [String] = []
        for moment in Moment.allCases where templates[moment.template] == nil {
            problems.append("no template '\(moment.template)'")
        }
        for (name, template) in templates.sorted(by: { $0.key < $1.key }) {
            for language in Self.languages {
                guard let limit = limits[language] else {
                    problems.append("no length limit for \(language)")
                    continue
                }
                let allowed = template.parts == 1 ? limit : template.parts * (limit - 3)
                var values = longest
                if let signature { values["centre"] = signature }
                for parameter in Self.parameters(in: template.texts[language] ?? "")
                where values[parameter] == nil {
                    problems.append("\(name): no longest value for {\(parameter)}")
                }
                let text = Self.fill(template.texts[language] ?? "", with: values)
                if text.count > allowed {
                    problems.append(
                        "\(name) (\(language)) is \(text.count) characters at its longest; one SMS holds \(limit)"
                            + (template.parts > 1 ? " (\(template.parts) parts: \(allowed))" : ""))
                }
            }
        }
        return problems
    }

    /// The text for `template` in `language` (zh-CN when the language has none).
    func render(_ template: String, language: String, parameters: [String: String]) -> String? {
        guard let entry = templates[template] else { return nil }
        let text = entry.texts[language] ?? entry.texts["zh-CN"] ?? ""
        var values = parameters
        for (name, table) in words[language] ?? words["zh-CN"] ?? [:] {
            if let raw = parameters[name], let word = table[raw] { values[name] = word }
        }
        return Self.fill(text, with: values)
    }

    func isRequired(_ template: String) -> Bool { templates[template]?.required ?? true }

    static func parameters(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    static func fill(_ text: String, with values: [String: String]) -> String {
        var filled = text
        for (name, value) in values { filled = filled.replacingOccurrences(of: "{\(name)}", with: value) }
        return filled
    }
}
