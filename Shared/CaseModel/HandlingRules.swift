import Foundation

/// 办理时限: the centre's time rules, one set per deployment. Every service reads them from the
/// same settings (Hosting's `HandlingRules.fromEnvironment`, docs/configuration.md, "Handling
/// rules"); nothing else in the code names a number of days.
public struct HandlingRules: Sendable, Equatable {
    /// 15日内书面答复: days a department has to answer in writing (ONEDOOR_ANSWER_DAYS).
    public var answerDays: Int
    /// 即办: days for a matter handled at once (ONEDOOR_IMMEDIATE_DAYS).
    public var immediateDays: Int
    /// 联办: how many days before the lead's due time a co-handler reports, unless the plan says
    /// (ONEDOOR_CO_HANDLER_LEAD_DAYS); a co-handler always has at least one day.
    public var coHandlerLeadDays: Int
    /// 复核: days after signing within which a disputed answer may go to review (ONEDOOR_REVIEW_WINDOW_DAYS).
    public var reviewWindowDays: Int
    /// 点单式: the fewest experts a petitioner may choose for a panel (ONEDOOR_REVIEW_MIN_EXPERTS).
    public var reviewMinimumExperts: Int
    /// 评审期限: days an expert has to give an opinion once the panel is formed
    /// (ONEDOOR_REVIEW_OPINION_DAYS).
    public var reviewOpinionDays: Int
    /// 督办: how long before the due time a reminder goes out (ONEDOOR_REMINDER_LEAD_SECONDS).
    public var reminderLeadSeconds: Int
    /// 督办: how long after the due time a work order is flagged (ONEDOOR_FLAG_AFTER_SECONDS).
    public var flagAfterSeconds: Int
    /// 重复信访: days within which a new case of the same petitioner and category is a repeat
    /// (ONEDOOR_REPEAT_WINDOW_DAYS).
    public var repeatWindowDays: Int

    /// The centres' rules as the reports describe them.
    public static let standard = HandlingRules(
        answerDays: 15, immediateDays: 3, coHandlerLeadDays: 5, reviewWindowDays: 5, reviewMinimumExperts: 5,
        reminderLeadSeconds: 2 * 86_400, flagAfterSeconds: 3 * 86_400, repeatWindowDays: 90,
        reviewOpinionDays: 10)

    public init(
        answerDays: Int, immediateDays: Int, coHandlerLeadDays: Int, reviewWindowDays: Int,
        reviewMinimumExperts: Int, reminderLeadSeconds: Int, flagAfterSeconds: Int, repeatWindowDays: Int,
        reviewOpinionDays: Int = 10
    ) {
        self.reviewOpinionDays = reviewOpinionDays
        self.answerDays = answerDays
        self.immediateDays = immediateDays
        self.coHandlerLeadDays = coHandlerLeadDays
        self.reviewWindowDays = reviewWindowDays
        self.reviewMinimumExperts = reviewMinimumExperts
        self.reminderLeadSeconds = reminderLeadSeconds
        self.flagAfterSeconds = flagAfterSeconds
        self.repeatWindowDays = repeatWindowDays
    }

    /// Each rule that cannot hold with the others, in words; empty when the set can be used.
    public var problems: [String] {
        var problems: [String] = []
        if immediateDays > answerDays {
            problems.append(
                "即办 (\(immediateDays) days) cannot take longer than an answer (\(answerDays) days)")
        }
        if coHandlerLeadDays >= answerDays {
            problems.append(
                "co-handlers report \(coHandlerLeadDays) days before the lead, which leaves them no time "
                    + "within \(answerDays) days")
        }
        if reminderLeadSeconds >= answerDays * 86_400 {
            problems.append("the reminder cannot come before the work order is issued")
        }
        return problems
    }

    /// Days the lead has: the plan's, else 即办's days for an immediate matter and the answer days otherwise.
    public func leadDueDays(_ plan: RoutingPlan) -> Int {
        plan.dueDays ?? (plan.mode == .immediate ? immediateDays : answerDays)
    }

    /// Days a co-handler has: the plan's, else `coHandlerLeadDays` before the lead (at least one);
    /// never after the lead.
    public func coHandlerDueDays(_ plan: RoutingPlan) -> Int {
        let lead = leadDueDays(plan)
        return min(lead, plan.coDueDays ?? max(1, lead - coHandlerLeadDays))
    }

    /// The last moment a disputed answer signed at `signedAt` may go to review.
    public func reviewDeadline(signedAt: Date) -> Date {
        signedAt.addingTimeInterval(TimeInterval(reviewWindowDays * 86_400))
    }
}
