import ArgumentParser
import Foundation
import Storage

/// `onedoor-admin timeline verify [--case OD-…]`: checks the hash chain of the
/// timeline (migration 0008) and reports, per case, the first broken link.
struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the tamper-evident timeline.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every row's hash and link; exit 1 naming each case's first broken link.")
        @Option(name: .customLong("case"), help: "Only this case number.") var caseNumber: String?
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try PostgresConnection(conninfo: database.postgresURL)
            if let caseNumber,
                try connection.execute("SELECT 1 FROM cases WHERE case_number = $1", [caseNumber]).first
                    == nil
            {
                throw ValidationError("no case \(caseNumber)")
            }
            let checked = try connection.execute(
                """
                SELECT count(*) AS rows, count(DISTINCT e.case_id) AS cases
                FROM case_events e JOIN cases c ON c.id = e.case_id WHERE $1::text IS NULL OR c.case_number = $1
                """, [caseNumber]
            ).first!
            let broken = try connection.execute(
                """
                SELECT DISTINCT ON (case_id) case_number, seq, problem FROM (
                  SELECT e.case_id, c.case_number, e.seq,
                         CASE WHEN e.hash IS NULL THEN 'the row has no hash'
                              WHEN e.seq <> coalesce(lag(e.seq) OVER w, 0) + 1
                                THEN 'a row is missing before it (sequence gap)'
                              WHEN e.prev_hash IS DISTINCT FROM lag(e.hash) OVER w
                                THEN 'its link to the row before does not match (a row was changed, removed or reordered)'
                              WHEN e.hash <> case_event_digest(e.prev_hash, e)
                                THEN 'the row was changed after it was written' END AS problem
                  FROM case_events e JOIN cases c ON c.id = e.case_id
                  WHERE $1::text IS NULL OR c.case_number = $1
                  WINDOW w AS (PARTITION BY e.case_id ORDER BY e.seq)
                ) rows WHERE problem IS NOT NULL
                ORDER BY case_id, seq
                """, [caseNumber]
            ).rows
            let rows: Int = try checked.decode("rows")
            let cases: Int = try checked.decode("cases")
            for row in broken {
                print(
                    "case \(try row.decode("case_number", as: String.self)): first broken link at seq "
                        + "\(try row.decode("seq", as: Int.self)): \(try row.decode("problem", as: String.self))"
                )
            }
            print(
                "timeline: \(rows) rows of \(cases) cases checked, \(broken.count) cases with a broken chain")
            if !broken.isEmpty { throw ExitCode(1) }
        }
    }
}
