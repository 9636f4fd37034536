import Testing

@testable import Reports

@Suite struct CSVTableTests {
    /// A cell a spreadsheet would run as a formula gets a leading quote; others are as they were.
    @Test func formulasAreNeutralised() {
        for cell in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            #expect(CSVTable.field(cell).hasPrefix("'") || CSVTable.field(cell).hasPrefix("\"'"), "\(cell)")
        }
        #expect(CSVTable.field("城管局") == "城管局")
        #expect(CSVTable.field("a,b") == "\"a,b\"")
        #expect(CSVTable.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
    }
}
