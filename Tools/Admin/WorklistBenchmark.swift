import ArgumentParser
import CaseStore
import Foundation
import Storage

extension Bench {
    /// Times everyone's worklist and case search over a large synthetic history, as the
    /// services run them (a page and its counts, through the same CaseStore code).
    struct Worklists: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Fill the database to --cases synthetic cases (if it has fewer), then time each worklist's first and tenth page and case search."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Synthetic cases the database should hold.") var cases = 1_000_000
        @Option(help: "Years of history they spread over.") var years = 4
        @Option(help: "Timed runs of each query (p50 and p95 are printed).") var runs = 40
        @Option(help: "Items a page.") var limit = 50

        func run() throws {
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            try HistoryGenerator(connection: connection, years: years).fill(to: cases)
            let total: Int = try connection.execute("SELECT count(*) AS n FROM cases").first!.decode("n")
            print("database: \(total) cases; \(runs) runs of each; \(limit) items a page")
            let timer = PageTimer(runs: runs)
            let sample = try Sample(connection)
            let limit = limit

            print("worklists (a page with its counts; goal p95 < 50 ms)")
            for state in [DepartmentWorklist.State.open, .overdue, .answered] {
                try timer.report("department \(sample.department) \(state.rawValue)", goal: 50) { cursor in
                    _ = try DepartmentWorklist.counts(
                        department: sample.department, town: nil, dueSoonDays: 2, on: connection)
                    return try DepartmentWorklist.page(
                        department: sample.department, state: state, town: nil, after: cursor, limit: limit,
                        dueSoonDays: 2, on: connection
                    ).next
                }
            }
            try timer.report("dispatcher: triage", goal: 50) { cursor in
                _ = try TriageQueue.count(town: nil, on: connection)
                return try TriageQueue.page(town: nil, after: cursor, limit: limit, on: connection).next
            }
            for state in ExpertWorklist.State.allCases {
                try timer.report("expert \(sample.expert) \(state.rawValue)", goal: 50) { cursor in
                    _ = try ExpertWorklist.counts(expert: sample.expert, opinionDays: 10, on: connection)
                    return try ExpertWorklist.page(
                        expert: sample.expert, state: state, opinionDays: 10, after: cursor, limit: limit,
                        on: connection
                    ).next
                }
            }
            try timer.report("follow-up: visits due", goal: 50) { cursor in
                _ = try VisitsDue.count(town: nil, on: connection)
                return try VisitsDue.page(town: nil, after: cursor, limit: limit, on: connection).next
            }
            try timer.report("supervisor: overdue, all departments", goal: 50) { cursor in
                _ = try DepartmentWorklist.supervised(town: nil, on: connection)
                return try DepartmentWorklist.page(
                    department: nil, state: .overdue, town: nil, after: cursor, limit: limit, dueSoonDays: 0,
                    on: connection
                ).next
            }
            var clerkDay = CaseSearch.Criteria()
            clerkDay.registeredBy = "clerk:bench-00"
            clerkDay.from = sample.yesterday
            clerkDay.to = sample.yesterday
            try timer.search(
                "clerk: registered on \(sample.yesterday)", clerkDay, goal: 50, connection, limit, count: true
            )

            print("search (newest first; goal p95 < 50 ms for exact lookups, < 200 ms for substrings)")
            var criteria = CaseSearch.Criteria()
            criteria.number = sample.number
            try timer.search("by number", criteria, goal: 50, connection, limit)
            criteria = .init()
            criteria.phoneHash = sample.phoneHash
            try timer.search("by phone (keyed hash)", criteria, goal: 50, connection, limit)
            criteria = .init()
            criteria.name = "王秀英"
            try timer.search("by name 王秀英", criteria, goal: 50, connection, limit)
            for words in [["噪音"], ["菜市场油烟"], ["供暖", "多户"]] {
                criteria = .init()
                criteria.words = words
                try timer.search(
                    "substring \(words.joined(separator: " "))", criteria, goal: 200, connection, limit)
            }
            criteria = .init()
            criteria.words = ["噪音"]
            criteria.town = sample.town
            try timer.search("substring 噪音 in \(sample.town)", criteria, goal: 200, connection, limit)
        }
    }

    /// What to ask for: the busiest department, expert and town, a case number and a phone hash
    /// of the history, and yesterday's date.
    struct Sample {
        let department: String
        let expert: String
        let town: String
        let number: String
        let phoneHash: String
        let yesterday: String

        init(_ connection: PostgresConnection) throws {
            func text(_ sql: String) throws -> String {
                guard let row = try connection.execute(sql).first else {
                    throw ValidationError("the synthetic history lacks what the benchmark asks for: \(sql)")
                }
                return try row.decode("v")
            }
            department = try text(
                """
                SELECT department_code AS v FROM work_orders WHERE answered_at IS NULL
                GROUP BY 1 ORDER BY count(*) DESC LIMIT 1
                """)
            expert = try text(
                """
                SELECT expert_code AS v FROM panel_members WHERE verdict IS NULL
                GROUP BY 1 ORDER BY count(*) DESC LIMIT 1
                """)
            town = try text("SELECT location_town AS v FROM cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
            number = try text(
                """
                SELECT case_number AS v FROM cases
                WHERE case_number = 'SYN-' || lpad((SELECT count(*) / 2 FROM cases)::text, 8, '0')
                """)
            phoneHash = try text("SELECT md5('phone-4242') AS v")
            yesterday = try text(
                "SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai' - interval '1 day', 'YYYY-MM-DD') AS v")
        }
    }

    /// Times the first page of a list and its tenth (reached by following nine cursors).
    struct PageTimer {
        let runs: Int

        func report(_ label: String, goal: Double, page: (KeysetCursor?) throws -> KeysetCursor?) throws {
            let first = try times { _ = try page(nil) }
            var cursor: KeysetCursor?
            var pages = 1
            cursor = try page(nil)
            while pages < 10, let next = cursor {
                pages += 1
                cursor = pages < 10 ? try page(next) : next
            }
            let tenth = try pages == 10 && cursor != nil ? times { [cursor] in _ = try page(cursor) } : nil
            let worst = max(first.p95, tenth?.p95 ?? 0)
            print(
                label.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + "first p50 \(format(first.p50)) p95 \(format(first.p95))"
                    + (tenth.map { " · tenth p50 \(format($0.p50)) p95 \(format($0.p95))" }
                        ?? " · (fewer than ten pages)")
                    + (worst < goal ? "" : "  ← over the goal of \(Int(goal)) ms"))
        }

        func search(
            _ label: String, _ criteria: CaseSearch.Criteria, goal: Double, _ connection: PostgresConnection,
            _ limit: Int, count: Bool = false
        ) throws {
            let scope = CaseSearch.Scope(town: nil, department: nil)
            try report(label, goal: goal) { cursor in
                if count { _ = try CaseSearch.count(criteria, scope: scope, on: connection) }
                return try CaseSearch.page(
                    criteria, scope: scope, after: cursor, limit: limit, on: connection
                ).next
            }
        }

        func times(_ body: () throws -> Void) throws -> (p50: Double, p95: Double) {
            try body()  // warm: the first run plans and reads from disk
            var milliseconds: [Double] = []
            for _ in 0..<runs {
                let start = Date()
                try body()
                milliseconds.append(Date().timeIntervalSince(start) * 1000)
            }
            milliseconds.sort()
            return (
                milliseconds[milliseconds.count / 2],
                milliseconds[min(milliseconds.count - 1, milliseconds.count * 95 / 100)]
            )
        }

        func format(_ milliseconds: Double) -> String {
            String(format: "%6.1f ms", milliseconds)
        }
    }
}
