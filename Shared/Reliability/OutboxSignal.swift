import Foundation
import Synchronization

/// Wakes this process's outbox relay when a transaction that wrote outbox rows
/// commits (`Outbox.enqueue` arranges it).
///
/// In-process on purpose: a `NOTIFY` from the database would take PostgreSQL's
/// global notification lock at every commit and hold it through the WAL flush,
/// so no two committing transactions could share an fsync (migration 0012).
public final class OutboxSignal: Sendable {
    public static let shared = OutboxSignal()

    private struct State {
        var generation = 0
        var waiters: [ObjectIdentifier: DispatchSemaphore] = [:]
    }
    private let state = Mutex(State())

    public init() {}

    /// How many times it was raised so far.
    public var generation: Int { state.withLock { $0.generation } }

    public func raise() {
        let waiters = state.withLock { state in
            state.generation += 1
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.signal() }
    }

    /// Waits until it is raised past `generation`, or for `timeout` seconds.
    public func wait(after generation: Int, timeout: TimeInterval) {
        let waiter = DispatchSemaphore(value: 0)
        let key = ObjectIdentifier(waiter)
        let raised = state.withLock { state in
            if state.generation > generation { return true }
            state.waiters[key] = waiter
            return false
        }
        guard !raised else { return }
        _ = waiter.wait(timeout: .now() + timeout)
        _ = state.withLock { $0.waiters.removeValue(forKey: key) }
    }
}
