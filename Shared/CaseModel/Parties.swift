/// 集体访 / 联名信: a petition brought for many people through up to five representatives
/// (代表). The first representative is the registration's `petitioner`, who is told each step;
/// the others are here. Collective petitions are counted apart in the reports.
public struct Collective: Sendable, Codable, Equatable {
    /// 人数: how many people the petition is brought for, the representatives among them.
    public var people: Int
    /// The other representatives, at most four (five with the petitioner).
    public var representatives: [Registration.Petitioner]

    public init(people: Int, representatives: [Registration.Petitioner] = []) {
        self.people = people
        self.representatives = representatives
    }

    public static let maxRepresentatives = 5
    public static let maxPeople = 100_000
}

/// 对方当事人: another party to the dispute — a person or an organisation (a company, a
/// property-management firm, a village committee) — as respondent (被申请人) or third party.
/// A person's phone is sealed and their ID number kept only as a keyed hash, as a petitioner's.
public struct OtherParty: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case person, organisation
    }

    public enum Role: String, Sendable, Codable, CaseIterable {
        /// 被申请人: the party the demand is made of.
        case respondent
        /// 第三人: a party with an interest in the outcome.
        case thirdParty = "third_party"
    }

    public var kind: Kind
    public var role: Role
    public var name: String
    public var phone: String?
    /// A person's resident ID number: only its keyed hash is kept.
    public var idNumber: String?

    public init(kind: Kind, role: Role, name: String, phone: String? = nil, idNumber: String? = nil) {
        self.kind = kind
        self.role = role
        self.name = name
        self.phone = phone
        self.idNumber = idNumber
    }

    public static let maxParties = 20
}

/// 涉及金额: the amount in dispute, in yuan.
public enum AmountInvolved {
    /// ¥1 trillion: above any dispute a centre handles, below what numeric(14,2) holds.
    public static let maximum = 1_000_000_000_000.0

    /// The problem with an amount, or nil: not negative, not above the maximum, whole fen.
    public static func problem(_ amount: Double) -> String? {
        guard amount.isFinite, amount >= 0 else { return "must not be negative" }
        guard amount < maximum else { return "must be less than 1,000,000,000,000 yuan" }
        let fen = amount * 100
        guard abs(fen - fen.rounded()) < 1e-6 else { return "must have at most two decimal places (fen)" }
        return nil
    }
}
