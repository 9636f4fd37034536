import CaseModel

/// The district as an operator describes it in `deploy/reference/*.yaml`
/// (docs/reference-data.md): the administrative tree, departments, categories,
/// expert pools and routing rules. Read by `ReferenceFile`, written to the
/// database by `ReferenceStore`.
public struct ReferenceData: Sendable, Equatable {
    public struct Place: Sendable, Equatable {
        public var code: String
        public var name: String
        public var nameZh: String
    }

    /// 镇街: a town or street, with its communities.
    public struct Town: Sendable, Equatable {
        public var place: Place
        public var communities: [Community]
    }

    /// 村/社区: a community or village, with its grids.
    public struct Community: Sendable, Equatable {
        public var place: Place
        public var grids: [Grid]
    }

    /// 网格
    public struct Grid: Sendable, Equatable {
        public var code: String
        public var name: String
    }

    /// 职能部门: a district department, or a town's office (司法所, 派出所, a community committee).
    public struct Department: Sendable, Equatable {
        public var place: Place
        public var tier: Tier
        /// The town it serves; nil for a district department.
        public var town: String?
        /// Who reads its work orders: the department service, or the department's own system.
        public var handledBy: HandledBy = .onedoor
    }

    /// Which system consumes a department's work-order queue (`dept.<code>`): exactly one, so
    /// the department service never competes with a department's own system for its orders.
    public enum HandledBy: String, ClosedSet {
        /// The department service records the work orders; handlers work over HTTP.
        case onedoor
        /// The department's own system consumes its queue and reports back over AMQP.
        case ownSystem = "own-system"
    }

    /// A class of dispute and its kinds (cases are registered with a kind).
    public struct CategoryClass: Sendable, Equatable {
        public var place: Place
        public var kinds: [Place]
    }

    /// 评审专家, in a town's pool or the city pool (`town` nil).
    public struct Expert: Sendable, Equatable {
        public var code: String
        public var name: String
        public var role: String
        public var town: String?
        /// A department head's own department, whose answers they may not review.
        public var department: String?
        public var active: Bool
    }

    /// 分流规则: category (a kind or a class) × place (nil: anywhere in the district) → plan.
    public struct Rule: Sendable, Equatable {
        public var category: String
        public var place: String?
        public var plan: RoutingPlan
    }

    public var district: Place
    public var towns: [Town]
    public var departments: [Department]
    public var categories: [CategoryClass]
    public var experts: [Expert]
    public var rules: [Rule]

    /// The roles an expert may have.
    public static let expertRoles = [
        "npc_deputy", "cppcc_member", "party_representative", "legal_adviser", "department_head",
    ]

    public var communities: [Community] { towns.flatMap(\.communities) }
    public var grids: [Grid] { communities.flatMap(\.grids) }
    public var kinds: [Place] { categories.flatMap(\.kinds) }

    /// One line per section: what an apply will write.
    public var summary: String {
        "\(towns.count) towns, \(communities.count) communities, \(grids.count) grids, "
            + "\(departments.count) departments, \(categories.count) classes, \(kinds.count) kinds, "
            + "\(experts.count) experts, \(rules.count) rules"
    }
}
