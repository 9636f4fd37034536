import Foundation
import HTTPSupport
import WebPages

/// A service's refusal, in the person's language: each field's problem beside the field, and what
/// concerns the whole action above the form. The services speak English in their problem bodies;
/// the known phrasings are turned into the catalogue's words, the rest shown as they came.
struct RefusalWords: Sendable {
    let catalogue: MessageCatalogue

    /// The field problems by form field name (the API's field names, dotted).
    func fieldProblems(_ problem: JSONValue?, _ language: Language) -> [String: String] {
        var fields: [String: String] = [:]
        for error in problem?["errors"]?.items ?? [] {
            guard let field = error["field"]?.text, let text = error["problem"]?.text else { continue }
            let word = words(text, language)
            fields[field] = fields[field].map { "\($0)；\(word)" } ?? word
        }
        return fields
    }

    /// The refusal of the whole action (409, 403, 404, 429 …), in the person's language.
    func summary(_ answer: APIAnswer, _ language: Language) -> String {
        let detail = answer.body?["detail"]?.text ?? ""
        switch answer.status {
        case 404: return catalogue.text(language, "app.not_found")
        case 403:
            return catalogue.text(language, "app.forbidden") + (language == .english ? " (\(detail))" : "")
        case 422: return catalogue.text(language, "app.errors_intro")
        case 500...: return catalogue.text(language, "app.unavailable")
        default:
            let word = words(detail, language)
            return catalogue.text(language, "app.refused") + (language == .chinese ? "：" : ": ") + word
        }
    }

    /// One problem's words.
    func words(_ text: String, _ language: Language) -> String {
        let lower = text.lowercased()
        func t(_ key: String, _ values: [String: String] = [:]) -> String {
            catalogue.text(language, key, values)
        }
        if lower == "is required" || lower == "must not be empty"
            || lower.hasSuffix("are required when the demand is not supported")
        {
            return t("problem.required")
        }
        if let range = lower.range(of: #"at most (\d+) characters"#, options: .regularExpression) {
            let number = lower[range].filter(\.isNumber)
            return t("problem.too_long", ["n": String(number)])
        }
        if lower.hasPrefix("must be one of ") { return t("problem.not_allowed") }
        if lower.contains("phone number") { return t("problem.phone") }
        if lower.contains("resident id number") { return t("problem.id_number") }
        if lower.contains("unknown category") { return t("problem.unknown_category") }
        if lower.contains("reference data") { return t("problem.unknown_place") }
        if lower.contains("at least") && lower.contains("experts") { return t("problem.min_experts") }
        if lower.contains("conflict of interest") {
            let who = text.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return t("problem.conflicted") + (language == .chinese ? "：" : ": ") + who
        }
        // 当事人 and 涉及金额 (CaseModel's Parties, and the request checks of the same fields).
        if lower.contains("representatives)") && lower.hasPrefix("must be at most") {
            return t("problem.max_representatives")
        }
        if lower.contains("(the representatives)") { return t("problem.people") }
        if let range = lower.range(of: #"at most \d+ item"#, options: .regularExpression) {
            return t("problem.too_many", ["n": String(lower[range].filter(\.isNumber))])
        }
        if lower == "must not be negative" || lower == "must be at least 0" { return t("problem.negative") }
        if lower.contains("decimal places") { return t("problem.fen") }
        if lower.hasPrefix("must be less than 1,000,000,000,000") { return t("problem.too_much") }
        if lower.contains("not an organisation") { return t("problem.person_only") }
        if lower.hasPrefix("must be a number") || lower.hasPrefix("must be a whole number") {
            return t("problem.not_number")
        }
        // 证据材料 (the attachments API).
        if lower.contains("judged by its content") { return t("problem.file_type") }
        if lower == "is empty" { return t("problem.file_empty") }
        if lower.hasPrefix("the file must be at most") { return t("problem.file_too_large") }
        if lower.contains("is archived") { return t("problem.archived") }
        if lower.contains("more than once") { return t("problem.duplicate") }
        if lower.contains("review window closed") { return t("problem.window_closed") }
        if lower.contains("no longer") || lower.contains("not the lead") { return t("problem.not_yours") }
        if lower.hasPrefix("cannot ") && lower.contains("a case that is") {
            return t("problem.not_now") + (language == .english ? " (\(text))" : "")
        }
        return text
    }
}
