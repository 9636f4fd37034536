import CaseModel
import Crypto
import Foundation
import HTTPSupport

/// Who is signed in, as the accounts service says (`GET /api/v1/me` with their session).
struct SignedInPerson: Sendable {
    let token: String
    let login: String
    let displayName: String
    let role: StaffRole
    let department: String?
    let expert: String?
    let town: String?

    init?(token: String, me: JSONValue) {
        guard let login = me["name"]?.text, let role = me["role"]?.text.flatMap(StaffRole.init(rawValue:))
        else {
            return nil
        }
        self.token = token
        self.login = login
        self.role = role
        displayName = me["account"]?["displayName"]?.text ?? login
        department = me["department"]?.text
        expert = me["expert"]?.text
        town = me["town"]?.text
    }
}

/// The people behind sessions, asked of the accounts service and remembered for 10 seconds (the
/// services themselves recheck a session every ONEDOOR_CREDENTIAL_RECHECK_SECONDS, and refuse a
/// signed-out one on the next action anyway).
actor PeopleCache {
    private var known: [String: (person: SignedInPerson, at: Date)] = [:]
    private let client: ServiceClient

    init(client: ServiceClient) { self.client = client }

    func person(token: String, client address: String) async throws -> SignedInPerson? {
        let key = Self.key(token)
        if let entry = known[key], Date().timeIntervalSince(entry.at) < 10 { return entry.person }
        let answer = try await client.call("GET", "/api/v1/me", token: token, client: address)
        guard answer.status == 200, let me = answer.body, let person = SignedInPerson(token: token, me: me)
        else {
            known[key] = nil
            return nil
        }
        if known.count > 10_000 { known.removeAll() }
        known[key] = (person, Date())
        return person
    }

    func forget(token: String) { known[Self.key(token)] = nil }

    /// Sessions are remembered by their hash, not in clear.
    private static func key(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
