import Foundation
import Reports
import Storage
import TestSupport
import Testing

/// Figures for a hand-built set of cases, in a town of their own and a month
/// long past, equal what docs/reports.md defines.
struct CaseReportTests {
    let connection: PostgresConnection
    let town = TestServers.uniqueName("rpt")
    /// March 2001 (local time); April follows.
    let march = ReportPeriod.month(year: 2001, month: 3)
    let april = ReportPeriod.month(year: 2001, month: 4)

    init() throws {
        connection = try PostgresConnection(conninfo: TestServers.postgresURL)
    }

    /// A case registered at `day` of March 2001 (08:00 local), with timeline rows
    /// `(action, day)`; returns its id.
    /// Where an action leaves a case: a status the case view can show (the cases made here are
    /// read by other tests through the API, and a made-up status would not fit its document).
    static func status(after action: String) -> String {
        [
            "register": "registered", "dispatch": "dispatched", "escalate": "dispatched",
            "answer": "answered",
            "accept": "follow_up", "rectify": "dispatched", "archive": "archived",
            "redirect_to_judicial": "redirected",
        ][action] ?? "registered"
    }

    @discardableResult
    func makeCase(
        category: String = "noise", channel: String = "visit", department: String = "urban",
        registeredDay: Int,
        events: [(String, Int)] = [], month: Int = 3, eventsMonth: Int? = nil, repeatOf: String? = nil
    ) throws -> String {
        let id: String = try connection.execute(
            """
            INSERT INTO cases (case_number, status, channel, category_code, petitioner_name, petitioner_phone, facts,
                               demand, location_town, location_community, first_department_code, registered_at, repeat_of)
            VALUES ($1, 'registered', $2, $3, 'p', '13800000000', 'f', 'd', $4, 'c1', $5, $6::timestamptz, $7::uuid)
            RETURNING id::text AS id
            """,
            [
                TestServers.uniqueName("T"), channel, category, town, department,
                String(format: "2001-%02d-%02dT08:00:00+08:00", month, registeredDay), repeatOf,
            ]
        ).first!.decode("id")
        let all = [("register", registeredDay, month)] + events.map { ($0.0, $0.1, eventsMonth ?? month) }
        for (seq, (action, day, eventMonth)) in all.enumerated() {
            try connection.execute(
                """
                INSERT INTO case_events (case_id, seq, action, to_status, actor, occurred_at)
                VALUES ($1::uuid, $2, $3, $4, 'test', $5::timestamptz)
                """,
                [
                    id, seq + 1, action, Self.status(after: action),
                    String(format: "2001-%02d-%02dT09:00:00+08:00", eventMonth, day),
                ])
        }
        return id
    }

    func answer(_ caseId: String, department: String = "urban", dueDay: Int, answeredDay: Int) throws {
        let order: String = try connection.execute(
            """
            INSERT INTO work_orders (case_id, department_code, round, dispatched_at, due_at, answered_at)
            VALUES ($1::uuid, $2, 1, '2001-03-01T10:00:00+08:00', $3::timestamptz, $4::timestamptz)
            RETURNING id::text AS id
            """,
            [
                caseId, department, String(format: "2001-03-%02dT18:00:00+08:00", dueDay),
                String(format: "2001-03-%02dT12:00:00+08:00", answeredDay),
            ]
        ).first!.decode("id")
        try connection.execute(
            """
            INSERT INTO answers (case_id, work_order_id, department_code, outcome, text, actor, answered_at)
            VALUES ($1::uuid, $2::uuid, $3, 'resolved', 't', 'test', $4::timestamptz)
            """, [caseId, order, department, String(format: "2001-03-%02dT12:00:00+08:00", answeredDay)])
    }

    func visit(_ caseId: String, round: Int, satisfaction: String, day: Int) throws {
        try connection.execute(
            """
            INSERT INTO visits (case_id, round, method, satisfaction, visited_at)
            VALUES ($1::uuid, $2, 'phone', $3, $4::timestamptz)
            """, [caseId, round, satisfaction, String(format: "2001-03-%02dT15:00:00+08:00", day)])
    }

    func report(_ period: ReportPeriod, _ filters: ReportFilters? = nil) throws -> CaseReport {
        try CaseReport.load(period: period, filters: filters ?? ReportFilters(town: town), on: connection)
    }

    @Test func eachFigureCountsWhatItsDefinitionSays() throws {
        // Four received in March: two archived in March, one redirected, one still open; and a
        // February case archived in March, so three resolved in March (a flow, as the centres count).
        let a = try makeCase(
            registeredDay: 2, events: [("dispatch", 2), ("answer", 5), ("accept", 6), ("archive", 8)])
        try answer(a, dueDay: 17, answeredDay: 5)  // on time
        try visit(a, round: 1, satisfaction: "satisfied", day: 8)
        let b = try makeCase(
            category: "wage-arrears", channel: "phone", department: "labour", registeredDay: 3,
            events: [("dispatch", 3), ("answer", 20), ("accept", 21), ("rectify", 22), ("archive", 28)])
        try answer(b, department: "labour", dueDay: 18, answeredDay: 20)  // late
        try visit(b, round: 1, satisfaction: "unsatisfied", day: 22)
        try visit(b, round: 2, satisfaction: "basically_satisfied", day: 28)
        try makeCase(
            category: "litigation", department: "court", registeredDay: 10,
            events: [("redirect_to_judicial", 10)])
        try makeCase(registeredDay: 30, events: [("dispatch", 30), ("escalate", 31)], repeatOf: a)
        // Received in February, resolved in March: counts as resolved in March, received in February.
        try makeCase(registeredDay: 20, events: [("archive", 1)], month: 2, eventsMonth: 3)
        let figures = try report(march)
        #expect(figures.totals.received == 4)
        #expect(figures.totals.resolved == 3)
        #expect(figures.totals.redirected == 1)
        #expect(figures.totals.escalations == 1)
        #expect(figures.totals.repeats == 1)
        #expect(figures.totals.answered == 2 && figures.totals.answeredOnTime == 1)
        #expect(figures.totals.visits == 3 && figures.totals.satisfied == 2)
        #expect(figures.rates.resolution == 0.75)
        #expect(figures.rates.onTime == 0.5)
        #expect(figures.rates.satisfaction == 0.6667)
        #expect(figures.rates.repeats == 0.25)
        #expect(figures.byChannel.map(\.code) == ["visit", "phone"])
        #expect(figures.byChannel.map(\.received) == [3, 1])
        #expect(Set(figures.byDepartment.map(\.code)) == ["urban", "labour", "court"])
        #expect(figures.byCategory.first { $0.code == "urban-management" }?.received == 2)
        #expect(figures.byTown.map(\.code) == [town] && figures.byCommunity.first?.parent == town)
        // February's case: received in February, its archive in March.
        let february = try report(.month(year: 2001, month: 2))
        #expect(february.totals.received == 1 && february.totals.resolved == 0)

        // Filters: a department, a class, a channel.
        #expect(try report(march, ReportFilters(town: town, department: "labour")).totals.received == 1)
        #expect(
            try report(march, ReportFilters(town: town, category: "urban-management")).totals.received == 2)
        #expect(try report(march, ReportFilters(town: town, channel: "phone")).totals.answered == 1)

        // A quarter holds both months.
        let quarter = try report(try ReportPeriod.parse("2001-Q1"))
        #expect(quarter.totals.received == 5 && quarter.totals.resolved == 3)
    }

    @Test func aClosedPeriodDoesNotChangeWhenLaterEventsArrive() throws {
        let open = try makeCase(registeredDay: 12, events: [("dispatch", 12)])
        let before = try report(march)
        // April: the case is answered, accepted, visited and archived; a new case arrives.
        for (seq, action) in ["answer", "accept", "archive"].enumerated() {
            try connection.execute(
                """
                INSERT INTO case_events (case_id, seq, action, to_status, actor, occurred_at)
                VALUES ($1::uuid, $2, $3, $4, 'test', '2001-04-03T10:00:00+08:00')
                """, [open, seq + 3, action, Self.status(after: action)])
        }
        try makeCase(registeredDay: 4, month: 4)
        let after = try report(march)
        #expect(after.totals == before.totals)
        #expect(after.rates == before.rates)
        #expect(try report(april).totals.resolved == 1)
    }

    @Test func departmentsShowTheirWorkOrdersOnTimeAndOverdue() throws {
        let a = try makeCase(registeredDay: 2)
        try answer(a, department: "market", dueDay: 10, answeredDay: 9)
        let b = try makeCase(registeredDay: 2)
        try answer(b, department: "market", dueDay: 10, answeredDay: 12)
        let performance = try DepartmentPerformance.load(
            period: march, filters: ReportFilters(department: "market"), on: connection)
        let market = try #require(performance.departments.first)
        #expect(market.department == "market")
        #expect(market.answered >= 2 && market.answeredOnTime >= 1 && market.overdue >= 1)
    }

    @Test func periodsParseAndRefuseClearly() throws {
        #expect(try ReportPeriod.parse("2026-11").from == "2026-11-01")
        #expect(try ReportPeriod.parse("2026-11").to == "2026-11-30")
        #expect(try ReportPeriod.parse("2026-Q4").from == "2026-10-01")
        #expect(try ReportPeriod.parse("2026-Q4").to == "2026-12-31")
        #expect(try ReportPeriod.parse("2024").to == "2024-12-31")
        #expect(
            try ReportPeriod.range(from: "2026-02-27", to: "2026-03-02").months.map(\.label) == [
                "2026-02", "2026-03",
            ])
        for bad in ["2026-13", "2026-Q5", "26-11", "november", "2026-1"] {
            #expect(throws: ReportPeriod.Invalid.self) { try ReportPeriod.parse(bad) }
        }
        #expect(throws: ReportPeriod.Invalid.self) {
            try ReportPeriod.range(from: "2026-03-02", to: "2026-03-01")
        }
        #expect(throws: ReportPeriod.Invalid.self) {
            try ReportPeriod.range(from: "2026-02-30", to: "2026-03-01")
        }
    }

    @Test func csvQuotesWhatNeedsQuoting() {
        let table = CSVTable(header: ["a", "b"], rows: [["x,y", "say \"hi\""]])
        #expect(table.text == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n")
    }
}
