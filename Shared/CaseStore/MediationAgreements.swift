import CaseModel
import Foundation
import Storage

/// 调解协议 and 司法确认 in the database (`mediation_agreements`, `judicial_confirmations`): the
/// agreements a case's mediation reached, and a written one's judicial confirmation by the
/// court department — requested once, decided once.
public enum MediationAgreements {
    /// An agreement as the case view shows it.
    public struct Recorded: Codable, Sendable, Equatable, PostgresRowDecodable {
        public let id: String
        public let form: String
        public let mediation: String?
        public let terms: String
        public let concludedOn: String
        public let parties: [MediationAgreement.Party]
        public let department: String
        public let recordedBy: String
        public let recordedAt: Date
        public let judicialConfirmation: JudicialConfirmation?

        public init(row: PostgresRow) throws {
            id = try row.decode("id")
            form = try row.decode("form")
            mediation = try row.decodeIfPresent("mediation")
            terms = try row.decode("terms")
            concludedOn = try row.decode("concluded_on")
            parties = try JSONDecoder().decode(
                [MediationAgreement.Party].self, from: Data(try row.decode("parties", as: String.self).utf8))
            department = try row.decode("department_code")
            recordedBy = try row.decode("recorded_by")
            recordedAt = try row.decode("recorded_at")
            judicialConfirmation = try row.decodeIfPresent("court_code", as: String.self).map { court in
                JudicialConfirmation(
                    court: court, requestedBy: try row.decode("requested_by"),
                    requestedAt: try row.decode("requested_at"),
                    decision: try row.decodeIfPresent("decision"),
                    reason: try row.decodeIfPresent("reason"),
                    decidedBy: try row.decodeIfPresent("decided_by"),
                    decidedAt: try row.decodeIfPresent("decided_at"))
            }
        }
    }

    public struct JudicialConfirmation: Codable, Sendable, Equatable {
        /// The court department's code.
        public let court: String
        public let requestedBy: String
        public let requestedAt: Date
        public let decision: String?
        public let reason: String?
        public let decidedBy: String?
        public let decidedAt: Date?
    }

    static let selection: StaticString = """
        SELECT a.id::text AS id, a.form, a.mediation, a.terms, a.concluded_on::text AS concluded_on,
               a.parties::text AS parties, a.department_code, a.recorded_by, a.recorded_at,
               j.court_code, j.requested_by, j.requested_at, j.decision, j.reason, j.decided_by, j.decided_at
        FROM mediation_agreements a LEFT JOIN judicial_confirmations j ON j.agreement_id = a.id
        """

    /// Records an agreement on a case the caller has locked.
    public static func record(
        _ agreement: MediationAgreement, on caseRef: CaseRef, department: String, actor: String,
        on connection: PostgresConnection
    ) throws -> Recorded {
        let parties = String(decoding: try JSONEncoder().encode(agreement.parties), as: UTF8.self)
        let id: String = try connection.query(
            """
            INSERT INTO mediation_agreements (case_id, form, mediation, terms, concluded_on, parties,
                department_code, recorded_by)
            VALUES (\(caseRef.id)::uuid, \(agreement.form.rawValue), \(agreement.mediation?.rawValue),
                \(agreement.terms), \(agreement.concludedOn)::date, \(parties)::jsonb, \(department), \(actor))
            RETURNING id::text AS id
            """
        ).first!.decode("id")
        return try find(id, caseId: caseRef.id, on: connection)!
    }

    /// The case's agreements, oldest first.
    public static func load(caseId: String, on connection: PostgresConnection) throws -> [Recorded] {
        try connection.query(
            "\(unescaped: selection) WHERE a.case_id = \(caseId)::uuid ORDER BY a.recorded_at, a.id",
            as: Recorded.self)
    }

    /// One agreement of the case; nil when it has none with that id.
    public static func find(_ id: String, caseId: String, on connection: PostgresConnection) throws
        -> Recorded?
    {
        guard UUID(uuidString: id) != nil else { return nil }
        return try connection.query(
            "\(unescaped: selection) WHERE a.id = \(id)::uuid AND a.case_id = \(caseId)::uuid",
            as: Recorded.self
        ).first
    }

    /// Sends a written agreement to the court department `court` for judicial confirmation: once.
    public static func requestJudicialConfirmation(
        _ id: String, on caseRef: CaseRef, court: String, actor: String, on connection: PostgresConnection
    ) throws -> Recorded {
        guard let agreement = try find(id, caseId: caseRef.id, on: connection) else {
            throw DomainRefusal.notFound("case \(caseRef.number) has no agreement \(id.prefix(40))")
        }
        guard agreement.form == MediationAgreement.Form.written.rawValue else {
            throw DomainRefusal.conflict("only a written agreement can be sent for judicial confirmation")
        }
        guard agreement.judicialConfirmation == nil else {
            throw DomainRefusal.conflict("the agreement was already sent for judicial confirmation")
        }
        guard try ReferenceLookups.departmentExists(court, on: connection) else {
            throw DomainRefusal.invalid([
                FieldProblem(field: "court", problem: "unknown department '\(court)'")
            ])
        }
        try connection.query(
            """
            INSERT INTO judicial_confirmations (agreement_id, court_code, requested_by)
            VALUES (\(id)::uuid, \(court), \(actor))
            """)
        return try find(id, caseId: caseRef.id, on: connection)!
    }

    /// The court department's decision on a confirmation it was asked for: once. `court` is the
    /// deciding handler's department (nil: an admin, for any court).
    public static func decide(
        _ id: String, on caseRef: CaseRef, decision: JudicialDecision, reason: String?, court: String?,
        actor: String, on connection: PostgresConnection
    ) throws -> Recorded {
        guard let agreement = try find(id, caseId: caseRef.id, on: connection),
            let confirmation = agreement.judicialConfirmation
        else {
            throw DomainRefusal.notFound(
                "case \(caseRef.number) has no agreement \(id.prefix(40)) sent to a court")
        }
        if let court, court != confirmation.court {
            throw DomainRefusal.forbidden("the agreement was sent to \(confirmation.court), not \(court)")
        }
        guard confirmation.decision == nil else {
            throw DomainRefusal.conflict("the court has already decided (\(confirmation.decision ?? ""))")
        }
        try connection.query(
            """
            UPDATE judicial_confirmations SET decision = \(decision.rawValue), reason = \(reason),
                decided_by = \(actor), decided_at = clock_timestamp()
            WHERE agreement_id = \(id)::uuid AND decision IS NULL
            """)
        return try find(id, caseId: caseRef.id, on: connection)!
    }

    /// Agreements sent to `court` and not decided yet, oldest request first: the court's worklist.
    public static func pending(court: String?, limit: Int, on connection: PostgresConnection) throws
        -> [(caseNumber: String, agreement: Recorded)]
    {
        try connection.query(
            """
            SELECT c.case_number, x.* FROM (\(unescaped: selection)) x
            JOIN mediation_agreements m ON m.id = x.id::uuid JOIN cases c ON c.id = m.case_id
            WHERE x.court_code IS NOT NULL AND x.decision IS NULL
              AND (\(court)::text IS NULL OR x.court_code = \(court))
            ORDER BY x.requested_at LIMIT \(limit)
            """
        ).rows.map { (try $0.decode("case_number"), try Recorded(row: $0)) }
    }
}
