import CaseModel
import CaseStore
import Foundation
import Storage

/// 分流规则: picks the routing rule for a case from its category and place.
/// The most specific rule wins: a rule for the kind beats one for its class,
/// then a grid beats a community, a town, and the district as a whole. No rule,
/// or a place missing from the district's tree, sends the case to triage: never
/// a silent default.
enum RuleBook {
    enum Decision: Equatable {
        case plan(RoutingPlan)
        /// 待人工分流: why no rule applies.
        case triage(String)
    }

    struct Matter {
        let category: String
        let town: String
        let community: String?
        let grid: String?
    }

    /// One candidate rule: the category (kind or class) and place it is written for.
    struct Candidate: Equatable {
        let category: String
        let place: String?
        let plan: String
    }

    static func decide(_ matter: Matter, on connection: PostgresConnection) throws -> Decision {
        // The place's parts and the kind's class in one round trip.
        let known = try ReferenceLookups.place(
            town: matter.town, community: matter.community, grid: matter.grid, category: matter.category,
            on: connection)
        guard known.town else {
            return .triage("unknown place: no town '\(matter.town)' in the district")
        }
        if let community = matter.community, !known.community {
            return .triage("unknown place: no community '\(community)' in \(matter.town)")
        }
        if let grid = matter.grid, !known.grid {
            return .triage("unknown place: no grid '\(grid)' in \(matter.town)")
        }
        let categories = [matter.category] + [known.categoryClass].compactMap { $0 }
        let places = [matter.grid, matter.community, matter.town].compactMap { $0 }
        let candidates = try ReferenceLookups.routingRules(
            categories: categories, places: places, on: connection
        )
        .map { Candidate(category: $0.category, place: $0.place, plan: $0.plan) }
        guard let best = best(of: candidates, categories: categories, places: places) else {
            return .triage(
                "no routing rule for category '\(matter.category)' in \(places.joined(separator: ", "))")
        }
        return .plan(try RoutingPlanColumn.plan(best.plan))
    }

    /// The most specific candidate: the earliest category (the kind before its class), then the
    /// earliest place (grid, community, town), a rule for the whole district last.
    static func best(of candidates: [Candidate], categories: [String], places: [String]) -> Candidate? {
        func rank(_ rule: Candidate) -> (Int, Int) {
            (
                categories.firstIndex(of: rule.category) ?? categories.count,
                rule.place.flatMap { places.firstIndex(of: $0) } ?? places.count
            )
        }
        return candidates.min { rank($0) < rank($1) }
    }
}

extension RuleBook.Matter {
    /// The matter of a case read for dispatch (no second read of the case).
    init(_ dispatched: DispatchCase) {
        self.init(
            category: dispatched.category, town: dispatched.ref.town, community: dispatched.community,
            grid: dispatched.grid)
    }
}
