import Foundation
import Testing

@testable import CaseStore

/// Where a worklist or a search continues: the cursor reads back as written, and garbage is refused;
/// a search adds a condition only for the criteria given.
struct KeysetCursorTests {
    @Test func aCursorRoundTripsAndGarbageIsNoCursor() throws {
        let text = try #require(
            KeysetCursor(
                text: "MTc2NDY0MzIwMDEyMzQ1Nnw5ZjJjMWE1Mi0xYjJjLTRkNWUtOGY5YS0wYjFjMmQzZTRmNWE"))
        #expect(KeysetCursor(text: text.text) == text)
        #expect(!text.text.contains("=") && !text.text.contains("+") && !text.text.contains("/"))
        for garbage in ["not-a-cursor", "", "MTIz", String(repeating: "A", count: 300)] {
            #expect(KeysetCursor(text: garbage) == nil)
        }
    }

    @Test func aPageOfMoreRowsThanTheLimitEndsWithTheCursorOfItsLastItem() {
        let rows = (0..<3).map {
            (Date(timeIntervalSince1970: Double($0)), "9f2c1a52-1b2c-4d5e-8f9a-0b1c2d3e4f5\($0)")
        }
        let (items, next) = KeysetCursor.page(rows, limit: 2) { $0 }
        #expect(items.count == 2 && next == KeysetCursor(at: rows[1].0, id: rows[1].1))
        #expect(KeysetCursor.page(rows, limit: 3) { $0 }.next == nil)
    }

    @Test func aSearchConditionHasOnlyTheCriteriaGiven() {
        var criteria = CaseSearch.Criteria()
        #expect(CaseSearch.condition(criteria, scope: .init(town: nil, department: nil)).sql == "TRUE")
        criteria.number = "OD-2026-000001"
        criteria.words = ["噪音", "广场"]
        let condition = CaseSearch.condition(criteria, scope: .init(town: "xiawa", department: nil))
        #expect(condition.binds.count == 6)
        #expect(
            condition.sql.contains("c.case_number = $1") && condition.sql.contains("c.location_town = $2"))
        #expect(!condition.sql.contains("phone") && !condition.sql.contains("registered_at"))
    }
}
