import CaseModel
import Contracts
import Foundation
import Storage

/// 当事人 in the database (`case_parties`): the representatives of a collective petition after
/// the first (whose data is on the case row, as every petitioner's) and the other parties. A
/// person's phone is sealed with the identity key and kept masked beside it, their ID number
/// only as a keyed hash; an organisation's name is kept as given.
public enum CaseParties {
    /// One party as the case view shows it: the phone masked, the ID number never.
    public struct Party: Codable, Sendable, Equatable, PostgresRowDecodable {
        public let side: String
        public let kind: String
        public let role: String
        public let name: String
        public let phone: String?
    }

    /// Records the parties of a registration, in the registration's transaction.
    static func record(
        _ registration: Registration, caseId: String, identity: IdentityKey, on connection: PostgresConnection
    ) throws {
        var position = 0
        func insert(side: String, kind: String, role: String, name: String, phone: String?, idNumber: String?)
            throws
        {
            position += 1
            try connection.query(
                """
                INSERT INTO case_parties (case_id, position, side, kind, role, name, phone, phone_masked,
                    phone_hash, id_hash)
                VALUES (\(caseId)::uuid, \(position), \(side), \(kind), \(role), \(name),
                    \(try phone.map(identity.seal)), \(phone.map(PersonalData.maskPhone)),
                    \(phone.map(identity.phoneHash(of:))), \(idNumber.map(identity.idHash(of:))))
                """)
        }
        for representative in registration.collective?.representatives ?? [] {
            try insert(
                side: "petitioner", kind: "person", role: "representative", name: representative.name,
                phone: representative.phone, idNumber: representative.idNumber)
        }
        for party in registration.otherParties ?? [] {
            try insert(
                side: "other", kind: party.kind.rawValue, role: party.role.rawValue, name: party.name,
                phone: party.phone, idNumber: party.kind == .person ? party.idNumber : nil)
        }
    }

    /// 重复信访's match on cases `c`: those one of whose petitioners — the first, on the case row,
    /// or another representative — has one of these keyed hashes. Each side is looked up through
    /// its own index (an `OR EXISTS` beside the case row's columns would scan every case).
    public static func petitionedBy(phoneHashes: [String], idHashes: [String]) -> PostgresQuery {
        let phones = PostgresArray.text(phoneHashes)
        let ids = PostgresArray.text(idHashes)
        return """
            c.id IN (
              SELECT id FROM cases
              WHERE petitioner_phone_hash = ANY(\(phones)::text[]) OR petitioner_id_hash = ANY(\(ids)::text[])
              UNION
              SELECT case_id FROM case_parties
              WHERE side = 'petitioner' AND (phone_hash = ANY(\(phones)::text[]) OR id_hash = ANY(\(ids)::text[])))
            """
    }

    /// The parties as a work order carries them (交办单): a collective petition's people and its
    /// further representatives, the other parties, the amount — phones masked.
    public static func forWorkOrder(caseId: String, on connection: PostgresConnection) throws -> (
        collective: WorkOrder.Collective?, otherParties: [WorkOrder.Party]?, amountInvolved: Double?
    ) {
        let row = try connection.query(
            "SELECT collective_people, amount_involved FROM cases WHERE id = \(caseId)::uuid"
        ).first
        let parties = try load(caseId: caseId, on: connection).map {
            (
                side: $0.side,
                party: WorkOrder.Party(kind: $0.kind, role: $0.role, name: $0.name, phone: $0.phone)
            )
        }
        let others = parties.filter { $0.side == "other" }.map(\.party)
        return (
            try row?.decodeIfPresent("collective_people", as: Int.self).map {
                WorkOrder.Collective(
                    people: $0, representatives: parties.filter { $0.side == "petitioner" }.map(\.party))
            },
            others.isEmpty ? nil : others,
            try row?.decodeIfPresent("amount_involved")
        )
    }

    /// The case's parties in the order they were registered.
    public static func load(caseId: String, on connection: PostgresConnection) throws -> [Party] {
        try connection.query(
            """
            SELECT side, kind, role, name, phone_masked AS phone FROM case_parties
            WHERE case_id = \(caseId)::uuid ORDER BY position
            """, as: Party.self)
    }
}
