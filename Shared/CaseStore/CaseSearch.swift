import CaseModel
import Foundation
import Storage

/// 案件查询: cases by any of their facts, newest first, a page at a time, within the caller's
/// scope. Phone and ID number are found through their keyed hashes (nothing is compared in
/// clear); names and the words of facts and demand by any substring of two or more characters,
/// through the bigram indexes of migration 0017 (docs/http-api.md, case search, says why).
public enum CaseSearch {
    /// What to look for; every criterion given must hold.
    public struct Criteria: Sendable {
        public var number: String?
        public var phoneHash: String?
        public var idHash: String?
        /// Part of the petitioner's name (two or more characters).
        public var name: String?
        /// Words that must each appear in the facts or the demand (two or more characters each).
        public var words: [String] = []
        /// A category kind, or a class: its kinds.
        public var category: String?
        public var town: String?
        public var community: String?
        public var grid: String?
        public var status: String?
        public var channel: String?
        /// A department with a work order on the case, in any round.
        public var department: String?
        /// Registered on or after this day, on or before `to` (YYYY-MM-DD, Asia/Shanghai).
        public var from: String?
        public var to: String?
        /// The registering staff member's actor (a clerk's own registrations).
        public var registeredBy: String?

        public init() {}
    }

    /// Where the caller may look: a town-level caller's town, and a department handler's own
    /// department's cases.
    public struct Scope: Sendable {
        public let town: String?
        public let department: String?

        public init(town: String?, department: String?) {
            self.town = town
            self.department = department
        }
    }

    public struct Item: Codable, Sendable, PostgresRowDecodable {
        let id: String
        public let caseNumber: String
        public let status: String
        public let category: String
        public let channel: String
        public let town: String
        public let community: String?
        public let grid: String?
        public let department: String?
        public let registeredAt: Date
        public var petitioner: String
    }

    /// The fewest characters a substring may have: one character is in too many texts to be a
    /// search, and a bigram index cannot find it.
    public static let shortestSubstring = 2

    public static func page(
        _ criteria: Criteria, scope: Scope, after cursor: KeysetCursor?, limit: Int,
        on connection: PostgresConnection
    ) throws -> (items: [Item], next: KeysetCursor?) {
        var rows = try connection.query(
            """
            SELECT c.id::text AS id, c.case_number AS "caseNumber", c.status, c.category_code AS category,
                   c.channel, c.location_town AS town, c.location_community AS community,
                   c.location_grid AS grid, c.department_code AS department, c.registered_at AS "registeredAt",
                   c.petitioner_name AS petitioner
            FROM cases c
            WHERE \(condition(criteria, scope: scope))
              AND \(KeysetCursor.after(cursor, time: "c.registered_at", id: "c.id", descending: true))
            ORDER BY c.registered_at DESC, c.id DESC LIMIT \(limit + 1)
            """, as: Item.self)
        for index in rows.indices {
            rows[index].petitioner = PersonalData.maskName(rows[index].petitioner)
        }
        return KeysetCursor.page(rows, limit: limit) { ($0.registeredAt, $0.id) }
    }

    /// How many cases match (for a clerk's day: small by construction).
    public static func count(_ criteria: Criteria, scope: Scope, on connection: PostgresConnection) throws
        -> Int
    {
        try connection.query("SELECT count(*) AS n FROM cases c WHERE \(condition(criteria, scope: scope))")
            .first!.decode("n")
    }

    /// The criteria and the scope as one condition on `cases c`. Absent criteria add nothing, so
    /// each combination is its own statement with its own plan.
    static func condition(_ criteria: Criteria, scope: Scope) -> PostgresQuery {
        var parts: [PostgresQuery] = [
            .equals("c.case_number", criteria.number),
            .equals("c.location_town", criteria.town),
            .equals("c.location_community", criteria.community),
            .equals("c.location_grid", criteria.grid),
            .equals("c.status", criteria.status),
            .equals("c.channel", criteria.channel),
            .equals("c.registered_by", criteria.registeredBy),
            .equals("c.location_town", scope.town),
        ]
        // A phone or ID number finds the case of any of its petitioners: the first, or another
        // representative of a collective petition (集体访).
        if let phoneHash = criteria.phoneHash {
            parts.append(CaseParties.petitionedBy(phoneHashes: [phoneHash], idHashes: []))
        }
        if let idHash = criteria.idHash {
            parts.append(CaseParties.petitionedBy(phoneHashes: [], idHashes: [idHash]))
        }
        if let name = criteria.name {
            parts.append(
                """
                onedoor_bigrams(c.petitioner_name) @> onedoor_bigrams(\(name))
                AND strpos(lower(c.petitioner_name), lower(\(name))) > 0
                """)
        }
        for word in criteria.words {
            parts.append(
                """
                onedoor_bigrams(c.facts || E'\\n' || c.demand) @> onedoor_bigrams(\(word))
                AND strpos(lower(c.facts || E'\\n' || c.demand), lower(\(word))) > 0
                """)
        }
        if let category = criteria.category {
            parts.append(
                """
                c.category_code IN (SELECT code FROM categories WHERE code = \(category) OR class_code = \(category))
                """)
        }
        for department in [criteria.department, scope.department].compactMap({ $0 }) {
            parts.append(
                "EXISTS (SELECT 1 FROM work_orders w WHERE w.case_id = c.id AND w.department_code = \(department))"
            )
        }
        if let from = criteria.from {
            parts.append("c.registered_at >= (\(from)::date::timestamp AT TIME ZONE 'Asia/Shanghai')")
        }
        if let to = criteria.to {
            parts.append("c.registered_at < ((\(to)::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')")
        }
        return parts.filter { $0.sql != "TRUE" }.reduce("TRUE") { "\($0) AND (\($1))" }
    }
}
