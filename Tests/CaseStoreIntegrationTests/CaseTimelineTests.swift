import CaseModel
import CaseStore
import Foundation
import Settings
import Storage
import TestSupport
import Testing

/// The case tables of the migrated test database.
@Suite struct CaseTimelineTests {
    let connection: PostgresConnection

    init() throws {
        connection = try PostgresConnection(conninfo: TestServers.postgresURL)
    }

    func registerCase() throws -> String {
        let registration = Registration(
            channel: .phone, petitioner: .init(name: "Zhang", phone: "13900000000"), facts: "Wages unpaid.",
            demand: "Pay.", category: "wage-arrears", location: .init(town: "xiawa"))
        return try connection.transaction {
            try CaseRegistry.register(
                registration, idempotencyKey: nil, requestFingerprint: "-", actor: "test",
                identity: try IdentityKey(secret: String(repeating: "test-secret-", count: 3)), on: $0
            ).caseId
        }
    }

    @Test func thePhoneIsSealedAtRestAndOpensWithTheKey() throws {
        let caseId = try registerCase()
        let stored: String = try connection.execute(
            "SELECT petitioner_phone FROM cases WHERE id = $1::uuid", [caseId]
        ).first!.decode("petitioner_phone")
        #expect(stored.hasPrefix("v1:") && !stored.contains("13900000000"))
        let key = try IdentityKey(secret: String(repeating: "test-secret-", count: 3))
        #expect(try key.open(stored) == "13900000000")
        let other = try IdentityKey(secret: String(repeating: "other-secret", count: 3))
        #expect(throws: (any Error).self) { try other.open(stored) }
        #expect(throws: ConfigurationError.self) { try IdentityKey(secret: "short") }
    }

    @Test func everyTransitionIsOnTheTimeline() throws {
        let caseId = try registerCase()
        try connection.transaction {
            try CaseTransitions.apply(
                .dispatch, caseId: caseId, actor: "routing", reason: "to labour", on: $0)
        }
        let rows = try connection.execute(
            "SELECT seq, action, from_status, to_status, actor FROM case_events WHERE case_id = $1::uuid ORDER BY seq",
            [caseId]
        ).rows
        #expect(try rows.map { try $0.decode("action", as: String.self) } == ["register", "dispatch"])
        #expect(try rows[1].decode("from_status", as: String.self) == "registered")
        #expect(try rows[1].decode("actor", as: String.self) == "routing")
    }

    @Test func anIllegalTransitionChangesNothing() throws {
        let caseId = try registerCase()
        #expect(throws: IllegalTransition(action: .answer, from: .registered)) {
            try connection.transaction {
                try CaseTransitions.apply(.answer, caseId: caseId, actor: "test", reason: nil, on: $0)
            }
        }
        let row = try connection.execute("SELECT status FROM cases WHERE id = $1::uuid", [caseId]).first!
        #expect(try row.decode("status", as: String.self) == "registered")
    }

    @Test func theTimelineCannotBeRewritten() throws {
        let caseId = try registerCase()
        let error = #expect(throws: PostgresError.self) {
            try connection.execute(
                "UPDATE case_events SET actor = 'someone else' WHERE case_id = $1::uuid", [caseId])
        }
        #expect(error?.sqlState == "42501")
        #expect(throws: PostgresError.self) {
            try connection.execute("DELETE FROM case_events WHERE case_id = $1::uuid", [caseId])
        }
    }

    @Test func anUnknownCaseIsNotFound() throws {
        #expect(throws: CaseNotFound.self) {
            try connection.transaction {
                try CaseTransitions.apply(
                    .dispatch, caseId: UUID().uuidString, actor: "test", reason: nil, on: $0)
            }
        }
    }
}
