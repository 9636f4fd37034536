import CaseModel
import Foundation
import Storage

/// Writes reference data to the database in one transaction and records the
/// file as a new version. What the file no longer names is deactivated, not
/// deleted: cases keep pointing at it. Rules are replaced whole; a case keeps
/// the plan it was dispatched with.
public enum ReferenceStore {
    public enum Outcome: Sendable, Equatable {
        case applied(version: Int)
        /// The latest version has the same content: nothing written.
        case unchanged(version: Int)
    }

    public struct Version: Sendable {
        public let version: Int
        public let sha256: String
        public let source: String
        public let summary: String
        public let appliedBy: String
        public let appliedAt: Date
    }

    /// Any number at all: the key of the advisory lock that serialises applies.
    static let lockKey = 4_242_001

    public static func apply(
        _ data: ReferenceData, content: String, source: String, actor: String,
        on connection: PostgresConnection
    ) throws -> Outcome {
        try connection.transaction { transaction in
            try transaction.execute("SELECT pg_advisory_xact_lock($1)", [lockKey])
            if let latest = try transaction.execute(
                """
                SELECT version, sha256 = encode(sha256(convert_to($1, 'UTF8')), 'hex') AS same
                FROM reference_versions ORDER BY version DESC LIMIT 1
                """, [content]
            ).first, try latest.decode("same", as: Bool.self) {
                return .unchanged(version: try latest.decode("version"))
            }
            let version: Int = try transaction.execute(
                """
                INSERT INTO reference_versions (sha256, source, content, summary, applied_by)
                VALUES (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, $1, $3, $4) RETURNING version
                """, [content, source, data.summary, actor]
            ).first!.decode("version")
            try write(data, version: version, on: transaction)
            return .applied(version: version)
        }
    }

    public static func history(on connection: PostgresConnection) throws -> [Version] {
        try connection.execute(
            """
            SELECT version, sha256, source, summary, applied_by, applied_at
            FROM reference_versions ORDER BY version
            """
        ).rows.map {
            Version(
                version: try $0.decode("version"), sha256: try $0.decode("sha256"),
                source: try $0.decode("source"),
                summary: try $0.decode("summary"), appliedBy: try $0.decode("applied_by"),
                appliedAt: try $0.decode("applied_at"))
        }
    }

    static func write(_ data: ReferenceData, version: Int, on transaction: PostgresConnection) throws {
        let towns = data.towns.map(\.place)
        try upsert(
            "towns (code, name, name_zh)", "name = EXCLUDED.name, name_zh = EXCLUDED.name_zh",
            columns: [towns.map(\.code), towns.map(\.name), towns.map(\.nameZh)], on: transaction)
        let communities = data.towns.flatMap { town in town.communities.map { (town.place.code, $0.place) } }
        try upsert(
            "communities (code, town_code, name, name_zh)",
            "town_code = EXCLUDED.town_code, name = EXCLUDED.name, name_zh = EXCLUDED.name_zh",
            columns: [
                communities.map(\.1.code), communities.map(\.0), communities.map(\.1.name),
                communities.map(\.1.nameZh),
            ], on: transaction)
        let grids = data.towns.flatMap { town in
            town.communities.flatMap { community in
                community.grids.map { (town.place.code, community.place.code, $0) }
            }
        }
        try upsert(
            "grids (code, town_code, community_code, name)",
            "town_code = EXCLUDED.town_code, community_code = EXCLUDED.community_code, name = EXCLUDED.name",
            columns: [grids.map(\.2.code), grids.map(\.0), grids.map(\.1), grids.map(\.2.name)],
            on: transaction)
        let departments = data.departments
        try upsert(
            "departments (code, name, name_zh, tier, town_code, handled_by)",
            "name = EXCLUDED.name, name_zh = EXCLUDED.name_zh, tier = EXCLUDED.tier, town_code = EXCLUDED.town_code, "
                + "handled_by = EXCLUDED.handled_by",
            columns: [
                departments.map(\.place.code), departments.map(\.place.name), departments.map(\.place.nameZh),
                departments.map(\.tier.rawValue), departments.map(\.town),
                departments.map(\.handledBy.rawValue),
            ], on: transaction)
        let classes = data.categories.map(\.place)
        try upsert(
            "category_classes (code, name, name_zh)", "name = EXCLUDED.name, name_zh = EXCLUDED.name_zh",
            columns: [classes.map(\.code), classes.map(\.name), classes.map(\.nameZh)], on: transaction)
        let kinds = data.categories.flatMap { category in category.kinds.map { (category.place.code, $0) } }
        try upsert(
            "categories (code, class_code, name, name_zh)",
            "class_code = EXCLUDED.class_code, name = EXCLUDED.name, name_zh = EXCLUDED.name_zh",
            columns: [kinds.map(\.1.code), kinds.map(\.0), kinds.map(\.1.name), kinds.map(\.1.nameZh)],
            on: transaction)
        let experts = data.experts
        try upsert(
            "experts (code, name, role, town_code, department_code)",
            "name = EXCLUDED.name, role = EXCLUDED.role, town_code = EXCLUDED.town_code, "
                + "department_code = EXCLUDED.department_code",
            columns: [
                experts.map(\.code), experts.map(\.name), experts.map(\.role), experts.map(\.town),
                experts.map(\.department),
            ], on: transaction)
        // The file's `active: false` retires an expert without removing them from past panels.
        try transaction.execute(
            "UPDATE experts SET active = false WHERE code = ANY($1::text[])",
            [PostgresArray.text(experts.filter { !$0.active }.map(\.code))])
        try transaction.execute("DELETE FROM routing_rules")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for rule in data.rules {
            let plan = String(decoding: try encoder.encode(rule.plan), as: UTF8.self)
            try transaction.execute(
                """
                INSERT INTO routing_rules (category_code, place_code, plan, reference_version)
                VALUES ($1, $2, $3::jsonb, $4)
                """, [rule.category, rule.place, plan, version])
        }
    }

    /// Inserts or updates every row given (column-wise; the first column is the code), marks
    /// them active, and deactivates the rows of the table the file no longer names.
    static func upsert(
        _ target: String, _ update: String, columns: [[String?]], on transaction: PostgresConnection
    ) throws {
        let table = String(target.prefix { $0 != " " })
        let unnest = columns.indices.map { "$\($0 + 1)::text[]" }.joined(separator: ", ")
        let names = target.drop { $0 != "(" }.dropFirst().dropLast()
        try transaction.execute(
            """
            INSERT INTO \(target) SELECT * FROM unnest(\(unnest)) AS t(\(names))
            ON CONFLICT (code) DO UPDATE SET \(update), active = true
            """, columns.map { PostgresArray.text($0) })
        try transaction.execute(
            "UPDATE \(table) SET active = false WHERE active AND code <> ALL($1::text[])",
            [PostgresArray.text(columns[0])])
    }
}
