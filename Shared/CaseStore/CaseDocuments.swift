import CaseModel
import Crypto
import Foundation
import Storage

/// The documents the centre hands out, each printed with a verification code (核验码) derived
/// from the case's hash chain (migration 0008), so a paper copy can be checked against the
/// record: 受理回执, 交办单, 答复意见书, 调解协议书, 专家评审意见书, 回访记录.
///
/// A code is `<letter><n>-<event>-<check>`: the kind and which one of the case's (the second
/// answer letter is `A2`), the timeline row the document was issued at (its id, base 36), and
/// ten hex digits of SHA-256 over the kind, the case number, that row's chain hash and the
/// document's facts. Checking a code finds the row, rechecks the chain up to it, reads the
/// facts from the record as it is now and recomputes: a changed record, a broken chain or a
/// changed code does not verify.
public enum CaseDocuments {
    public enum Kind: String, ClosedSet {
        /// 受理回执
        case receipt
        /// 交办单
        case workOrder = "work_order"
        /// 答复意见书
        case answerLetter = "answer_letter"
        /// 调解协议书
        case agreement
        /// 专家评审意见书
        case panelOpinion = "panel_opinion"
        /// 回访记录
        case visitRecord = "visit_record"

        var letter: String {
            switch self {
            case .receipt: "R"
            case .workOrder: "W"
            case .answerLetter: "A"
            case .agreement: "M"
            case .panelOpinion: "P"
            case .visitRecord: "V"
            }
        }

        init?(letter: Character) {
            guard let kind = Self.allCases.first(where: { $0.letter == String(letter) }) else { return nil }
            self = kind
        }
    }

    /// A document as issued: what it is and its code.
    public struct Issued: Codable, Sendable, Equatable {
        public let caseNumber: String
        public let kind: String
        public let number: Int
        public let code: String
        /// When the timeline row it was issued at was written.
        public let issuedAt: Date
    }

    /// What checking a code found.
    public struct Check: Codable, Sendable, Equatable {
        public let code: String
        public let valid: Bool
        public let caseNumber: String?
        public let kind: String?
        public let number: Int?
        public let issuedAt: Date?
        /// Why it does not verify.
        public let reason: String?
    }

    /// The code for the `number`th document of `kind` of the case (from 1), issued at its
    /// timeline's newest row; nil when the case has no such document.
    public static func issue(_ kind: Kind, number: Int, caseNumber: String, on connection: PostgresConnection)
        throws -> Issued?
    {
        guard let view = try CaseView.load(caseNumber: caseNumber, on: connection),
            let facts = facts(kind, number: number, of: view),
            let head = try connection.query(
                """
                SELECT e.id, e.hash, e.occurred_at FROM case_events e JOIN cases c ON c.id = e.case_id
                WHERE c.case_number = \(caseNumber) ORDER BY e.seq DESC LIMIT 1
                """
            ).first
        else { return nil }
        let event: Int = try head.decode("id")
        let code = code(
            kind, number: number, caseNumber: caseNumber, event: event, hash: try head.decode("hash"),
            facts: facts)
        return Issued(
            caseNumber: caseNumber, kind: kind.rawValue, number: number, code: code,
            issuedAt: try head.decode("occurred_at"))
    }

    /// Checks a code against the record.
    public static func verify(_ text: String, on connection: PostgresConnection) throws -> Check {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        func refused(_ reason: String, _ caseNumber: String? = nil, _ kind: Kind? = nil, _ number: Int? = nil)
            -> Check
        {
            Check(
                code: String(code.prefix(40)), valid: false, caseNumber: caseNumber, kind: kind?.rawValue,
                number: number, issuedAt: nil, reason: reason)
        }
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let letter = parts[0].first, let kind = Kind(letter: letter),
            let number = Int(parts[0].dropFirst()), number > 0, let event = Int(parts[1], radix: 36),
            parts[2].count == 10, parts[2].allSatisfy(\.isHexDigit)
        else { return refused("not a verification code (like A1-3F2-9C0B7E11D4)") }
        guard
            let row = try connection.query(
                """
                SELECT e.case_id::text AS case_id, e.seq, e.hash, e.occurred_at, c.case_number
                FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.id = \(event)
                """
            ).first
        else { return refused("no document of the record has this code") }
        let caseNumber: String = try row.decode("case_number")
        let broken = try connection.query(
            """
            SELECT count(*) AS broken FROM (
              SELECT e.seq, e.hash, e.prev_hash, lag(e.hash) OVER w AS before, lag(e.seq) OVER w AS seq_before,
                     case_event_digest(e.prev_hash, e) AS digest
              FROM case_events e WHERE e.case_id = \(try row.decode("case_id", as: String.self))::uuid
              WINDOW w AS (ORDER BY e.seq)
            ) rows
            WHERE seq <= \(try row.decode("seq", as: Int.self))
              AND (hash IS DISTINCT FROM digest OR prev_hash IS DISTINCT FROM before
                   OR seq <> coalesce(seq_before, 0) + 1)
            """
        ).first!.decode("broken", as: Int.self)
        guard broken == 0 else {
            return refused(
                "the case's timeline was changed after this document was issued", caseNumber, kind, number)
        }
        guard let view = try CaseView.load(caseNumber: caseNumber, on: connection),
            let facts = facts(kind, number: number, of: view),
            Self.code(
                kind, number: number, caseNumber: caseNumber, event: event, hash: try row.decode("hash"),
                facts: facts)
                == code
        else { return refused("no document of the record has this code", caseNumber) }
        return Check(
            code: code, valid: true, caseNumber: caseNumber, kind: kind.rawValue, number: number,
            issuedAt: try row.decode("occurred_at"), reason: nil)
    }

    static func code(
        _ kind: Kind, number: Int, caseNumber: String, event: Int, hash: String, facts: [String: String]
    )
        -> String
    {
        let text = [
            "onedoor-document-v1", kind.rawValue, String(number), caseNumber, hash,
            facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}"),
        ].joined(separator: "\u{1E}")
        let check = SHA256.hash(data: Data(text.utf8)).prefix(5).map { String(format: "%02X", $0) }.joined()
        return "\(kind.letter)\(number)-\(String(event, radix: 36).uppercased())-\(check)"
    }

    /// The facts a document prints, by name: a fixed list per kind (never the view's whole shape,
    /// so a field the view gains later leaves earlier codes valid). Nil: no such document.
    static func facts(_ kind: Kind, number: Int, of view: CaseView) -> [String: String]? {
        func at<T>(_ items: [T]) -> T? { items.indices.contains(number - 1) ? items[number - 1] : nil }
        func time(_ date: Date?) -> String { date.map { String($0.timeIntervalSince1970) } ?? "" }
        switch kind {
        case .receipt:
            guard number == 1 else { return nil }
            return [
                "registeredAt": time(view.registeredAt), "petitioner": view.petitioner.name,
                "category": view.category, "channel": view.channel, "facts": view.facts,
                "demand": view.demand,
            ]
        case .workOrder:
            return at(view.workOrders).map {
                [
                    "id": $0.id, "department": $0.department, "round": String($0.round), "role": $0.role,
                    "dispatchedAt": time($0.dispatchedAt), "dueAt": time($0.dueAt),
                ]
            }
        case .answerLetter:
            return at(view.answers).map {
                [
                    "department": $0.department, "outcome": $0.outcome, "text": $0.text,
                    "reasons": $0.reasons ?? "",
                    "answeredAt": time($0.answeredAt), "agreement": $0.agreementId ?? "",
                ]
            }
        case .agreement:
            return at(view.agreements).map {
                [
                    "id": $0.id, "form": $0.form, "terms": $0.terms, "concludedOn": $0.concludedOn,
                    "parties": $0.parties.map { "\($0.name)/\($0.side.rawValue)/\($0.confirmation.rawValue)" }
                        .joined(separator: ";"),
                ]
            }
        case .panelOpinion:
            guard let panel = at(view.reviewPanels), let conclusion = panel.conclusion else { return nil }
            return [
                "id": panel.id, "conclusion": conclusion,
                "members": panel.members.map { "\($0.expert)/\($0.verdict ?? "")/\($0.reasons ?? "")" }
                    .joined(separator: ";"),
            ]
        case .visitRecord:
            let visited = view.visits.filter { $0.visitedAt != nil }
            return at(visited).map {
                [
                    "round": String($0.round), "visitedAt": time($0.visitedAt), "method": $0.method ?? "",
                    "satisfaction": $0.satisfaction ?? "", "handling": $0.handlingComment ?? "",
                    "conduct": $0.conductComment ?? "",
                ]
            }
        }
    }
}
