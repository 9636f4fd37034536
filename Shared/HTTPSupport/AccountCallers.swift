import Accounts
import Foundation
import Storage

/// Looks up session tokens and API keys (`ods_…`, `odk_…`) in the database and remembers each
/// answer for a short while (ONEDOOR_CREDENTIAL_RECHECK_SECONDS, 30 by default, at most 60): a
/// signed-out session, a disabled account, a changed password or a revoked key stops working in
/// every service within that time, without a database round trip on every request.
public final class AccountCallers: @unchecked Sendable {
    let pool: PostgresPool
    let recheck: TimeInterval
    private let lock = NSLock()
    private var remembered: [String: (account: StaffAccount?, checkedAt: Date)] = [:]
    /// A bound on what is remembered (a flood of made-up tokens must not grow it without end).
    static let capacity = 10_000

    public init(pool: PostgresPool, recheckSeconds: Int) {
        self.pool = pool
        self.recheck = TimeInterval(recheckSeconds)
    }

    public func account(presenting secret: String) async throws -> StaffAccount? {
        let key = Credential.hash(secret)
        let now = Date()
        if let known = lock.withLock({ remembered[key] }), now.timeIntervalSince(known.checkedAt) < recheck {
            return known.account
        }
        let account = try await pool.withConnection(retryOnLostConnection: true) {
            try Callers.account(presenting: secret, on: $0)
        }
        lock.withLock {
            if remembered.count >= Self.capacity { remembered.removeAll(keepingCapacity: true) }
            remembered[key] = (account, now)
        }
        return account
    }
}
