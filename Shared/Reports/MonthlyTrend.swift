import Storage

/// Month by month over a period: received, resolved, and the resolution and
/// satisfaction rates, for the trend charts.
public struct MonthlyTrend: Codable, Sendable {
    public struct Month: Codable, Sendable, Equatable {
        public var month: String
        public var received: Int
        public var resolved: Int
        public var visits: Int
        public var satisfied: Int
        public var resolutionRate: Double?
        public var satisfactionRate: Double?
    }

    public var period: ReportPeriod
    public var filters: ReportFilters
    public var months: [Month]

    public static func load(period: ReportPeriod, filters: ReportFilters, on connection: PostgresConnection)
        throws
        -> MonthlyTrend
    {
        let (start, end) = CaseReport.bounds
        let rows = try connection.execute(
            """
            SELECT to_char(f.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, \(CaseReport.measures)
            FROM report_facts f
            WHERE f.occurred_at >= \(start) AND f.occurred_at < \(end) AND \(filters.condition(first: 3))
            GROUP BY 1
            """, [period.from, period.end] + filters.parameters)
        var byMonth = Dictionary(
            uniqueKeysWithValues: period.months.map {
                ($0.label, Month(month: $0.label, received: 0, resolved: 0, visits: 0, satisfied: 0))
            })
        for row in rows.rows {
            let key: String = try row.decode("month")
            let totals = try CaseReport.Totals(row)
            byMonth[key]?.received = totals.received
            byMonth[key]?.resolved = totals.resolved
            byMonth[key]?.visits = totals.visits
            byMonth[key]?.satisfied = totals.satisfied
        }
        let months = byMonth.values.sorted { $0.month < $1.month }.map { month in
            var month = month
            month.resolutionRate = CaseReport.rate(month.resolved, month.received)
            month.satisfactionRate = CaseReport.rate(month.satisfied, month.visits)
            return month
        }
        return MonthlyTrend(period: period, filters: filters, months: months)
    }
}
