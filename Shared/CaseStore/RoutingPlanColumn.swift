import CaseModel
import Foundation

/// The `routing_plan` column (and `routing_rules.plan`): a plan as JSON, read and written here only.
public enum RoutingPlanColumn {
    public static func text(_ plan: RoutingPlan) throws -> String {
        String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
    }

    public static func plan(_ text: String) throws -> RoutingPlan {
        try JSONDecoder().decode(RoutingPlan.self, from: Data(text.utf8))
    }
}
