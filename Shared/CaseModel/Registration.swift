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

    public init(
        channel: Channel, petitioner: Petitioner, facts: String, demand: String, category: String,
        location: Location, resolvedOnSpot: OnSpotResolution? = nil
    ) {
        self.channel = channel
        self.petitioner = petitioner
        self.facts = facts
        self.demand = demand
        self.category = category
        self.location = location
        self.resolvedOnSpot = resolvedOnSpot
    }
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
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.unicodeScalars.contains(where: { $0.value < 0x20 && !["\t", "\n", "\r"].contains($0) }) {
                problems.append(
                    FieldProblem(field: field, problem: "must not contain NUL or other control characters"))
            } else if trimmed.isEmpty {
                problems.append(FieldProblem(field: field, problem: "must not be empty"))
            } else if value.count > max {
                problems.append(FieldProblem(field: field, problem: "must be at most \(max) characters"))
            }
        }
        require(petitioner.name, "petitioner.name", max: Self.maxNameLength)
        if problems.contains(where: { $0.field == "petitioner.name" }) {
            // One problem per field: the first says enough.
        } else if !PersonalData.hasVisibleCharacter(petitioner.name) {
            problems.append(
                FieldProblem(field: "petitioner.name", problem: "must contain a visible character"))
        } else if petitioner.name.utf8.count > Self.maxNameBytes {
            problems.append(
                FieldProblem(field: "petitioner.name", problem: "must be at most \(Self.maxNameBytes) bytes"))
        }
        require(facts, "facts", max: Self.maxTextLength)
        require(demand, "demand", max: Self.maxTextLength)
        require(category, "category", max: 64)
        require(location.town, "location.town", max: 64)
        if let resolvedOnSpot { require(resolvedOnSpot.note, "resolvedOnSpot.note", max: Self.maxTextLength) }
        // ASCII digits only: 一二三 and ①②③ are numbers to Unicode, not to a telephone.
        let digits = petitioner.phone.filter { $0.isASCII && $0.isNumber }
        if digits.count < 7 || digits.count > 15
            || !petitioner.phone.allSatisfy({
                ($0.isASCII && $0.isNumber) || $0 == "-" || $0 == "+" || $0 == " "
            })
        {
            problems.append(
                FieldProblem(field: "petitioner.phone", problem: "must be a phone number of 7 to 15 digits"))
        }
        if let language = petitioner.language, !Petitioner.languages.contains(language) {
            problems.append(FieldProblem(field: "petitioner.language", problem: "must be zh-CN or en"))
        }
        if let idNumber = petitioner.idNumber, !PersonalData.isResidentIdNumber(idNumber) {
            problems.append(
                FieldProblem(
                    field: "petitioner.idNumber",
                    problem: "must be an 18-character resident ID number with a valid check digit"))
        }
        return problems
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
