import Foundation
import Storage
import WebPages

/// The reference data's names, for the pages: places, categories, departments and experts, in
/// both languages. Read from the database (the workbench's role may read only these tables),
/// again when older than a minute, so a new version applied by `onedoor-admin reference apply`
/// shows without a restart.
struct ReferenceCatalogue: Sendable {
    struct Named: Sendable {
        let code: String
        let name: String
        let nameZh: String
        func label(_ language: Language) -> String { language == .chinese ? nameZh : name }
    }
    struct Community: Sendable {
        let place: Named
        let town: String
        let grids: [Named]
    }
    struct Town: Sendable {
        let place: Named
        let communities: [Community]
    }
    struct CategoryClass: Sendable {
        let place: Named
        let kinds: [Named]
    }
    struct Expert: Sendable {
        let code: String
        let name: String
        let role: String
        let town: String?
        let department: String?
    }
    struct Version: Sendable {
        let version: Int
        let summary: String
        let appliedBy: String
        let appliedAt: Date
    }

    let towns: [Town]
    let classes: [CategoryClass]
    let departments: [Named]
    let experts: [Expert]
    let versions: [Version]
    private let names: [String: Named]

    /// A code's name in the language (a town, community, grid, category or department), or the code.
    func label(_ code: String?, _ language: Language) -> String {
        guard let code, !code.isEmpty else { return "" }
        return names[code]?.label(language) ?? code
    }

    /// An expert as the pages name them: 刘建国（kl-01）, or the code alone when unknown.
    func expertLabel(_ code: String) -> String {
        experts.first { $0.code == code }.map { "\($0.name)（\(code)）" } ?? code
    }

    static func load(on connection: PostgresConnection) throws -> ReferenceCatalogue {
        func named(_ row: PostgresRow, zh: String = "name_zh") throws -> Named {
            Named(code: try row.decode("code"), name: try row.decode("name"), nameZh: try row.decode(zh))
        }
        let grids = try connection.execute(
            "SELECT code, community_code, name, name AS name_zh FROM grids WHERE active ORDER BY code"
        ).rows
        var gridsByCommunity: [String: [Named]] = [:]
        for row in grids {
            gridsByCommunity[try row.decode("community_code"), default: []].append(try named(row))
        }
        var communitiesByTown: [String: [Community]] = [:]
        for row in try connection.execute(
            "SELECT code, town_code, name, name_zh FROM communities WHERE active ORDER BY code"
        ).rows {
            let place = try named(row)
            let town: String = try row.decode("town_code")
            communitiesByTown[town, default: []].append(
                Community(place: place, town: town, grids: gridsByCommunity[place.code] ?? []))
        }
        let towns = try connection.execute("SELECT code, name, name_zh FROM towns WHERE active ORDER BY code")
            .rows
            .map { row in
                let place = try named(row)
                return Town(place: place, communities: communitiesByTown[place.code] ?? [])
            }
        var kindsByClass: [String: [Named]] = [:]
        for row in try connection.execute(
            "SELECT code, class_code, name, name_zh FROM categories WHERE active AND class_code IS NOT NULL ORDER BY code"
        ).rows { kindsByClass[try row.decode("class_code"), default: []].append(try named(row)) }
        let classes = try connection.execute(
            "SELECT code, name, name_zh FROM category_classes WHERE active ORDER BY code"
        ).rows.map { row in
            let place = try named(row)
            return CategoryClass(place: place, kinds: kindsByClass[place.code] ?? [])
        }
        let departments = try connection.execute(
            "SELECT code, name, name_zh FROM departments WHERE active ORDER BY tier DESC, code"
        ).rows.map { try named($0) }
        let experts = try connection.execute(
            "SELECT code, name, role, town_code, department_code FROM experts WHERE active ORDER BY code"
        ).rows.map { row in
            Expert(
                code: try row.decode("code"), name: try row.decode("name"), role: try row.decode("role"),
                town: try row.decodeIfPresent("town_code"),
                department: try row.decodeIfPresent("department_code"))
        }
        let versions = try connection.execute(
            "SELECT version, summary, applied_by, applied_at FROM reference_versions ORDER BY version DESC LIMIT 20"
        ).rows.map { row in
            Version(
                version: try row.decode("version"), summary: try row.decode("summary"),
                appliedBy: try row.decode("applied_by"), appliedAt: try row.decode("applied_at"))
        }
        var names: [String: Named] = [:]
        for town in towns {
            names[town.place.code] = town.place
            for community in town.communities {
                names[community.place.code] = community.place
                for grid in community.grids { names[grid.code] = grid }
            }
        }
        for categoryClass in classes {
            names[categoryClass.place.code] = categoryClass.place
            for kind in categoryClass.kinds { names[kind.code] = kind }
        }
        for department in departments { names[department.code] = department }
        return ReferenceCatalogue(
            towns: towns, classes: classes, departments: departments, experts: experts, versions: versions,
            names: names)
    }
}

/// The catalogue, read again when a minute old.
actor ReferenceCache {
    private let pool: PostgresPool
    private var current: (catalogue: ReferenceCatalogue, at: Date)?

    init(pool: PostgresPool) { self.pool = pool }

    func catalogue() async throws -> ReferenceCatalogue {
        if let current, Date().timeIntervalSince(current.at) < 60 { return current.catalogue }
        let catalogue = try await pool.withConnection(retryOnLostConnection: true) {
            try ReferenceCatalogue.load(on: $0)
        }
        current = (catalogue, Date())
        return catalogue
    }
}
