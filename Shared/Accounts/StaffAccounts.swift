import CaseModel
import Foundation
import Storage

/// The `staff_accounts` table: who may sign in, in which role and scope.
public enum StaffAccounts {
    /// Adds an account; a login already taken is a conflict, an unknown department, expert or
    /// town an invalid field.
    public static func add(
        login: String, displayName: String, scope: StaffScope, by actor: String,
        on connection: PostgresConnection
    ) throws -> StaffAccount {
        do {
            let rows = try connection.query(
                """
                INSERT INTO staff_accounts AS a (login, display_name, role, department_code, expert_code, town_code,
                                                 created_by)
                VALUES (\(login), \(displayName), \(scope.role.rawValue), \(scope.department), \(scope.expert),
                        \(scope.town), \(actor))
                RETURNING \(StaffAccount.columns)
                """, as: StaffAccount.self)
            return rows[0]
        } catch let error as PostgresError where error.isUniqueViolation {
            throw DomainRefusal.conflict("the login '\(login)' is taken")
        } catch let error as PostgresError where error.isForeignKeyViolation {
            throw unknownScope(error)
        }
    }

    public static func list(on connection: PostgresConnection) throws -> [StaffAccount] {
        try connection.query(
            "SELECT \(StaffAccount.columns) FROM staff_accounts a ORDER BY a.login", as: StaffAccount.self)
    }

    public static func find(login: String, on connection: PostgresConnection) throws -> StaffAccount? {
        try connection.query(
            "SELECT \(StaffAccount.columns) FROM staff_accounts a WHERE a.login = \(login)",
            as: StaffAccount.self
        ).first
    }

    /// Changes the name, role and scope, or whether the account may sign in; disabling ends the
    /// account's sessions (its API keys stop with it, as they need an active account).
    public static func update(
        login: String, displayName: String, scope: StaffScope, active: Bool, on connection: PostgresConnection
    ) throws -> StaffAccount {
        do {
            let rows = try connection.query(
                """
                UPDATE staff_accounts a SET display_name = \(displayName), role = \(scope.role.rawValue),
                    department_code = \(scope.department), expert_code = \(scope.expert), town_code = \(scope.town),
                    active = \(active)
                WHERE a.login = \(login)
                RETURNING \(StaffAccount.columns)
                """, as: StaffAccount.self)
            guard let account = rows.first else {
                throw DomainRefusal.notFound("no account \(login.prefix(40))")
            }
            if !active { try StaffSessions.endAll(accountId: account.id, on: connection) }
            return account
        } catch let error as PostgresError where error.isForeignKeyViolation {
            throw unknownScope(error)
        }
    }

    /// Whether any account exists (compose makes the first admin only into an empty table).
    public static func isEmpty(on connection: PostgresConnection) throws -> Bool {
        try connection.query("SELECT 1 FROM staff_accounts LIMIT 1").rows.isEmpty
    }

    static func unknownScope(_ error: PostgresError) -> DomainRefusal {
        let field =
            switch error.constraint ?? "" {
            case let name where name.contains("department"): "department"
            case let name where name.contains("expert"): "expert"
            default: "town"
            }
        return .invalid([
            FieldProblem(field: field, problem: "names nothing in the district's reference data")
        ])
    }
}
