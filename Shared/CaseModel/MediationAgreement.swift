import Foundation

/// 调解协议: what the parties agreed at the end of a mediation — written (书面, signed by each
/// party) or oral (口头, each party's word recorded by the mediator) — with its terms, the day it
/// was concluded and each party's confirmation. A written agreement may be sent to the court for
/// 司法确认 (judicial confirmation), which makes it enforceable.
public struct MediationAgreement: Codable, Sendable, Equatable {
    /// 书面 or 口头.
    public enum Form: String, ClosedSet {
        case written
        case oral
    }

    /// How a party confirmed the agreement.
    public enum Confirmation: String, ClosedSet {
        /// 签字: signed the written agreement.
        case signed
        /// 捺印: put their fingerprint to it.
        case fingerprint
        /// 口头确认: said so before the mediator (an oral agreement).
        case oral
    }

    public struct Party: Codable, Sendable, Equatable {
        public enum Side: String, ClosedSet {
            case petitioner
            case other
        }

        public var name: String
        public var side: Side
        public var confirmation: Confirmation

        public init(name: String, side: Side, confirmation: Confirmation) {
            self.name = name
            self.side = side
            self.confirmation = confirmation
        }
    }

    public var form: Form
    /// The kind of mediation that reached it (人民调解, 行政调解 …).
    public var mediation: Mediation?
    public var terms: String
    /// The day it was concluded, `YYYY-MM-DD`.
    public var concludedOn: String
    public var parties: [Party]

    public init(form: Form, mediation: Mediation? = nil, terms: String, concludedOn: String, parties: [Party])
    {
        self.form = form
        self.mediation = mediation
        self.terms = terms
        self.concludedOn = concludedOn
        self.parties = parties
    }

    public static let maxParties = 30

    /// Every rule the agreement breaks, by field: the terms, a real day not after `today`, at
    /// least one party on each side, names, and confirmations that fit the form (a written
    /// agreement is signed or fingerprinted, an oral one confirmed by word).
    public func problems(today: String) -> [FieldProblem] {
        var problems = DomainRefusal.textProblems(terms, field: "terms", max: 8000)
        if !CentreDay.isValid(concludedOn) {
            problems.append(FieldProblem(field: "concludedOn", problem: "must be a date as YYYY-MM-DD"))
        } else if concludedOn > today {
            problems.append(FieldProblem(field: "concludedOn", problem: "must not be in the future"))
        }
        if parties.count > Self.maxParties {
            problems.append(
                FieldProblem(field: "parties", problem: "must be at most \(Self.maxParties) items"))
        } else if !(parties.contains { $0.side == .petitioner } && parties.contains { $0.side == .other }) {
            problems.append(
                FieldProblem(field: "parties", problem: "must include a petitioner and another party"))
        }
        for (index, party) in parties.enumerated() {
            problems += DomainRefusal.textProblems(party.name, field: "parties[\(index)].name", max: 200)
            if (form == .oral) != (party.confirmation == .oral) {
                problems.append(
                    FieldProblem(
                        field: "parties[\(index)].confirmation",
                        problem: form == .oral
                            ? "must be oral for an oral agreement"
                            : "must be signed or fingerprint for a written agreement"))
            }
        }
        return problems
    }
}

/// 司法确认: the court's decision on a written agreement sent to it.
public enum JudicialDecision: String, ClosedSet {
    /// 确认有效: the agreement is confirmed and may be enforced.
    case confirmed
    /// 驳回申请: the court refused to confirm it.
    case refused
}
