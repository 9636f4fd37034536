import CaseModel

/// The checks across sections: unique codes, and every code a department,
/// expert or rule names must exist and fit (tiers, towns, modes).
struct ReferenceChecks {
    let data: ReferenceData
    let reader: NodeReader
    /// Lookups every check uses, built once.
    let towns: Set<String>
    let departments: [String: ReferenceData.Department]
    let categories: Set<String>
    let departmentFacts: [String: RoutingPlan.DepartmentFacts]

    init(data: ReferenceData, reader: NodeReader) {
        self.data = data
        self.reader = reader
        towns = Set(data.towns.map(\.place.code))
        departments = Dictionary(
            data.departments.map { ($0.place.code, $0) }, uniquingKeysWith: { first, _ in first })
        categories = Set(data.categories.map(\.place.code) + data.kinds.map(\.code))
        departmentFacts = departments.mapValues { RoutingPlan.DepartmentFacts(tier: $0.tier, town: $0.town) }
    }

    func run() {
        checkUnique(
            [("district", data.district.code)]
                + data.towns.enumerated().flatMap { t, town in
                    [("district.towns[\(t)].code", town.place.code)]
                        + town.communities.enumerated().flatMap { c, community in
                            let key = "district.towns[\(t)].communities[\(c)]"
                            return [("\(key).code", community.place.code)]
                                + community.grids.enumerated().map { ("\(key).grids[\($0)].code", $1.code) }
                        }
                }, what: "place")
        checkUnique(
            data.departments.enumerated().map { ("departments[\($0)].code", $1.place.code) },
            what: "department")
        checkUnique(
            data.categories.enumerated().flatMap { c, category in
                [("categories[\(c)].code", category.place.code)]
                    + category.kinds.enumerated().map { ("categories[\(c)].kinds[\($0)].code", $1.code) }
            }, what: "category")
        checkUnique(data.experts.enumerated().map { ("experts[\($0)].code", $1.code) }, what: "expert")
        for (index, department) in data.departments.enumerated() {
            checkDepartment(department, key: "departments[\(index)]")
        }
        for (index, expert) in data.experts.enumerated() { checkExpert(expert, key: "experts[\(index)]") }
        var seen: [String: Int] = [:]
        for (index, rule) in data.rules.enumerated() {
            let key = "rules[\(index)]"
            checkRule(rule, key: key)
            let matter = "\(rule.category)@\(rule.place ?? "")"
            if let first = seen[matter] {
                reader.report(
                    key,
                    "a second rule for category '\(rule.category)' at \(rule.place ?? "any place") "
                        + "(the first is rules[\(first)])")
            } else {
                seen[matter] = index
            }
        }
    }

    /// The town a place lies in (nil: the district as a whole), or "" when the place is unknown.
    func town(of place: String?) -> String? {
        guard let place, place != data.district.code else { return nil }
        for town in data.towns {
            if town.place.code == place
                || town.communities.contains(where: {
                    $0.place.code == place || $0.grids.contains { $0.code == place }
                })
            {
                return town.place.code
            }
        }
        return ""
    }

    func checkUnique(_ codes: [(key: String, code: String)], what: String) {
        var first: [String: String] = [:]
        for (key, code) in codes {
            if let earlier = first[code] {
                reader.report(key, "\(what) code '\(code)' is already used at \(earlier)")
            } else {
                first[code] = key
            }
        }
    }

    func checkDepartment(_ department: ReferenceData.Department, key: String) {
        switch (department.tier, department.town) {
        case (.district, .some):
            reader.report("\(key).town", "a district department serves the whole district; remove its town")
        case (.district, nil):
            break
        case (_, nil):
            reader.report(key, "a \(department.tier.rawValue) department needs the town it serves")
        case (_, .some(let town)) where !towns.contains(town):
            reader.report("\(key).town", "unknown town '\(town)'")
        default:
            break
        }
    }

    func checkExpert(_ expert: ReferenceData.Expert, key: String) {
        if !ReferenceData.expertRoles.contains(expert.role) {
            reader.report(
                "\(key).role",
                "'\(expert.role)' must be one of \(ReferenceData.expertRoles.joined(separator: ", "))")
        }
        if let town = expert.town, !towns.contains(town) {
            reader.report("\(key).pool", "unknown town '\(town)' (a town's code, or city)")
        }
        if let department = expert.department, departments[department] == nil {
            reader.report("\(key).department", "unknown department '\(department)'")
        }
    }

    func checkRule(_ rule: ReferenceData.Rule, key: String) {
        if !categories.contains(rule.category) {
            reader.report("\(key).category", "unknown category '\(rule.category)' (a class or a kind)")
        }
        let ruleTown = town(of: rule.place)
        if ruleTown == "" {
            reader.report("\(key).place", "unknown place '\(rule.place ?? "")' (a town, community or grid)")
        }
        guard ruleTown != "" else { return }
        // The file is checked against the standard rules: it is shared between deployments, and a
        // deployment that shortens the answer days is checked again when a dispatcher uses a plan.
        for problem in rule.plan.problems(departments: departmentFacts, town: ruleTown, rules: .standard) {
            reader.report("\(key).\(problem.field)", problem.problem)
        }
    }
}
