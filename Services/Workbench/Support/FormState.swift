import Foundation
import HTTPSupport
import WebPages

/// What a refused form shows again: the values typed and each field's problem beside it. Field
/// names are the API's (`petitioner.name`, `ladder[0].lead`); the templates read them with `.`,
/// `[` and `]` turned into `_` (`petitioner_name`, `ladder_0__lead`), as Mustache reads dots as paths.
struct FormState {
    var values: [String: Any] = [:]
    var problems: [String: Any] = [:]
    var error: String?
    /// Every value of each field, for the repeated ones (experts, co-handlers).
    var all: [String: [String]] = [:]

    static func key(_ field: String) -> String {
        field.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "[", with: "_")
            .replacingOccurrences(of: "]", with: "_")
    }

    init() {}

    init(form: FormBody, answer: APIAnswer, refusals: RefusalWords, language: Language) {
        for (name, value) in form.pairs where name != FormGuard.fieldName {
            values[Self.key(name)] = value
            all[name, default: []].append(value)
        }
        for (field, problem) in refusals.fieldProblems(answer.body, language) {
            problems[Self.key(field)] = problem
        }
        error = refusals.summary(answer, language)
    }

    var context: [String: Any] {
        var context: [String: Any] = ["values": values, "problems": problems]
        if let error { context["error"] = error }
        return context
    }

    /// A choice list with the typed (or given) value selected.
    static func options(
        _ codes: [String], label: (String) -> String, selected: [String], blank: String? = nil
    ) -> [[String: Any]] {
        var options: [[String: Any]] = []
        if let blank { options.append(["value": "", "label": blank, "selected": selected.isEmpty]) }
        options += codes.map { ["value": $0, "label": label($0), "selected": selected.contains($0)] }
        return options
    }

    func selected(_ field: String) -> [String] { all[field] ?? [] }
}
