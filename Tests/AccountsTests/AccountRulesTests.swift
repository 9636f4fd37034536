import CaseModel
import Testing

@testable import Accounts

/// The rules an account must keep, decided without a database.
struct AccountRulesTests {
    let policy = PasswordPolicy(minimumLength: 10)

    @Test func aPasswordIsLongEnoughAndNotBuiltFromTheLoginOrTheName() {
        #expect(
            policy.problems("Short-1", login: "lina", displayName: "李娜").map(\.problem) == [
                "must be at least 10 characters"
            ])
        #expect(!policy.problems("my-LINA-password", login: "lina", displayName: "李娜").isEmpty)
        #expect(!policy.problems("李娜的密码很长很长123", login: "lina", displayName: "李娜").isEmpty)
        #expect(!policy.problems("aaaaaaaaaaaaab", login: "lina", displayName: "李娜").isEmpty)
        #expect(
            !policy.problems(String(repeating: "密码ab", count: 20), login: "lina", displayName: "李娜").isEmpty)
        #expect(policy.problems("Rain-on-the-river-42", login: "lina", displayName: "李娜").isEmpty)
        #expect(
            policy.problems("x", login: "l", displayName: "n", field: "newPassword").first?.field
                == "newPassword")
    }

    @Test func aRoleCarriesExactlyTheScopeItNeeds() {
        #expect(StaffScope(role: .department, department: "urban").problems().isEmpty)
        #expect(StaffScope(role: .department).problems().map(\.field) == ["department"])
        #expect(StaffScope(role: .expert).problems().map(\.field) == ["expert"])
        #expect(StaffScope(role: .clerk, department: "urban").problems().map(\.field) == ["department"])
        #expect(StaffScope(role: .followup, town: "xiawa").problems().isEmpty)
        #expect(
            StaffScope(role: .department, department: "urban", town: "xiawa").problems().map(\.field) == [
                "town"
            ])
        #expect(StaffScope(role: .admin, town: "xiawa").problems().map(\.field) == ["town"])
    }

    @Test func secretsAreRandomPrefixedAndKeptOnlyAsTheirHash() {
        let first = Credential.newSecret(prefix: Credential.sessionPrefix)
        let second = Credential.newSecret(prefix: Credential.sessionPrefix)
        #expect(first != second && first.hasPrefix("ods_") && first.count == 4 + 43)
        #expect(Credential.isOurs(first) && Credential.isOurs("odk_x") && !Credential.isOurs("eyJhbGciOi"))
        #expect(Credential.hash(first) == Credential.hash(first) && Credential.hash(first).count == 64)
        #expect(Credential.hash(first) != Credential.hash(second))
        let password = Credential.newPassword()
        #expect(password.count == 16 && !password.contains("0") && !password.contains("O"))
    }
}
