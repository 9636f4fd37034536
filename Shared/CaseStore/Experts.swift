import Storage

/// 专家库: the `experts` table, as the window shows it when a petitioner chooses a panel.
public enum Experts {
    /// The experts of `town`'s pool and the city pool (every pool when `town` is nil).
    public static func list(town: String?, on connection: PostgresConnection) throws -> [ExpertView] {
        try connection.query(
            """
            SELECT code, name, role, coalesce(town_code, 'city') AS pool, department_code AS department, active
            FROM experts
            WHERE \(town)::text IS NULL OR town_code = \(town) OR town_code IS NULL
            ORDER BY town_code NULLS LAST, code
            """, as: ExpertView.self)
    }
}

public struct ExpertView: Codable, Sendable, PostgresRowDecodable {
    public let code: String
    public let name: String
    public let role: String
    /// The town's code, or `city`.
    public let pool: String
    public let department: String?
    public let active: Bool
}
