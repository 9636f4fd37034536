import ArgumentParser
import Foundation
import Reports
import Storage

/// `onedoor-admin report month 2026-11`: a month's (or any period's) figures as
/// a table in the terminal, from the same code as the report API.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a period's report (docs/reports.md) as a table.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "month", abstract: "The figures of a month (2026-11), quarter (2026-Q4) or year.")
        @Argument(help: "The period: 2026-11, 2026-Q4 or 2026.") var period: String
        @Option(help: "Only this town.") var town: String?
        @Option(help: "Only cases first dispatched to this department.") var department: String?
        @Option(help: "Only this category (a kind or a class).") var category: String?
        @Option(help: "Only this channel.") var channel: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let period: ReportPeriod
            do {
                period = try ReportPeriod.parse(self.period)
            } catch {
                throw ValidationError(error.description)
            }
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            let filters = ReportFilters(
                town: town, department: department, category: category, channel: channel)
            let report = try CaseReport.load(period: period, filters: filters, on: connection)
            let departments = try DepartmentPerformance.load(
                period: period, filters: filters, on: connection)
            print("OneDoor report \(period.label) (\(period.from) – \(period.to), Asia/Shanghai)")
            let totals = report.totals
            let percent = { (rate: Double?) in rate.map { String(format: "%.2f %%", $0 * 100) } ?? "–" }
            print(
                Self.table(
                    ["figure", "value"],
                    [
                        ["received 受理", "\(totals.received)"], ["resolved 化解", "\(totals.resolved)"],
                        ["resolution rate 化解率", percent(report.rates.resolution)],
                        ["answered 答复", "\(totals.answered)"], ["on time 按时", "\(totals.answeredOnTime)"],
                        ["on-time rate 按时答复率", percent(report.rates.onTime)],
                        ["visits 回访", "\(totals.visits)"],
                        ["satisfaction rate 满意率", percent(report.rates.satisfaction)],
                        ["reviews applied 专家评审", "\(totals.reviewsApplied)"],
                        ["reviews upheld / revised", "\(totals.reviewsUpheld) / \(totals.reviewsRevised)"],
                        ["repeats 重复信访", "\(totals.repeats)"], ["escalations 吹哨报到", "\(totals.escalations)"],
                        ["redirected 诉讼引导", "\(totals.redirected)"], ["triaged 人工分流", "\(totals.triaged)"],
                        [
                            "supervision notices / flagged",
                            "\(totals.supervisionNotices) / \(totals.flagged)",
                        ],
                        ["people 人次", "\(totals.people)"], ["parties 涉及当事人", "\(totals.partiesInvolved)"],
                        ["amount 涉及金额", String(format: "%.2f", totals.amountInvolved)],
                        ["collective 集体访", "\(totals.collectivePetitions)"],
                        [
                            "agreements written / oral 调解协议",
                            "\(totals.agreementsWritten) / \(totals.agreementsOral)",
                        ],
                        [
                            "judicial confirmed / refused 司法确认",
                            "\(totals.judicialConfirmations) / \(totals.judicialRefused)",
                        ],
                    ]))
            print(
                Self.table(
                    ["category class", "received", "resolved"],
                    report.byCategory.map { [$0.name ?? $0.code, "\($0.received)", "\($0.resolved)"] }))
            print(
                Self.table(
                    ["department", "dispatched", "answered", "on time", "overdue", "notices", "flagged"],
                    departments.departments.map {
                        [
                            $0.name, "\($0.dispatched)", "\($0.answered)", "\($0.answeredOnTime)",
                            "\($0.overdue)",
                            "\($0.supervisionNotices)", "\($0.flagged)",
                        ]
                    }))
        }

        /// Columns padded to their widest cell (CJK characters count double).
        static func table(_ header: [String], _ rows: [[String]]) -> String {
            func width(_ text: String) -> Int {
                text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
            }
            let all = [header] + rows
            let widths = header.indices.map { column in all.map { width($0[column]) }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { index, cell in
                    let pad = String(repeating: " ", count: widths[index] - width(cell))
                    return index == 0 ? cell + pad : pad + cell
                }.joined(separator: "  ")
            }
            let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
            return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
        }
    }
}
