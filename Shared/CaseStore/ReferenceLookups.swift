import CaseModel
import Storage

/// The district's reference tables as case handling reads them (ReferenceData writes them,
/// docs/reference-data.md): categories, places, departments and routing rules.
public enum ReferenceLookups {
    public static func categoryExists(_ code: String, on connection: PostgresConnection) throws -> Bool {
        try !connection.query("SELECT 1 FROM categories WHERE code = \(code)").rows.isEmpty
    }

    public static func departmentExists(_ code: String, on connection: PostgresConnection) throws -> Bool {
        try !connection.query("SELECT 1 FROM departments WHERE code = \(code)").rows.isEmpty
    }

    /// The department codes, of those a system handles (`onedoor`, `own-system`) or all.
    public static func departmentCodes(handledBy: String?, on connection: PostgresConnection) throws
        -> [String]
    {
        try connection.query(
            "SELECT code FROM departments WHERE \(handledBy)::text IS NULL OR handled_by = \(handledBy) ORDER BY code"
        ).rows.map { try $0.decode("code") }
    }

    /// The active departments as a plan's check needs them: tier and the town each serves.
    public static func departmentFacts(on connection: PostgresConnection) throws
        -> [String: RoutingPlan.DepartmentFacts]
    {
        try connection.query("SELECT code, tier, town_code FROM departments WHERE active").rows.reduce(
            into: [:]
        ) { facts, row in
            facts[try row.decode("code")] = .init(
                tier: Tier(rawValue: try row.decode("tier")) ?? .district,
                town: try row.decodeIfPresent("town_code"))
        }
    }

    /// An active grid's town and community; nil for an unknown grid.
    public static func grid(_ code: String, on connection: PostgresConnection) throws
        -> (town: String, community: String)?
    {
        guard
            let row = try connection.query(
                "SELECT town_code, community_code FROM grids WHERE code = \(code) AND active"
            ).first
        else { return nil }
        return (try row.decode("town_code"), try row.decode("community_code"))
    }

    /// Which parts of a place the district knows (each active and inside the town), and the
    /// class of a category (nil for a class itself or an unknown code): one round trip.
    public struct Place: Sendable {
        public let town: Bool
        public let community: Bool
        public let grid: Bool
        public let categoryClass: String?
    }

    public static func place(
        town: String, community: String?, grid: String?, category: String, on connection: PostgresConnection
    ) throws -> Place {
        let row = try connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM towns WHERE code = \(town) AND active) AS town,
                   \(community)::text IS NULL OR EXISTS (SELECT 1 FROM communities WHERE code = \(community)
                                                         AND town_code = \(town) AND active) AS community,
                   \(grid)::text IS NULL OR EXISTS (SELECT 1 FROM grids WHERE code = \(grid) AND town_code = \(town)
                                                    AND active) AS grid,
                   (SELECT class_code FROM categories WHERE code = \(category)) AS class
            """
        ).first!
        return Place(
            town: try row.decode("town"), community: try row.decode("community"),
            grid: try row.decode("grid"),
            categoryClass: try row.decodeIfPresent("class"))
    }

    /// The routing rules written for any of `categories` at any of `places` or the whole district.
    public static func routingRules(categories: [String], places: [String], on connection: PostgresConnection)
        throws -> [(category: String, place: String?, plan: String)]
    {
        try connection.query(
            """
            SELECT category_code, place_code, plan::text AS plan FROM routing_rules
            WHERE category_code = ANY(\(PostgresArray.text(categories))::text[])
              AND (place_code IS NULL OR place_code = ANY(\(PostgresArray.text(places))::text[]))
            """
        ).rows.map {
            (try $0.decode("category_code"), try $0.decodeIfPresent("place_code"), try $0.decode("plan"))
        }
    }
}
