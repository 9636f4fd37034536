import Testing

@testable import Storage

/// Interpolated values travel as parameters, never as SQL text.
struct PostgresQueryTests {
    @Test func eachInterpolatedValueBecomesTheNextParameter() {
        let id = "x'; DROP TABLE cases; --"
        let days: Int? = nil
        let query: PostgresQuery =
            "SELECT 1 FROM cases WHERE id = \(id)::uuid AND days = \(days) AND n = \(3)"
        #expect(query.sql == "SELECT 1 FROM cases WHERE id = $1::uuid AND days = $2 AND n = $3")
        #expect(query.binds.map { $0?.postgresText } == [id, nil, "3"])
    }

    @Test func aFragmentKeepsItsValuesAndIsRenumbered() {
        let open: PostgresQuery = "w.due_at > \(5) AND w.role = \("lead")"
        let query: PostgresQuery = "SELECT \(1) WHERE \(open) AND w.id = \("a")"
        #expect(query.sql == "SELECT $1 WHERE w.due_at > $2 AND w.role = $3 AND w.id = $4")
        #expect(query.binds.map { $0?.postgresText } == ["1", "5", "lead", "a"])
    }

    @Test func aLiteralWithoutValuesHasNoParameters() {
        let query: PostgresQuery = "SELECT now()"
        #expect(query.sql == "SELECT now()")
        #expect(query.binds.isEmpty)
    }
}
