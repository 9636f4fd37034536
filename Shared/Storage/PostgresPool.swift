import Foundation
import Synchronization

/// A few dedicated threads, each owning one connection, that run blocking
/// database work for async callers (HTTP handlers) off Swift's cooperative pool.
public final class PostgresPool: Sendable {
    private typealias Job = @Sendable (PostgresConnection?, PostgresError?) -> Void

    private let jobs = Mutex<[Job?]>([])
    private let available = DispatchSemaphore(value: 0)
    private let size: Int

    public init(conninfo: String, size: Int) {
        self.size = size
        for index in 0..<size {
            let thread = Thread { [self] in self.work(conninfo: conninfo) }
            thread.name = "postgres-pool-\(index)"
            thread.start()
        }
    }

    /// Runs `body` with a connection on one of the pool's threads. A pooled
    /// connection may have gone stale (the server restarted): with
    /// `retryOnLostConnection` — for reads and other work safe to repeat — the
    /// body runs again when its connection was lost.
    public func withConnection<T: Sendable>(
        retryOnLostConnection: Bool = false, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        // A server restart stales every pooled connection; each fails once, then reconnects.
        var attempts = retryOnLostConnection ? size + 1 : 1
        while true {
            do {
                return try await run(body)
            } catch let error as PostgresError where error.kind == .connection && attempts > 1 {
                attempts -= 1
            }
        }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws
        -> T
    {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { connection, failure in
                guard let connection else {
                    continuation.resume(throwing: failure!)
                    return
                }
                continuation.resume(with: Result { try body(connection) })
            }
        }
    }

    /// Stops the threads after the work already queued.
    public func shutdown() {
        for _ in 0..<size { enqueue(nil) }
    }

    private func enqueue(_ job: Job?) {
        jobs.withLock { $0.append(job) }
        available.signal()
    }

    private func work(conninfo: String) {
        var connection: PostgresConnection?
        while true {
            available.wait()
            guard let job = jobs.withLock({ $0.removeFirst() }) else { return }
            do {
                if connection == nil { connection = try PostgresConnection(conninfo: conninfo) }
                job(connection, nil)
            } catch let error as PostgresError {
                job(nil, error)
            } catch {
                job(nil, PostgresError(kind: .connection, message: "\(error)"))
            }
        }
    }
}
