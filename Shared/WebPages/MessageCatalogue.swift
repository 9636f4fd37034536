import Foundation
import Yams

/// The language a person reads a page in: Chinese by default, English switchable
/// (kept in the `onedoor_lang` cookie of their browser).
public enum Language: String, Sendable, CaseIterable {
    case chinese = "zh-CN"
    case english = "en"

    public init(cookie: String?) { self = cookie.flatMap(Language.init(rawValue:)) ?? .chinese }

    public var other: Language { self == .chinese ? .english : .chinese }
}

/// One message catalogue per language (Messages/<lang>.yaml), every person-facing word.
/// Immutable once loaded, hence safe to share between requests.
public final class MessageCatalogue: @unchecked Sendable {
    private let words: [Language: [String: Any]]

    /// `bundle`: the site's own resources, with Messages/zh-CN.yaml and Messages/en.yaml.
    public init(bundle: Bundle) throws {
        var words: [Language: [String: Any]] = [:]
        for language in Language.allCases {
            guard
                let url = bundle.url(
                    forResource: language.rawValue, withExtension: "yaml", subdirectory: "Messages")
            else { throw CatalogueMissing(language: language.rawValue) }
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let tree = Self.strings(try Yams.load(yaml: text)) as? [String: Any] else {
                throw CatalogueMissing(language: language.rawValue)
            }
            words[language] = tree
        }
        self.words = words
    }

    /// YAML's mappings as `[String: Any]` all the way down (Mustache reads those), its values as text.
    private static func strings(_ node: Any?) -> Any? {
        if let mapping = node as? [AnyHashable: Any] {
            var tree: [String: Any] = [:]
            for (key, value) in mapping { tree["\(key)"] = strings(value) }
            return tree
        }
        return node.map { "\($0)" }
    }

    /// Every dotted key of a language, so a test can hold the languages' words equal.
    public func keys(_ language: Language) -> Set<String> {
        func keys(_ tree: [String: Any], _ prefix: String) -> Set<String> {
            tree.reduce(into: Set<String>()) { found, entry in
                if let child = entry.value as? [String: Any] {
                    found.formUnion(keys(child, prefix + entry.key + "."))
                } else {
                    found.insert(prefix + entry.key)
                }
            }
        }
        return keys(tree(language), "")
    }

    /// The whole tree, for the templates (`{{t.nav.home}}`).
    public func tree(_ language: Language) -> [String: Any] { words[language] ?? [:] }

    /// One word by its dotted key (`status.registered`), with `{{name}}` filled from `values`;
    /// the key itself when the catalogue has no such word, so a gap shows and is not blank.
    public func text(_ language: Language, _ key: String, _ values: [String: String] = [:]) -> String {
        var node: Any? = words[language]
        for part in key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
        guard var text = node as? String else { return key }
        for (name, value) in values { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
        return text
    }

    /// A code's word in a group (`status`, `registered`), or the code when it has none.
    public func term(_ language: Language, _ group: String, _ code: String?) -> String {
        guard let code, !code.isEmpty else { return "" }
        let word = text(language, "\(group).\(code)")
        return word == "\(group).\(code)" ? code : word
    }
}

public struct CatalogueMissing: Error, CustomStringConvertible {
    let language: String
    public var description: String {
        "the message catalogue Messages/\(language).yaml is missing or malformed"
    }
}
