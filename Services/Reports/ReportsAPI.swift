import CaseModel
import Foundation
import HTTPSupport
import Hummingbird
import Reports
import Storage

/// `GET /api/v1/reports/summary`, `/departments` and `/trend`: any period
/// (`period=2026-11|2026-Q4|2026` or `from=…&to=…`), filters (`town`,
/// `department`, `category`, `channel`), JSON or CSV (`format=csv` or
/// `Accept: text/csv`). docs/reports.md defines every figure.
struct ReportsAPI: Sendable {
    let pool: PostgresPool
    let access: Access

    func register(on router: Router<StaffRequestContext>) {
        report(router, "summary", csv: \.csv) { try CaseReport.load(period: $0, filters: $1, on: $2) }
        report(router, "departments", csv: \.csv) {
            try DepartmentPerformance.load(period: $0, filters: $1, on: $2)
        }
        report(router, "trend", csv: \.csv) { try MonthlyTrend.load(period: $0, filters: $1, on: $2) }
    }

    /// `GET /api/v1/reports/<name>` for supervisors: the period and filters from the query, the
    /// report loaded, answered as JSON or CSV.
    func report<Report: Encodable & Sendable>(
        _ router: Router<StaffRequestContext>, _ name: String, csv: @escaping @Sendable (Report) -> CSVTable,
        load: @escaping @Sendable (ReportPeriod, ReportFilters, PostgresConnection) throws -> Report
    ) {
        router.get("/api/v1/reports/\(name)") { request, context in
            try await access.require(request, context, [.supervisor])
            let (period, filters) = try Self.query(request)
            let report = try await pool.withConnection(retryOnLostConnection: true) { connection in
                let unknown = try filters.unknownParameters(
                    channels: Channel.allCases.map(\.rawValue), on: connection)
                guard unknown.isEmpty else {
                    throw DomainRefusal.invalid(
                        unknown.map {
                            FieldProblem(field: $0, problem: "names nothing in the district's reference data")
                        })
                }
                return try load(period, filters, connection)
            }
            return try Self.respond(request, report, csv: csv(report), name: "\(name)-\(period.label)")
        }
    }

    /// The period and filters from the query string; 422 naming each bad parameter.
    static func query(_ request: Request) throws -> (ReportPeriod, ReportFilters) {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? { parameters.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        var problems: [FieldProblem] = []
        var period: ReportPeriod?
        do {
            switch (value("period"), value("from"), value("to")) {
            case (let text?, nil, nil): period = try ReportPeriod.parse(text)
            case (nil, let from?, let to?): period = try ReportPeriod.range(from: from, to: to)
            default:
                problems.append(
                    .init(
                        field: "period", problem: "give period (2026-11, 2026-Q4, 2026) or both from and to"))
            }
        } catch {
            problems.append(.init(field: error.field, problem: error.problem))
        }
        let filters = ReportFilters(
            town: value("town"), department: value("department"), category: value("category"),
            channel: value("channel"))
        for (name, text) in [
            ("town", filters.town), ("department", filters.department), ("category", filters.category),
            ("channel", filters.channel),
        ] {
            if let text,
                text.count > 64
                    || !text.allSatisfy({
                        $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_")
                    })
            {
                problems.append(.init(field: name, problem: "must be a code (a-z, 0-9, '-', '_')"))
            }
        }
        if let format = value("format"), !["json", "csv"].contains(format) {
            problems.append(.init(field: "format", problem: "must be json or csv"))
        }
        guard problems.isEmpty, let period else { throw DomainRefusal.invalid(problems) }
        return (period, filters)
    }

    static func respond(_ request: Request, _ body: some Encodable, csv: CSVTable, name: String) throws
        -> Response
    {
        let format = request.uri.queryParameters.get("format")
        let wantsCSV =
            format == "csv" || (format == nil && (request.headers[.accept] ?? "").contains("text/csv"))
        guard wantsCSV else { return try .json(body) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"onedoor-\(name).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv.text)))
    }
}
