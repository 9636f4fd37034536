import CaseModel
import Settings

extension HandlingRules {
    /// The deployment's handling rules: the standard ones, each overridable by its variable
    /// (docs/configuration.md, "Handling rules"); read and checked once, at start.
    public static func fromEnvironment(_ settings: EnvironmentSettings) throws -> HandlingRules {
        let standard = HandlingRules.standard
        let rules = HandlingRules(
            answerDays: try settings.integer("ONEDOOR_ANSWER_DAYS", standard.answerDays, range: 1...365),
            immediateDays: try settings.integer(
                "ONEDOOR_IMMEDIATE_DAYS", standard.immediateDays, range: 1...365),
            coHandlerLeadDays: try settings.integer(
                "ONEDOOR_CO_HANDLER_LEAD_DAYS", standard.coHandlerLeadDays, range: 0...364),
            reviewWindowDays: try settings.integer(
                "ONEDOOR_REVIEW_WINDOW_DAYS", standard.reviewWindowDays, range: 0...365),
            reviewMinimumExperts: try settings.integer(
                "ONEDOOR_REVIEW_MIN_EXPERTS", standard.reviewMinimumExperts, range: 1...50),
            reminderLeadSeconds: try settings.integer(
                "ONEDOOR_REMINDER_LEAD_SECONDS", standard.reminderLeadSeconds, range: 0...30 * 86_400),
            flagAfterSeconds: try settings.integer(
                "ONEDOOR_FLAG_AFTER_SECONDS", standard.flagAfterSeconds, range: 0...90 * 86_400),
            repeatWindowDays: try settings.integer(
                "ONEDOOR_REPEAT_WINDOW_DAYS", standard.repeatWindowDays, range: 1...3650),
            reviewOpinionDays: try settings.integer(
                "ONEDOOR_REVIEW_OPINION_DAYS", standard.reviewOpinionDays, range: 1...365))
        if let problem = rules.problems.first { throw ConfigurationError("handling rules: \(problem)") }
        return rules
    }
}
