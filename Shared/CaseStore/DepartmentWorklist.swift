import CaseModel
import Foundation
import Storage

/// 我的待办 of a department (or, for a supervisor, of every department): its work orders with
/// what a handler needs to pick the next one — the case, its category, place, channel and the
/// petitioner's masked name, the due time, whether it is overdue or supervised — a page at a
/// time, by keyset (stable while new work orders arrive), with the count in each state.
public enum DepartmentWorklist {
    /// Which work orders: open ones soonest due first (all, due within `dueSoonDays`, overdue,
    /// or under supervision at its highest level), or answered ones latest first.
    public enum State: String, Sendable, CaseIterable {
        case open
        case dueSoon = "due-soon"
        case overdue
        /// 督办: overdue, with a supervision notice and not (yet) flagged.
        case notice
        /// 挂牌督办: overdue and flagged. (An order whose due time a clock pause has moved past
        /// now is no longer late, and leaves these two with its notice still on the record.)
        case flagged
        case answered
    }

    public struct Item: Codable, Sendable, PostgresRowDecodable {
        public let workOrderId: String
        public let department: String
        public let caseNumber: String
        public let status: String
        public let role: String
        public let round: Int
        public let tier: String?
        public let dispatchedAt: Date
        public let dueAt: Date
        public let receivedAt: Date?
        public let answeredAt: Date?
        public let category: String
        public let town: String
        public let community: String?
        public let grid: String?
        public let channel: String
        public var petitioner: String
        public let overdue: Bool
        /// The highest supervision on the order: `reminder`, `notice` (督办) or `flagged` (挂牌督办).
        public let supervision: String?
    }

    public struct Counts: Codable, Sendable, Equatable, PostgresRowDecodable {
        public let open: Int
        public let dueSoon: Int
        public let overdue: Int
        public let notice: Int
        public let flagged: Int
        public let answered: Int
    }

    /// One page: `limit` items after `cursor`, and the cursor of the next page if there is one.
    /// `department`: nil for every department's (a supervisor's view); `town`: only cases of
    /// that town (a town-level supervisor's view).
    public static func page(
        department: String?, state: State, town: String?, after cursor: KeysetCursor?, limit: Int,
        dueSoonDays: Int,
        on connection: PostgresConnection
    ) throws -> (items: [Item], next: KeysetCursor?) {
        let answered = state == .answered
        let filter = condition(state, dueSoonDays: dueSoonDays)
        let after =
            answered
            ? KeysetCursor.after(cursor, time: "w.answered_at", id: "w.id", descending: true)
            : KeysetCursor.after(cursor, time: "w.due_at", id: "w.id")
        let order: PostgresQuery = answered ? "w.answered_at DESC, w.id DESC" : "w.due_at, w.id"
        var items = try connection.query(
            """
            SELECT w.id::text AS "workOrderId", w.department_code AS department, c.case_number AS "caseNumber",
                   c.status, w.role, w.round, w.tier,
                   w.dispatched_at AS "dispatchedAt", w.due_at AS "dueAt", w.received_at AS "receivedAt",
                   w.answered_at AS "answeredAt", c.category_code AS category, c.location_town AS town,
                   c.location_community AS community, c.location_grid AS grid, c.channel,
                   c.petitioner_name AS petitioner,
                   (\(condition(.overdue, dueSoonDays: dueSoonDays))) AS overdue,
                   (SELECT s.level FROM supervision_records s WHERE s.work_order_id = w.id
                    ORDER BY array_position(ARRAY['reminder', 'notice', 'flagged'], s.level) DESC LIMIT 1)
                     AS supervision
            FROM work_orders w JOIN cases c ON c.id = w.case_id
            WHERE \(.equals("w.department_code", department)) AND \(filter) AND \(after)
              AND \(.equals("c.location_town", town))
            ORDER BY \(order)
            LIMIT \(limit + 1)
            """, as: Item.self)
        for index in items.indices {
            items[index].petitioner = PersonalData.maskName(items[index].petitioner)
        }
        return KeysetCursor.page(items, limit: limit) {
            ((answered ? $0.answeredAt : nil) ?? $0.dueAt, $0.workOrderId)
        }
    }

    /// Which work orders (aliased `w`) are in `state`: the one definition, for pages and counts.
    static func condition(_ state: State, dueSoonDays: Int) -> PostgresQuery {
        switch state {
        case .open: "\(WorkOrders.isOpen)"
        case .dueSoon:
            "\(WorkOrders.isOpen) AND w.due_at >= now() AND w.due_at < now() + make_interval(days => \(dueSoonDays))"
        case .overdue: overdue
        case .notice: "\(overdue) AND \(hasSupervision("notice")) AND NOT \(hasSupervision("flagged"))"
        case .flagged: "\(overdue) AND \(hasSupervision("flagged"))"
        case .answered: "w.answered_at IS NOT NULL"
        }
    }

    static let overdue: PostgresQuery = "\(WorkOrders.isOpen) AND w.due_at < now()"

    static func hasSupervision(_ level: StaticString) -> PostgresQuery {
        "EXISTS (SELECT 1 FROM supervision_records s WHERE s.work_order_id = w.id AND s.level = '\(unescaped: level)')"
    }

    public static func counts(
        department: String, town: String?, dueSoonDays: Int, on connection: PostgresConnection
    )
        throws -> Counts
    {
        let when = { (state: State) in condition(state, dueSoonDays: dueSoonDays) }
        // Two scans: the open orders (few), and the answered ones (all history) counted from
        // their index alone.
        let inTown = inTown(town)
        return try connection.query(
            """
            SELECT count(*) AS open, count(*) FILTER (WHERE \(when(.dueSoon))) AS "dueSoon",
                   count(*) FILTER (WHERE \(when(.overdue))) AS overdue,
                   count(*) FILTER (WHERE \(when(.notice))) AS notice,
                   count(*) FILTER (WHERE \(when(.flagged))) AS flagged,
                   (SELECT count(*) FROM work_orders w
                    WHERE w.department_code = \(department) AND \(when(.answered)) AND \(inTown)) AS answered
            FROM work_orders w
            WHERE w.department_code = \(department) AND \(when(.open)) AND \(inTown)
            """, as: Counts.self
        )[0]
    }

    /// 督办 across departments: per department with any, its open work orders overdue, under a
    /// notice and flagged (in `town`, or everywhere).
    public struct Supervised: Codable, Sendable, PostgresRowDecodable {
        public let department: String
        public let overdue: Int
        public let notice: Int
        public let flagged: Int
    }

    public static func supervised(town: String?, on connection: PostgresConnection) throws -> [Supervised] {
        let when = { (state: State) in condition(state, dueSoonDays: 0) }
        // Notices and flags are on overdue orders only: those (few) are all that is read.
        return try connection.query(
            """
            SELECT w.department_code AS department, count(*) AS overdue,
                   count(*) FILTER (WHERE \(when(.notice))) AS notice,
                   count(*) FILTER (WHERE \(when(.flagged))) AS flagged
            FROM work_orders w
            WHERE \(when(.overdue)) AND \(inTown(town))
            GROUP BY w.department_code ORDER BY w.department_code
            """, as: Supervised.self)
    }

    /// Work orders (`w`) of cases in `town`; every work order without one. The cases are read
    /// only for a town.
    static func inTown(_ town: String?) -> PostgresQuery {
        town.map { "EXISTS (SELECT 1 FROM cases c WHERE c.id = w.case_id AND c.location_town = \($0))" }
            ?? "TRUE"
    }
}
