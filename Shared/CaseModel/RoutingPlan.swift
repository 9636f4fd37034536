/// The levels of the district (see docs/domain.md): a matter is handled at the
/// lowest level that can, and moves up only when that level cannot resolve it.
public enum Tier: String, ClosedSet, Comparable {
    /// 网格
    case grid
    /// 村/社区
    case community
    /// 镇街
    case town
    /// 区
    case district

    public static func < (lhs: Tier, rhs: Tier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How a matter is handled (Ganjingzi's three lists), or where it is sent instead.
public enum HandlingMode: String, ClosedSet {
    /// 即办: one department, at once (a short deadline).
    case immediate
    /// 协办: one department answers; the named helpers assist it without work orders of their own.
    case assisted
    /// 联办: a lead and co-handlers, each with a work order; the lead answers once all have reported.
    case joint
    /// 诉讼引导: the matter belongs in court; the case is redirected to the judicial channel.
    case judicial
}

/// 分流方案: what routing decided for a case, copied from the matching rule (or
/// the dispatcher's choice) when the case is dispatched, so a later change of
/// the reference data never moves a live case.
public struct RoutingPlan: Codable, Sendable, Equatable {
    /// One rung of the ladder: the tier, its lead department and co-handlers (or helpers).
    public struct Step: Codable, Sendable, Equatable {
        public var tier: Tier
        public var lead: String
        public var co: [String]
        public init(tier: Tier, lead: String, co: [String] = []) {
            self.tier = tier
            self.lead = lead
            self.co = co
        }

        enum CodingKeys: String, CodingKey { case tier, lead, co }

        /// `co` may be left out when there are none.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            tier = try container.decode(Tier.self, forKey: .tier)
            lead = try container.decode(String.self, forKey: .lead)
            co = try container.decodeIfPresent([String].self, forKey: .co) ?? []
        }
    }

    /// Where the plan came from, for the timeline: `rule <category>@<place>` or `dispatcher <name>`.
    public var source: String
    public var mode: HandlingMode
    /// Lowest capable tier first; escalation (吹哨报到) climbs it. For `judicial`, one step: the court.
    public var ladder: [Step]
    /// Days the lead has to answer; nil: the mode's default.
    public var dueDays: Int?
    /// Days a co-handler has to report to the lead; nil: five days before the lead's due time.
    public var coDueDays: Int?
    /// Escalate by rule when the lead's work order reaches flagged supervision.
    public var escalateWhenFlagged: Bool

    public init(
        source: String, mode: HandlingMode, ladder: [Step], dueDays: Int? = nil, coDueDays: Int? = nil,
        escalateWhenFlagged: Bool = false
    ) {
        self.source = source
        self.mode = mode
        self.ladder = ladder
        self.dueDays = dueDays
        self.coDueDays = coDueDays
        self.escalateWhenFlagged = escalateWhenFlagged
    }

    /// Whether co-handlers get work orders of their own (only when handled jointly).
    public var coHandlersGetWorkOrders: Bool { mode == .joint }
}

extension RoutingPlan {
    /// A department as a plan needs to know it: its tier, and the town it serves (nil: the district).
    public struct DepartmentFacts: Sendable {
        public let tier: Tier
        public let town: String?
        public init(tier: Tier, town: String?) {
            self.tier = tier
            self.town = town
        }
    }

    /// What is wrong with the plan (fields such as `ladder[1].lead`), empty when it can be used.
    /// `town`: the town the matter is in (nil: anywhere in the district); `rules`: the deployment's
    /// handling rules, which give the lead's days when the plan does not.
    public func problems(departments: [String: DepartmentFacts], town: String?, rules: HandlingRules)
        -> [FieldProblem]
    {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ problem: String) {
            problems.append(.init(field: field, problem: problem))
        }
        if ladder.isEmpty { add("ladder", "must have at least one step") }
        if mode == .judicial, ladder.count > 1 {
            add("ladder", "a judicial redirection has one step: the court it is guided to")
        }
        let leadDays = rules.leadDueDays(self)
        if let co = coDueDays, co > leadDays {
            add("coDueDays", "co-handlers must report no later than the lead answers (\(leadDays) days)")
        }
        if coDueDays != nil, mode != .joint { add("coDueDays", "applies to joint handling only") }
        for (index, step) in ladder.enumerated() {
            let key = "ladder[\(index)]"
            if index > 0, step.tier <= ladder[index - 1].tier {
                add("\(key).tier", "each step must be a higher tier than the one before")
            }
            switch mode {
            case .immediate where !step.co.isEmpty, .judicial where !step.co.isEmpty:
                add("\(key).co", "\(mode.rawValue) handling has no co-handlers")
            case .joint where step.co.isEmpty:
                add("\(key).co", "joint handling needs at least one co-handler")
            default:
                break
            }
            if step.co.contains(step.lead) { add("\(key).co", "names the lead '\(step.lead)' again") }
            if Set(step.co).count != step.co.count { add("\(key).co", "names a department twice") }
            for (field, code) in [("lead", step.lead)] + step.co.enumerated().map({ ("co[\($0)]", $1) }) {
                guard let department = departments[code] else {
                    add("\(key).\(field)", "unknown department '\(code)'")
                    continue
                }
                if field == "lead", department.tier != step.tier {
                    add(
                        "\(key).lead",
                        "'\(code)' is a \(department.tier.rawValue) department, not \(step.tier.rawValue)")
                }
                if let serves = department.town, serves != town {
                    add("\(key).\(field)", "'\(code)' serves \(serves) only; the matter must be in \(serves)")
                }
            }
        }
        return problems
    }
}
