import CaseModel
import HTTPSupport
import WebPages

/// 当事人 on the registration form: a collective petition (集体访) with its number of people and
/// other representatives, the other parties (对方当事人) and the amount involved (涉及金额). The
/// form has fixed rows; an empty row is not sent, so the service numbers the rows it got, and a
/// problem it names for the n-th is shown beside the row that was sent n-th.
struct PartyFields {
    /// Rows after the petitioner: at most five representatives in all.
    static let representativeRows = Collective.maxRepresentatives - 1
    static let partyRows = 3

    /// The form rows each sent element came from, in order.
    var representatives: [Int] = []
    var parties: [Int] = []

    /// Adds what the form says of the parties to the API's body.
    static func add(to body: inout JSONValue, from form: FormBody) -> PartyFields {
        var sent = PartyFields()
        if form["collective"] == "on" {
            var collective: [String: JSONValue] = [:]
            if let people = form.text("collective.people") {
                collective["people"] = Int(people).map(JSONValue.integer) ?? .string(people)
            }
            var representatives: [JSONValue] = []
            for row in 0..<representativeRows {
                let person = fields(
                    "collective.representatives[\(row)]", ["name", "phone", "idNumber"], form)
                guard !person.isEmpty else { continue }
                sent.representatives.append(row)
                representatives.append(.object(person))
            }
            collective["representatives"] = .array(representatives)
            body.set(path: [.key("collective")], to: .object(collective))
        }
        var parties: [JSONValue] = []
        for row in 0..<partyRows {
            let prefix = "otherParties[\(row)]"
            var party = fields(prefix, ["name", "phone", "idNumber"], form)
            guard !party.isEmpty else { continue }
            party["kind"] = .string(form.text("\(prefix).kind") ?? OtherParty.Kind.person.rawValue)
            party["role"] = .string(form.text("\(prefix).role") ?? OtherParty.Role.respondent.rawValue)
            sent.parties.append(row)
            parties.append(.object(party))
        }
        if !parties.isEmpty { body.set(path: [.key("otherParties")], to: .array(parties)) }
        if let amount = form.text("amountInvolved") {
            // Text that is not a number goes as it is, for the service to name.
            let number = Double(amount).flatMap { $0.isFinite ? $0 : nil }
            body.set(path: [.key("amountInvolved")], to: number.map(JSONValue.number) ?? .string(amount))
        }
        return sent
    }

    static func fields(_ prefix: String, _ names: [String], _ form: FormBody) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for name in names {
            if let value = form.text("\(prefix).\(name)") { object[name] = .string(value) }
        }
        return object
    }

    /// The service's problems with the n-th element sent, moved to the row it came from.
    func placing(_ problems: [String: Any]) -> [String: Any] {
        let moves = [("collective.representatives", representatives), ("otherParties", parties)]
        var placed: [String: Any] = [:]
        for (key, problem) in problems {
            var target = key
            search: for (list, rows) in moves {
                for (index, row) in rows.enumerated() {
                    let from = FormState.key("\(list)[\(index)]") + "_"
                    if key.hasPrefix(from) {
                        target = FormState.key("\(list)[\(row)]") + "_" + key.dropFirst(from.count)
                        break search
                    }
                }
            }
            placed[target] = problem
        }
        return placed
    }

    /// The rows as the template shows them: what was typed and each field's problem.
    static func rows(_ state: FormState, words: MessageCatalogue, language: Language) -> [String: Any] {
        /// One text field for the `text-field` template: its label, what was typed, its problem.
        func field(_ name: String, _ label: String, inputmode: String? = nil) -> [String: Any] {
            let key = FormState.key(name)
            var field: [String: Any] = [
                "name": name, "id": key, "value": state.values[key] ?? "",
                "label": words.text(language, "register.\(label)"),
            ]
            if let inputmode { field["inputmode"] = inputmode }
            if let problem = state.problems[key] { field["problem"] = problem }
            return field
        }
        /// A row's name, phone and ID number, numbered as the legend shows it.
        func person(_ prefix: String, number: Int, name: String, phone: String) -> [String: Any] {
            [
                "number": "\(number)", "name": field("\(prefix).name", name),
                "phone": field("\(prefix).phone", phone, inputmode: "tel"),
                "idNumber": field("\(prefix).idNumber", "id_number"),
            ]
        }
        let representatives = (0..<representativeRows).map { row in
            person("collective.representatives[\(row)]", number: row + 2, name: "name", phone: "phone")
        }
        let parties = (0..<partyRows).map { row -> [String: Any] in
            let prefix = "otherParties[\(row)]"
            return person(prefix, number: row + 1, name: "party_name", phone: "party_phone").merging([
                "kindField": field("\(prefix).kind", "party_kind"),
                "roleField": field("\(prefix).role", "party_role"),
                "kinds": FormState.options(
                    OtherParty.Kind.allCases.map(\.rawValue),
                    label: { words.term(language, "party_kind", $0) },
                    selected: state.selected("\(prefix).kind")),
                "roles": FormState.options(
                    OtherParty.Role.allCases.map(\.rawValue),
                    label: { words.term(language, "party_role", $0) },
                    selected: state.selected("\(prefix).role")),
            ]) { _, new in new }
        }
        return [
            "collective": state.values["collective"] as? String == "on",
            "people": field("collective.people", "people", inputmode: "numeric"),
            "representativeRows": representatives, "partyRows": parties,
            "amount": field("amountInvolved", "amount", inputmode: "decimal"),
            "collectiveProblem": state.problems[FormState.key("collective.representatives")] ?? "",
            "partiesProblem": state.problems[FormState.key("otherParties")] ?? "",
        ]
    }
}
