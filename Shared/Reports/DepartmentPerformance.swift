import Storage

/// Per-department performance for a period: work orders dispatched, answered,
/// answered on time, overdue, supervision notices and flagged supervision.
/// A work order is overdue in the period its due time falls in, once that time
/// has passed, if it was answered after that time or not at all (an order an
/// escalation closed before its due time is not overdue; an order due later
/// today is not overdue yet). Filters by the case's town, category (kind or
/// class) and channel, like the summary.
public struct DepartmentPerformance: Codable, Sendable {
    public struct Line: Codable, Sendable, Equatable {
        public var department: String
        public var name: String
        public var dispatched: Int
        public var answered: Int
        public var answeredOnTime: Int
        public var overdue: Int
        public var supervisionNotices: Int
        public var flagged: Int
        public var onTimeRate: Double?
    }

    public var period: ReportPeriod
    public var filters: ReportFilters
    public var departments: [Line]

    /// Every department with any activity in the period (or the one asked for), busiest first.
    public static func load(period: ReportPeriod, filters: ReportFilters, on connection: PostgresConnection)
        throws
        -> DepartmentPerformance
    {
        let (start, end) = CaseReport.bounds
        // The case's dimensions are joined only when a filter needs them (the report stays one index range).
        let scoped = filters.town != nil || filters.category != nil || filters.channel != nil
        let orders =
            scoped
            ? """
            (SELECT w.* FROM work_orders w JOIN cases c ON c.id = w.case_id
             LEFT JOIN categories k ON k.code = c.category_code
             WHERE ($4::text IS NULL OR c.location_town = $4)
               AND ($5::text IS NULL OR c.category_code = $5 OR k.class_code = $5)
               AND ($6::text IS NULL OR c.channel = $6)) AS work_orders
            """ : "work_orders"
        let supervision =
            scoped
            ? "(SELECT s.* FROM supervision_records s WHERE s.work_order_id IN (SELECT id FROM \(orders))) AS s"
            : "supervision_records"
        func within(_ column: String) -> String { "\(column) >= \(start) AND \(column) < \(end)" }
        try connection.execute("SET jit = off")  // compiling costs more than these scans take
        // Each count reads its own index range; the department's orders are counted by their own times.
        let rows = try connection.execute(
            """
            WITH counts AS (
              SELECT department_code, 'dispatched' AS figure, count(*) AS n FROM \(orders)
              WHERE \(within("dispatched_at")) GROUP BY 1
              UNION ALL
              SELECT department_code, CASE WHEN answered_at <= due_at THEN 'on_time' ELSE 'late' END, count(*)
              FROM \(orders) WHERE \(within("answered_at")) GROUP BY 1, 2
              UNION ALL
              SELECT department_code, 'overdue', count(*) FROM \(orders)
              WHERE \(within("due_at")) AND due_at < now() AND (answered_at > due_at
                     OR (answered_at IS NULL AND (closed_at IS NULL OR closed_at > due_at)))
              GROUP BY 1
              UNION ALL
              SELECT department_code, level, count(*) FROM \(supervision) WHERE \(within("issued_at")) GROUP BY 1, 2
            ), pivot AS (
              SELECT department_code,
                     sum(n) FILTER (WHERE figure = 'dispatched') AS dispatched,
                     sum(n) FILTER (WHERE figure IN ('on_time', 'late')) AS answered,
                     sum(n) FILTER (WHERE figure = 'on_time') AS on_time,
                     sum(n) FILTER (WHERE figure = 'overdue') AS overdue,
                     sum(n) FILTER (WHERE figure = 'notice') AS notices,
                     sum(n) FILTER (WHERE figure = 'flagged') AS flagged
              FROM counts GROUP BY 1
            )
            SELECT d.code, d.name_zh, coalesce(p.dispatched, 0) AS dispatched, coalesce(p.answered, 0) AS answered,
                   coalesce(p.on_time, 0) AS on_time, coalesce(p.overdue, 0) AS overdue,
                   coalesce(p.notices, 0) AS notices, coalesce(p.flagged, 0) AS flagged
            FROM departments d LEFT JOIN pivot p ON p.department_code = d.code
            WHERE ($3::text IS NULL OR d.code = $3) AND (p.department_code IS NOT NULL OR d.code = $3)
            ORDER BY coalesce(p.dispatched, 0) DESC, d.code
            """,
            [period.from, period.end, filters.department]
                + (scoped ? [filters.town, filters.category, filters.channel] : []))
        return DepartmentPerformance(
            period: period, filters: filters,
            departments: try rows.rows.map { row in
                let answered: Int = try row.decode("answered")
                let onTime: Int = try row.decode("on_time")
                return Line(
                    department: try row.decode("code"), name: try row.decode("name_zh"),
                    dispatched: try row.decode("dispatched"), answered: answered, answeredOnTime: onTime,
                    overdue: try row.decode("overdue"), supervisionNotices: try row.decode("notices"),
                    flagged: try row.decode("flagged"), onTimeRate: CaseReport.rate(onTime, answered))
            })
    }
}
