import CaseModel
import Foundation
import Storage

/// A person who works at the centre: their login, name, one role and its scope.
public struct StaffAccount: Codable, Sendable, Equatable, PostgresRowDecodable {
    public let id: String
    public let login: String
    public let displayName: String
    public let role: StaffRole
    /// The department a handler works for.
    public let department: String?
    /// The expert a reviewer is.
    public let expert: String?
    /// A town-level centre's staff see this town's cases only; nil: the whole district.
    public let town: String?
    public let active: Bool
    public let createdAt: Date

    /// The columns, named after the properties (for `PostgresRowDecodable`).
    static let columns: PostgresQuery = """
        a.id::text AS id, a.login, a.display_name AS "displayName", a.role, a.department_code AS department,
        a.expert_code AS expert, a.town_code AS town, a.active, a.created_at AS "createdAt"
        """
}

/// What an account's role and scope must be, checked before anything is written.
public struct StaffScope: Sendable, Equatable {
    public var role: StaffRole
    public var department: String?
    public var expert: String?
    public var town: String?

    public init(role: StaffRole, department: String? = nil, expert: String? = nil, town: String? = nil) {
        self.role = role
        self.department = department
        self.expert = expert
        self.town = town
    }

    /// The fields at fault: a handler names their department, an expert their code, and only a
    /// clerk, dispatcher, follow-up caller or supervisor may be limited to a town.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if (role == .department) != (department != nil) {
            problems.append(
                FieldProblem(
                    field: "department",
                    problem: role == .department
                        ? "a department handler needs the department" : "only a department handler has one"))
        }
        if (role == .expert) != (expert != nil) {
            problems.append(
                FieldProblem(
                    field: "expert",
                    problem: role == .expert
                        ? "an expert account needs the expert's code" : "only an expert has one"))
        }
        if town != nil, !StaffRole.townScoped.contains(role) {
            problems.append(
                FieldProblem(
                    field: "town",
                    problem: "only a clerk, dispatcher, follow-up caller or supervisor works for one town"
                ))
        }
        return problems
    }
}

extension StaffRole: PostgresDecodable {}
