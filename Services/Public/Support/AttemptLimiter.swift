import Foundation
import Synchronization

/// 限流: counts events per key (a case, a client address) in a fixed window and says how long a
/// key must wait once it reached the limit. Kept in memory: one status-page process; a restart
/// forgets the counts (docs/notifications.md says so).
final class AttemptLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let counts = Mutex<[String: (count: Int, since: Date)]>([:])

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `key` may try again, or nil when it may now.
    func retryAfter(_ key: String, now: Date = Date()) -> Int? {
        counts.withLock { counts in
            guard let entry = counts[key] else { return nil }
            let elapsed = now.timeIntervalSince(entry.since)
            if elapsed >= window {
                counts[key] = nil
                return nil
            }
            return entry.count >= limit ? max(1, Int((window - elapsed).rounded(.up))) : nil
        }
    }

    /// Counts one event of `key`.
    func record(_ key: String, now: Date = Date()) {
        counts.withLock { counts in
            if let entry = counts[key], now.timeIntervalSince(entry.since) < window {
                counts[key] = (entry.count + 1, entry.since)
            } else {
                counts[key] = (1, now)
            }
            // Old keys go, so the table cannot grow without bound under a spray of addresses.
            if counts.count > 100_000 {
                counts = counts.filter { now.timeIntervalSince($0.value.since) < window }
            }
        }
    }
}
