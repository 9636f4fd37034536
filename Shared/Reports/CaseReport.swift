import Foundation
import Storage

/// The figures the centres publish for a period (docs/reports.md), counted
/// from dated facts (`report_facts`, written with the timeline, answers,
/// visits, panels and supervision records they stand for). Nothing depends
/// on a case's current status, so the report of a closed period never changes.
public struct CaseReport: Codable, Sendable {
    public struct Totals: Codable, Sendable, Equatable {
        public var received = 0
        public var resolvedOnSpot = 0
        public var resolved = 0
        public var redirected = 0
        public var triaged = 0
        public var disputed = 0
        public var escalations = 0
        public var repeats = 0
        public var answered = 0
        public var answeredOnTime = 0
        public var visits = 0
        public var satisfied = 0
        public var reviewsApplied = 0
        public var reviewsUpheld = 0
        public var reviewsRevised = 0
        public var supervisionNotices = 0
        public var flagged = 0
        /// 人次: the people the petitions received were brought for (a collective petition's number, else one).
        public var people = 0
        /// 涉及当事人: those people and the other parties (对方当事人) of the petitions received.
        public var partiesInvolved = 0
        /// 涉及金额: the amounts involved in the petitions received, yuan.
        public var amountInvolved = 0.0
        /// 集体访: collective petitions received.
        public var collectivePetitions = 0
        /// 调解协议: agreements recorded, written (书面) and oral (口头).
        public var agreementsWritten = 0
        public var agreementsOral = 0
        /// 司法确认: written agreements the court confirmed, and refused.
        public var judicialConfirmations = 0
        public var judicialRefused = 0
    }

    /// Fractions (0.9892 is 98.92 %), absent when there is nothing to divide by.
    public struct Rates: Codable, Sendable, Equatable {
        /// 化解率: resolved ÷ received in the period (as the centres publish it; a month can exceed 1).
        public var resolution: Double?
        /// On-time answer rate: answers given by their due time ÷ answers given.
        public var onTime: Double?
        /// 满意率: satisfied or basically satisfied ÷ visits made.
        public var satisfaction: Double?
        /// 重访率: repeat petitions ÷ received.
        public var repeats: Double?
    }

    /// One line of a breakdown: received and resolved for a class, town, community, channel or department.
    public struct Row: Codable, Sendable, Equatable {
        public var code: String
        public var name: String?
        /// For a community: its town.
        public var parent: String?
        public var received: Int
        public var resolved: Int
    }

    public var period: ReportPeriod
    public var filters: ReportFilters
    public var totals: Totals
    public var rates: Rates
    public var byCategory: [Row]
    public var byTown: [Row]
    public var byCommunity: [Row]
    public var byChannel: [Row]
    public var byDepartment: [Row]

    static func rate(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }

    /// `$1`, `$2`: the period's bounds as timestamps in the centre's time zone.
    static let bounds = (
        start: "($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')",
        end: "($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')"
    )

    public static func load(period: ReportPeriod, filters: ReportFilters, on connection: PostgresConnection)
        throws
        -> CaseReport
    {
        let (start, end) = bounds
        try connection.execute("SET jit = off")  // compiling costs more than these scans take
        // One pass over the period's facts: grouping sets give the totals and every breakdown.
        let groups = try connection.execute(
            """
            SELECT GROUPING(f.class) AS g_class, GROUPING(f.town) AS g_town, GROUPING(f.community) AS g_community,
                   GROUPING(f.channel) AS g_channel, GROUPING(f.department) AS g_department,
                   f.class, f.town, f.community, f.channel, f.department, \(measures)
            FROM report_facts f
            WHERE f.occurred_at >= \(start) AND f.occurred_at < \(end) AND \(filters.condition(first: 3))
            GROUP BY GROUPING SETS ((), (f.class), (f.town), (f.town, f.community), (f.channel), (f.department))
            """, [period.from, period.end] + filters.parameters)
        var totals = Totals()
        var rows: [String: [Row]] = [:]
        for group in groups.rows {
            let flags = try ["g_class", "g_town", "g_community", "g_channel", "g_department"].map {
                try group.decode($0, as: Int.self)
            }
            let dimension: (key: String, column: String)
            switch flags {
            case [1, 1, 1, 1, 1]:
                totals = try Totals(group)
                continue
            case [0, 1, 1, 1, 1]: dimension = ("class", "class")
            case [1, 0, 1, 1, 1]: dimension = ("town", "town")
            case [1, 0, 0, 1, 1]: dimension = ("community", "community")
            case [1, 1, 1, 0, 1]: dimension = ("channel", "channel")
            default: dimension = ("department", "department")
            }
            let line = try Totals(group)
            guard line.received > 0 || line.resolved > 0 else { continue }
            let code: String = try group.decodeIfPresent(dimension.column) ?? "(none)"
            let parent: String? = dimension.key == "community" ? try group.decodeIfPresent("town") : nil
            rows[dimension.key, default: []].append(
                Row(code: code, parent: parent, received: line.received, resolved: line.resolved))
        }
        let names = try ReferenceNames.load(on: connection)
        func named(_ key: String, _ table: [String: String]) -> [Row] {
            (rows[key] ?? []).map { row in
                var row = row
                row.name = table[row.code]
                return row
            }.sorted { ($0.received, $1.code) > ($1.received, $0.code) }
        }
        return CaseReport(
            period: period, filters: filters, totals: totals,
            rates: Rates(
                resolution: rate(totals.resolved, totals.received),
                onTime: rate(totals.answeredOnTime, totals.answered),
                satisfaction: rate(totals.satisfied, totals.visits),
                repeats: rate(totals.repeats, totals.received)),
            byCategory: named("class", names.classes), byTown: named("town", names.towns),
            byCommunity: named("community", names.communities), byChannel: named("channel", [:]),
            byDepartment: named("department", names.departments))
    }

    /// Each figure as a count of its facts, or a sum of their quantities (the measures are written
    /// by the triggers of migrations 0007 and 0025).
    static let measures = """
        count(*) FILTER (WHERE f.measure IN ('received', 'received_on_spot')) AS received,
        count(*) FILTER (WHERE f.measure = 'received_on_spot') AS resolved_on_spot,
        count(*) FILTER (WHERE f.measure = 'resolved') AS resolved,
        count(*) FILTER (WHERE f.measure = 'redirected') AS redirected,
        count(*) FILTER (WHERE f.measure = 'triaged') AS triaged,
        count(*) FILTER (WHERE f.measure = 'disputed') AS disputed,
        count(*) FILTER (WHERE f.measure = 'escalated') AS escalations,
        count(*) FILTER (WHERE f.measure IN ('received', 'received_on_spot') AND f.repeat) AS repeats,
        count(*) FILTER (WHERE f.measure IN ('answered_on_time', 'answered_late')) AS answered,
        count(*) FILTER (WHERE f.measure = 'answered_on_time') AS on_time,
        count(*) FILTER (WHERE f.measure IN ('visit_satisfied', 'visit_unsatisfied')) AS visits,
        count(*) FILTER (WHERE f.measure = 'visit_satisfied') AS satisfied,
        count(*) FILTER (WHERE f.measure = 'review_applied') AS applied,
        count(*) FILTER (WHERE f.measure = 'review_upheld') AS upheld,
        count(*) FILTER (WHERE f.measure = 'review_revised') AS revised,
        count(*) FILTER (WHERE f.measure = 'supervision_notice') AS notices,
        count(*) FILTER (WHERE f.measure = 'supervision_flagged') AS flagged,
        coalesce(sum(f.quantity) FILTER (WHERE f.measure = 'people'), 0)::bigint AS people,
        (coalesce(sum(f.quantity) FILTER (WHERE f.measure = 'people'), 0)
         + count(*) FILTER (WHERE f.measure = 'other_party'))::bigint AS parties,
        coalesce(sum(f.quantity) FILTER (WHERE f.measure = 'amount'), 0)::float8 AS amount,
        count(*) FILTER (WHERE f.measure = 'collective') AS collective,
        count(*) FILTER (WHERE f.measure = 'agreement_written') AS agreements_written,
        count(*) FILTER (WHERE f.measure = 'agreement_oral') AS agreements_oral,
        count(*) FILTER (WHERE f.measure = 'judicial_confirmed') AS judicial_confirmed,
        count(*) FILTER (WHERE f.measure = 'judicial_refused') AS judicial_refused
        """
}

extension CaseReport.Totals {
    init(_ row: PostgresRow) throws {
        received = try row.decode("received")
        resolvedOnSpot = try row.decode("resolved_on_spot")
        resolved = try row.decode("resolved")
        redirected = try row.decode("redirected")
        triaged = try row.decode("triaged")
        disputed = try row.decode("disputed")
        escalations = try row.decode("escalations")
        repeats = try row.decode("repeats")
        answered = try row.decode("answered")
        answeredOnTime = try row.decode("on_time")
        visits = try row.decode("visits")
        satisfied = try row.decode("satisfied")
        reviewsApplied = try row.decode("applied")
        reviewsUpheld = try row.decode("upheld")
        reviewsRevised = try row.decode("revised")
        supervisionNotices = try row.decode("notices")
        flagged = try row.decode("flagged")
        people = try row.decode("people")
        partiesInvolved = try row.decode("parties")
        amountInvolved = try row.decode("amount")
        collectivePetitions = try row.decode("collective")
        agreementsWritten = try row.decode("agreements_written")
        agreementsOral = try row.decode("agreements_oral")
        judicialConfirmations = try row.decode("judicial_confirmed")
        judicialRefused = try row.decode("judicial_refused")
    }
}

/// Display names of the reference data, for breakdown rows.
struct ReferenceNames {
    var classes: [String: String] = [:]
    var towns: [String: String] = [:]
    var communities: [String: String] = [:]
    var departments: [String: String] = [:]

    static func load(on connection: PostgresConnection) throws -> ReferenceNames {
        var names = ReferenceNames()
        for (table, keyPath) in [
            ("category_classes", \ReferenceNames.classes), ("towns", \.towns), ("communities", \.communities),
            ("departments", \.departments),
        ] {
            for row in try connection.execute("SELECT code, name_zh FROM \(table)").rows {
                names[keyPath: keyPath][try row.decode("code")] = try row.decode("name_zh")
            }
        }
        return names
    }
}
