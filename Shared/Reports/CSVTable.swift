/// RFC 4180 CSV: a header line, then one line per row; fields with a comma,
/// quote or line break are quoted, and cells starting with `=`, `+`, `-`, `@`, tab or CR
/// get a leading `'` so that no spreadsheet runs them as formulas.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    public var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ raw: String) -> String {
        // A cell a spreadsheet would run as a formula is neutralised with a leading quote (OWASP).
        let value = raw.first.map { "=+-@\t\r".contains($0) } == true ? "'" + raw : raw
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension CaseReport {
    /// One line per figure: the totals and rates, then each breakdown's rows.
    public var csv: CSVTable {
        let mirror = Mirror(reflecting: totals)
        var rows: [[String]] = mirror.children.map { ["total", $0.label ?? "", "", "\($0.value)", ""] }
        let rates: [(String, Double?)] = [
            ("resolution", self.rates.resolution), ("onTime", self.rates.onTime),
            ("satisfaction", self.rates.satisfaction), ("repeats", self.rates.repeats),
        ]
        rows += rates.map { ["rate", $0.0, "", $0.1.map { "\($0)" } ?? "", ""] }
        for (dimension, lines) in [
            ("category", byCategory), ("town", byTown), ("community", byCommunity), ("channel", byChannel),
            ("department", byDepartment),
        ] {
            rows += lines.map { [dimension, $0.code, $0.name ?? "", "\($0.received)", "\($0.resolved)"] }
        }
        return CSVTable(header: ["section", "key", "name", "received_or_value", "resolved"], rows: rows)
    }
}

extension DepartmentPerformance {
    public var csv: CSVTable {
        CSVTable(
            header: [
                "department", "name", "dispatched", "answered", "answered_on_time", "on_time_rate", "overdue",
                "supervision_notices", "flagged",
            ],
            rows: departments.map {
                [
                    $0.department, $0.name, "\($0.dispatched)", "\($0.answered)", "\($0.answeredOnTime)",
                    $0.onTimeRate.map { "\($0)" } ?? "", "\($0.overdue)", "\($0.supervisionNotices)",
                    "\($0.flagged)",
                ]
            })
    }
}

extension MonthlyTrend {
    public var csv: CSVTable {
        CSVTable(
            header: [
                "month", "received", "resolved", "resolution_rate", "visits", "satisfied",
                "satisfaction_rate",
            ],
            rows: months.map {
                [
                    $0.month, "\($0.received)", "\($0.resolved)", $0.resolutionRate.map { "\($0)" } ?? "",
                    "\($0.visits)", "\($0.satisfied)", $0.satisfactionRate.map { "\($0)" } ?? "",
                ]
            })
    }
}
