/// 受理登记: what a window clerk (or a client) submits to register a case.
/// Every essential element must be present: who, the facts, the demand, the channel.
public struct Registration: Sendable, Codable, Equatable {
    public struct Petitioner: Sendable, Codable, Equatable {
        public var name: String
        public var phone: String
        /// 居民身份证号: used only to recognise a repeat petition (as a keyed hash); never stored or sent on.
        public var idNumber: String?
        /// The language of the petitioner's SMS: `zh-CN` (when absent) or `en`.
        public var language: String?
        /// 免打扰: asked at the window for no SMS but what the law requires (docs/notifications.md).
        public var smsOptOut: Bool?
        public init(
            name: String, phone: String, idNumber: String? = nil, language: String? = nil,
            smsOptOut: Bool? = nil
        ) {
            self.name = name
            self.phone = phone
            self.idNumber = idNumber
            self.language = language
            self.smsOptOut = smsOptOut
        }

        /// The languages a petitioner may be written to in.
        public static let languages = ["zh-CN", "en"]
    }

    public struct Location: Sendable, Codable, Equatable {
        /// Town or street (镇街) code.
        public var town: String
        public var community: String?
        public var grid: String?
        public var address: String?
        public init(town: String, community: String? = nil, grid: String? = nil, address: String? = nil) {
            self.town = town
            self.community = community
            self.grid = grid
            self.address = address
        }
    }

    /// 即办: the window resolved it on the spot; the note says how.
    public struct OnSpotResolution: Sendable, Codable, Equatable {
        public var note: String
        public init(note: String) { self.note = note }
    }

    public var channel: Channel
    public var petitioner: Petitioner
    public var facts: String
    public var demand: String
    public var category: String
    public var location: Location
    public var resolvedOnSpot: OnSpotResolution?
    /// 集体访: the people the petition is brought for, and the other representatives.
    public var collective: Collective?
    /// 对方当事人.
    public var otherParties: [OtherParty]?
    /// 涉及金额, in yuan.
    public var amountInvolved: Double?

    public init(
        channel: Channel, petitioner: Petitioner, facts: String, demand: String, category: String,
        location: Location, resolvedOnSpot: OnSpotResolution? = nil, collective: Collective? = nil,
        otherParties: [OtherParty]? = nil, amountInvolved: Double? = nil
    ) {
        self.channel = channel
        self.petitioner = petitioner
        self.facts = facts
        self.demand = demand
        self.category = category
        self.location = location
        self.resolvedOnSpot = resolvedOnSpot
        self.collective = collective
        self.otherParties = otherParties
        self.amountInvolved = amountInvolved
    }

    /// Every petitioner: the first representative, then the others of a collective petition.
    public var petitioners: [Petitioner] { [petitioner] + (collective?.representatives ?? []) }
}

/// One thing wrong with a submitted field; `field` is a dotted path such as `petitioner.phone`.
public struct FieldProblem: Sendable, Equatable, Codable {
    public let field: String
    public let problem: String
    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
}

extension Registration {
    /// Limits that keep one registration a sane size (characters).
    public static let maxTextLength = 4000
    public static let maxNameLength = 100
    /// A name's limit in UTF-8 bytes too: 100 clusters of combining marks can be kilobytes.
    public static let maxNameBytes = 400

    /// The problems with the content, empty when it can be registered.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func require(_ value: String, _ field: String, max: Int) {
            if let problem = Self.textProblem(value, max: max) {
                problems.append(FieldProblem(field: field, problem: problem))
            }
        }
        problems += Self.personProblems(
            name: petitioner.name, phone: petitioner.phone, idNumber: petitioner.idNumber, at: "petitioner")
        require(facts, "facts", max: Self.maxTextLength)
        require(demand, "demand", max: Self.maxTextLength)
        require(category, "category", max: 64)
        require(location.town, "location.town", max: 64)
        if let resolvedOnSpot { require(resolvedOnSpot.note, "resolvedOnSpot.note", max: Self.maxTextLength) }
        if let language = petitioner.language, !Petitioner.languages.contains(language) {
            problems.append(FieldProblem(field: "petitioner.language", problem: "must be zh-CN or en"))
        }
        if let collective { problems += Self.problems(of: collective) }
        if let otherParties {
            if otherParties.count > OtherParty.maxParties {
                problems.append(
                    FieldProblem(field: "otherParties", problem: "must be at most \(OtherParty.maxParties)"))
            }
            for (index, party) in otherParties.prefix(OtherParty.maxParties).enumerated() {
                let path = "otherParties[\(index)]"
                let person = party.kind == .person
                problems += Self.personProblems(
                    name: party.name, phone: party.phone, idNumber: person ? party.idNumber : nil, at: path)
                if !person, party.idNumber != nil {
                    problems.append(
                        FieldProblem(
                            field: "\(path).idNumber", problem: "is for a person, not an organisation"))
                }
            }
        }
        if let amountInvolved, let problem = AmountInvolved.problem(amountInvolved) {
            problems.append(FieldProblem(field: "amountInvolved", problem: problem))
        }
        return problems
    }
}

extension Registration {
    static func problems(of collective: Collective) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let extra = Collective.maxRepresentatives - 1
        if collective.representatives.count > extra {
            problems.append(
                FieldProblem(
                    field: "collective.representatives",
                    problem:
                        "must be at most \(extra) (with the petitioner, \(Collective.maxRepresentatives) representatives)"
                ))
        }
        let representatives = 1 + collective.representatives.count
        if collective.people < max(2, representatives) || collective.people > Collective.maxPeople {
            problems.append(
                FieldProblem(
                    field: "collective.people",
                    problem:
                        "must be from \(max(2, representatives)) (the representatives) to \(Collective.maxPeople)"
                ))
        }
        for (index, person) in collective.representatives.prefix(extra).enumerated() {
            problems += personProblems(
                name: person.name, phone: person.phone, idNumber: person.idNumber,
                at: "collective.representatives[\(index)]")
        }
        return problems
    }

    /// A person's name, and their phone and ID number where given.
    static func personProblems(name: String, phone: String?, idNumber: String?, at path: String)
        -> [FieldProblem]
    {
        var problems: [FieldProblem] = []
        // One problem per field: the first says enough.
        if let problem = textProblem(name, max: maxNameLength) {
            problems.append(FieldProblem(field: "\(path).name", problem: problem))
        } else if !PersonalData.hasVisibleCharacter(name) {
            problems.append(FieldProblem(field: "\(path).name", problem: "must contain a visible character"))
        } else if name.utf8.count > maxNameBytes {
            problems.append(
                FieldProblem(field: "\(path).name", problem: "must be at most \(maxNameBytes) bytes"))
        }
        if let phone, let problem = phoneProblem(phone) {
            problems.append(FieldProblem(field: "\(path).phone", problem: problem))
        }
        if let idNumber, !PersonalData.isResidentIdNumber(idNumber) {
            problems.append(
                FieldProblem(
                    field: "\(path).idNumber",
                    problem: "must be an 18-character resident ID number with a valid check digit"))
        }
        return problems
    }

    /// The problem with a required text, or nil: no control characters, not blank, not too long.
    static func textProblem(_ value: String, max: Int) -> String? {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 && !["\t", "\n", "\r"].contains($0) }) {
            return "must not contain NUL or other control characters"
        }
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "must not be empty" }
        if value.count > max { return "must be at most \(max) characters" }
        return nil
    }

    /// ASCII digits only: 一二三 and ①②③ are numbers to Unicode, not to a telephone.
    static func phoneProblem(_ phone: String) -> String? {
        let digits = phone.filter { $0.isASCII && $0.isNumber }
        guard digits.count >= 7, digits.count <= 15,
            phone.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "-" || $0 == "+" || $0 == " " })
        else { return "must be a phone number of 7 to 15 digits" }
        return nil
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> Substring {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return text
    }
}

extension Set where Element == Character {
    fileprivate static let whitespacesAndNewlines: Set<Character> = [" ", "\t", "\n", "\r", "\u{3000}"]
}
