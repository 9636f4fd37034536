import CaseModel
import Foundation
import HTTPSupport
import OpenAPIRuntime
import Reports
import Storage

/// `GET /api/v1/reports/summary`, `/departments` and `/trend`: any period
/// (`period=2026-11|2026-Q4|2026` or `from=…&to=…`), filters (`town`,
/// `department`, `category`, `channel`), JSON or CSV (`format=csv` or
/// `Accept: text/csv`). docs/reports.md defines every figure.
struct ReportsAPI: APIProtocol {
    let pool: PostgresPool
    let access: Access

    func reportSummary(_ input: Operations.ReportSummary.Input) async throws
        -> Operations.ReportSummary.Output
    {
        let wantsCSV = input.headers.accept.contains { $0.contentType == .textCsvCharsetUtf8 }
        let answer = try await report("summary", input.query, wantsCSV: wantsCSV) {
            try CaseReport.load(period: $0, filters: $1, on: $2)
        }
        return .ok(
            .init(
                headers: .init(contentDisposition: answer.fileName),
                body: try answer.csv.map { .textCsvCharsetUtf8(HTTPBody($0)) }
                    ?? .json(GeneratedAPI.convert(answer.report))))
    }

    func reportDepartments(_ input: Operations.ReportDepartments.Input) async throws
        -> Operations.ReportDepartments.Output
    {
        let wantsCSV = input.headers.accept.contains { $0.contentType == .textCsvCharsetUtf8 }
        let answer = try await report("departments", input.query, wantsCSV: wantsCSV) {
            try DepartmentPerformance.load(period: $0, filters: $1, on: $2)
        }
        return .ok(
            .init(
                headers: .init(contentDisposition: answer.fileName),
                body: try answer.csv.map { .textCsvCharsetUtf8(HTTPBody($0)) }
                    ?? .json(GeneratedAPI.convert(answer.report))))
    }

    func reportTrend(_ input: Operations.ReportTrend.Input) async throws -> Operations.ReportTrend.Output {
        let wantsCSV = input.headers.accept.contains { $0.contentType == .textCsvCharsetUtf8 }
        let answer = try await report("trend", input.query, wantsCSV: wantsCSV) {
            try MonthlyTrend.load(period: $0, filters: $1, on: $2)
        }
        return .ok(
            .init(
                headers: .init(contentDisposition: answer.fileName),
                body: try answer.csv.map { .textCsvCharsetUtf8(HTTPBody($0)) }
                    ?? .json(GeneratedAPI.convert(answer.report))))
    }

    /// A loaded report, and its CSV text when that is what was asked for.
    struct Answer<Report: Sendable>: Sendable {
        let report: Report
        let csv: String?
        let fileName: String?
    }

    /// For supervisors: the period and filters from the query, the report loaded, as JSON or
    /// as CSV (`format=csv`, or `Accept: text/csv` without `format`).
    func report<Report: CSVReport>(
        _ name: String, _ query: some ReportQuery, wantsCSV accepted: Bool,
        load: @escaping @Sendable (ReportPeriod, ReportFilters, PostgresConnection) throws -> Report
    ) async throws -> Answer<Report> {
        let staff = try access.require([.supervisor])
        let (period, asked) = try Self.parse(query)
        // A town-level supervisor's reports cover that town only.
        if let town = staff.town, let other = asked.town, other != town {
            throw access.outOfScope(staff, "a town-level supervisor reports on \(town) only")
        }
        let filters = ReportFilters(
            town: staff.town ?? asked.town, department: asked.department, category: asked.category,
            channel: asked.channel)
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
        guard query.format == .csv || (query.format == nil && accepted) else {
            return Answer(report: report, csv: nil, fileName: nil)
        }
        return Answer(
            report: report, csv: report.csv.text,
            fileName: "attachment; filename=\"onedoor-\(name)-\(period.label).csv\"")
    }

    /// The period and filters from the query string; 422 naming each bad parameter, together
    /// with those the document's checks found.
    static func parse(_ query: some ReportQuery) throws -> (ReportPeriod, ReportFilters) {
        func value(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        var problems: [FieldProblem] = []
        var period: ReportPeriod?
        do {
            switch (value(query.period), value(query.from), value(query.to)) {
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
            town: value(query.town), department: value(query.department), category: value(query.category),
            channel: value(query.channel))
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
        try RequestProblems.check(problems)
        guard let period else { throw DomainRefusal.invalid(problems) }
        return (period, filters)
    }

    /// `GET /dashboard`: the page (DashboardPage.swift), its own scripts and styles only.
    func dashboard(_ input: Operations.Dashboard.Input) async throws -> Operations.Dashboard.Output {
        .ok(
            .init(
                headers: .init(contentSecurityPolicy: DashboardPage.contentSecurityPolicy),
                body: .textHtmlCharsetUtf8(HTTPBody(DashboardPage.html))))
    }
}

/// The query every report takes (the document's report parameters).
protocol ReportQuery: Sendable {
    var period: String? { get }
    var from: String? { get }
    var to: String? { get }
    var town: String? { get }
    var department: String? { get }
    var category: String? { get }
    var channel: String? { get }
    var format: Components.Parameters.ReportFormat? { get }
}

extension Operations.ReportSummary.Input.Query: ReportQuery {}
extension Operations.ReportDepartments.Input.Query: ReportQuery {}
extension Operations.ReportTrend.Input.Query: ReportQuery {}

/// A report that also reads as a CSV table.
protocol CSVReport: Encodable, Sendable {
    var csv: CSVTable { get }
}

extension CaseReport: CSVReport {}
extension DepartmentPerformance: CSVReport {}
extension MonthlyTrend: CSVReport {}
