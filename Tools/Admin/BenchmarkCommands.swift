import ArgumentParser
import Contracts
import Foundation
import Messaging
import Reports
import Storage

/// Benchmarks that print figures (speed is measured here, never asserted in tests).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks against a running OneDoor (deploy/run first).",
        subcommands: [GridIngest.self, Reports.self, Worklists.self])

    /// Times the monthly and quarterly reports over a large synthetic history.
    struct Reports: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Fill the database to --cases synthetic cases (if it has fewer), then time the monthly and quarterly reports."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Synthetic cases the database should hold.") var cases = 1_000_000
        @Option(help: "Years of history they spread over.") var years = 4
        @Option(help: "Timed runs of each report (the median is printed).") var runs = 5

        func run() throws {
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            try HistoryGenerator(connection: connection, years: years).fill(to: cases)
            let total: Int = try connection.execute("SELECT count(*) AS n FROM cases").first!.decode("n")
            let events: Int = try connection.execute("SELECT count(*) AS n FROM case_events").first!.decode(
                "n")
            print("database: \(total) cases, \(events) timeline rows")
            let now = Calendar(identifier: .gregorian).dateComponents(
                in: TimeZone(identifier: "Asia/Shanghai")!, from: Date())
            // The last complete month and quarter.
            let month = ReportPeriod.month(
                year: now.month! == 1 ? now.year! - 1 : now.year!,
                month: now.month! == 1 ? 12 : now.month! - 1)
            let quarterIndex = (now.month! - 1) / 3
            let quarter = try ReportPeriod.parse(
                quarterIndex == 0 ? "\(now.year! - 1)-Q4" : "\(now.year!)-Q\(quarterIndex)")
            for (name, period) in [("monthly", month), ("quarterly", quarter)] {
                var times: [Double] = []
                var received = 0
                for _ in 0..<runs {
                    let start = Date()
                    let report = try CaseReport.load(period: period, filters: .init(), on: connection)
                    _ = try DepartmentPerformance.load(
                        period: period, filters: ReportFilters(), on: connection)
                    times.append(Date().timeIntervalSince(start) * 1000)
                    received = report.totals.received
                }
                let median = times.sorted()[times.count / 2]
                print(
                    String(
                        format:
                            "%@ report %@ (summary + departments): median %.0f ms, best %.0f ms over %d runs, %d received (goal < 500 ms)",
                        name, period.label, median, times.min()!, runs, received))
            }
        }
    }

    struct GridIngest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grid-ingest",
            abstract:
                "Publish a burst of grid events; print the ingest rate beside the broker's raw confirmed-publish rate."
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var broker: DeadLetters.BrokerOptions
        @Option(help: "How many grid events.") var events = 100_000
        @Option(help: "Give up when no case was stored for this many seconds.") var stallSeconds = 120.0

        func run() throws {
            let amqp = try AMQPConfiguration(url: broker.amqpURL)
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            guard let grid = try connection.execute("SELECT code FROM grids ORDER BY code LIMIT 1").first
            else {
                throw ValidationError("no grids in the reference data: run the migrations first")
            }
            let gridCode: String = try grid.decode("code")
            let run = "bench-\(UUID().uuidString.prefix(8).lowercased())"
            let messages = (0..<events).map { index in
                let id = "\(run)-\(index)"
                let body = """
                    {"schemaVersion":1,"eventId":"\(id)","gridCode":"\(gridCode)",\
                    "reporter":{"id":"bench","name":"Benchmark","phone":"13700000000"},\
                    "occurredAt":"2026-11-23T08:00:00Z","category":"street-lights",\
                    "description":"Street light out (benchmark event \(index)).",\
                    "location":{"latitude":37.59,"longitude":118.55},"photos":[],"resolvedOnSpot":false}
                    """
                return OutgoingMessage(
                    exchange: Exchanges.grid, routingKey: "grid.bench", messageId: id, type: "grid-event.v1",
                    body: Array(body.utf8))
            }

            // 1. The broker's raw rate: the same messages, confirmed into a scratch quorum queue.
            let scratch = "bench.raw-\(run)"
            let admin = try AMQPConnection(amqp)
            try admin.declare(Topology(queues: [.init(scratch, quorum: true)]))
            let publisher = try ConfirmingPublisher(amqp)
            let rawStart = Date()
            let rawOutcomes = try publisher.publish(
                messages.map {
                    var raw = $0; raw.exchange = ""; raw.routingKey = scratch; return raw
                }, timeout: 600)
            let rawSeconds = Date().timeIntervalSince(rawStart)
            try admin.delete(queue: scratch)
            guard rawOutcomes.allSatisfy({ $0 == .confirmed }) else {
                throw ValidationError("the broker refused raw messages")
            }

            // 2. Ingest: from the first publish until every event is a stored case.
            // Progress from the case-number sequence (cheap: counting the run's cases is a scan
            // that would take CPU from the pipeline being measured), then the exact count.
            func sequence() throws -> Int {
                try connection.execute("SELECT last_value AS n FROM case_number_seq").first!.decode("n")
            }
            func count() throws -> Int {
                try connection.execute(
                    "SELECT count(*) AS n FROM cases WHERE source_event_id LIKE $1", ["\(run)-%"]
                ).first!.decode("n")
            }
            let base = try sequence()  // before publishing: no case of the run is in flight
            print("publishing \(events) grid events (\(run))…")
            let start = Date()
            let outcomes = try publisher.publish(messages, timeout: 600)
            let published = outcomes.filter { $0 == .confirmed }.count
            var stored = 0
            var lastProgress = Date()
            while stored < published, Date().timeIntervalSince(lastProgress) < stallSeconds {
                Thread.sleep(forTimeInterval: 0.2)
                var now = try sequence() - base
                if now >= published { now = try count() }
                if now > stored { lastProgress = Date() }
                stored = now
            }
            stored = try count()
            let seconds = Date().timeIntervalSince(start)
            let doubled: Int = try connection.execute(
                """
                SELECT coalesce(sum(n - 1), 0) AS doubled FROM
                  (SELECT count(*) AS n FROM cases WHERE source_event_id LIKE $1 GROUP BY source_event_id) t
                """, ["\(run)-%"]
            ).first!.decode("doubled")
            let rawRate = Double(events) / rawSeconds
            let ingestRate = Double(stored) / seconds
            print(
                """
                events published (confirmed)   \(published)
                cases stored                   \(stored)
                lost                           \(published - stored)
                doubled                        \(doubled)
                raw confirmed publish          \(String(format: "%.0f", rawRate)) msg/s (\(String(format: "%.2f", rawSeconds)) s)
                ingest (published → stored)    \(String(format: "%.0f", ingestRate)) events/s (\(String(format: "%.2f", seconds)) s)
                ratio ingest / raw             \(String(format: "%.3f", ingestRate / rawRate)) (goal ≥ 0.5)
                """)
        }
    }
}
