import Testing

@testable import CaseStore

/// Where a department's worklist continues: the cursor reads back as written, and garbage is refused.
struct WorklistCursorTests {
    @Test func aCursorRoundTripsAndGarbageIsNoCursor() throws {
        let text = try #require(
            DepartmentWorklist.Cursor(
                text: "MTc2NDY0MzIwMDEyMzQ1Nnw5ZjJjMWE1Mi0xYjJjLTRkNWUtOGY5YS0wYjFjMmQzZTRmNWE"))
        #expect(DepartmentWorklist.Cursor(text: text.text) == text)
        #expect(!text.text.contains("=") && !text.text.contains("+") && !text.text.contains("/"))
        for garbage in ["not-a-cursor", "", "MTIz", String(repeating: "A", count: 300)] {
            #expect(DepartmentWorklist.Cursor(text: garbage) == nil)
        }
    }
}
