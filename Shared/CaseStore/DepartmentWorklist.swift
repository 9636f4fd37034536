import CaseModel
import Foundation
import Storage

/// 我的待办 of a department: its work orders with what a handler needs to pick the next one —
/// the case, its category, place, channel and the petitioner's masked name, the due time,
/// whether it is overdue or supervised — a page at a time, by keyset (stable while new work
/// orders arrive), with the count in each state.
public enum DepartmentWorklist {
    /// Which work orders: open ones soonest due first (all, due within `dueSoonDays`, or overdue),
    /// or answered ones latest first.
    public enum State: String, Sendable, CaseIterable {
        case open
        case dueSoon = "due-soon"
        case overdue
        case answered
    }

    public struct Item: Codable, Sendable, PostgresRowDecodable {
        public let workOrderId: String
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
        public let answered: Int
    }

    /// Where the next page starts: the last item's sort time and id, as opaque text.
    public struct Cursor: Sendable, Equatable {
        let at: Date
        let id: String

        /// Base64url, so it travels in a query string as it is.
        public var text: String {
            Data("\(Int64((at.timeIntervalSince1970 * 1_000_000).rounded()))|\(id)".utf8)
                .base64URLEncodedString
        }

        public init?(text: String) {
            guard text.count <= 200, let data = Data(base64URLEncoded: text),
                let plain = String(data: data, encoding: .utf8)
            else { return nil }
            let parts = plain.split(separator: "|")
            guard parts.count == 2, let micros = Int64(parts[0]), UUID(uuidString: String(parts[1])) != nil
            else {
                return nil
            }
            at = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            id = String(parts[1])
        }

        init(at: Date, id: String) {
            self.at = at
            self.id = id
        }
    }

    /// One page: `limit` items after `cursor`, and the cursor of the next page if there is one.
    /// `town`: only cases of that town (a town-level supervisor's view).
    public static func page(
        department: String, state: State, town: String?, after cursor: Cursor?, limit: Int, dueSoonDays: Int,
        on connection: PostgresConnection
    ) throws -> (items: [Item], next: Cursor?) {
        let answered = state == .answered
        let filter = condition(state, dueSoonDays: dueSoonDays)
        let after: PostgresQuery =
            switch (cursor, answered) {
            case (nil, _): "TRUE"
            case (let cursor?, false): "(w.due_at, w.id) > (\(cursor.at), \(cursor.id)::uuid)"
            case (let cursor?, true): "(w.answered_at, w.id) < (\(cursor.at), \(cursor.id)::uuid)"
            }
        let order: PostgresQuery = answered ? "w.answered_at DESC, w.id DESC" : "w.due_at, w.id"
        var items = try connection.query(
            """
            SELECT w.id::text AS "workOrderId", c.case_number AS "caseNumber", c.status, w.role, w.round, w.tier,
                   w.dispatched_at AS "dispatchedAt", w.due_at AS "dueAt", w.received_at AS "receivedAt",
                   w.answered_at AS "answeredAt", c.category_code AS category, c.location_town AS town,
                   c.location_community AS community, c.location_grid AS grid, c.channel,
                   c.petitioner_name AS petitioner,
                   (\(condition(.overdue, dueSoonDays: dueSoonDays))) AS overdue,
                   (SELECT s.level FROM supervision_records s WHERE s.work_order_id = w.id
                    ORDER BY array_position(ARRAY['reminder', 'notice', 'flagged'], s.level) DESC LIMIT 1)
                     AS supervision
            FROM work_orders w JOIN cases c ON c.id = w.case_id
            WHERE w.department_code = \(department) AND \(filter) AND \(after)
              AND (\(town)::text IS NULL OR c.location_town = \(town))
            ORDER BY \(order)
            LIMIT \(limit + 1)
            """, as: Item.self)
        for index in items.indices {
            items[index].petitioner = PersonalData.maskName(items[index].petitioner)
        }
        guard items.count > limit else { return (items, nil) }
        items.removeLast()
        let last = items[items.count - 1]
        return (items, Cursor(at: (answered ? last.answeredAt : nil) ?? last.dueAt, id: last.workOrderId))
    }

    /// Which work orders (aliased `w`) are in `state`: the one definition, for pages and counts.
    static func condition(_ state: State, dueSoonDays: Int) -> PostgresQuery {
        switch state {
        case .open: "\(WorkOrders.isOpen)"
        case .dueSoon:
            "\(WorkOrders.isOpen) AND w.due_at >= now() AND w.due_at < now() + make_interval(days => \(dueSoonDays))"
        case .overdue: "\(WorkOrders.isOpen) AND w.due_at < now()"
        case .answered: "w.answered_at IS NOT NULL"
        }
    }

    public static func counts(
        department: String, town: String?, dueSoonDays: Int, on connection: PostgresConnection
    )
        throws -> Counts
    {
        let when = { (state: State) in condition(state, dueSoonDays: dueSoonDays) }
        return try connection.query(
            """
            SELECT count(*) FILTER (WHERE \(when(.open))) AS open,
                   count(*) FILTER (WHERE \(when(.dueSoon))) AS "dueSoon",
                   count(*) FILTER (WHERE \(when(.overdue))) AS overdue,
                   count(*) FILTER (WHERE \(when(.answered))) AS answered
            FROM work_orders w JOIN cases c ON c.id = w.case_id
            WHERE w.department_code = \(department) AND (\(town)::text IS NULL OR c.location_town = \(town))
            """, as: Counts.self
        )[0]
    }
}
