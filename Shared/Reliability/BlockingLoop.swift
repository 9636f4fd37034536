import Foundation
import ServiceLifecycle
import Synchronization

/// Runs a blocking loop on a thread of its own (libpq and rabbitmq-c block, and
/// must stay off Swift's cooperative pool) as a lifecycle `Service`. Graceful
/// shutdown raises the stop flag; the loop finishes its current message and returns.
public struct BlockingLoop: Service {
    public let name: String
    private let body: @Sendable (StopFlag) -> Void

    public init(name: String, body: @escaping @Sendable (StopFlag) -> Void) {
        self.name = name
        self.body = body
    }

    public func run() async throws {
        let stop = StopFlag()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    let thread = Thread {
                        body(stop)
                        done.resume()
                    }
                    thread.name = name
                    thread.start()
                }
            } onCancel: {
                stop.raise()
            }
        } onGracefulShutdown: {
            stop.raise()
        }
    }
}

/// Set once, read often: tells a blocking loop to wind down.
public final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    public init() {}
    public func raise() { raised.store(true, ordering: .relaxed) }
    public var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Sleeps up to `seconds`, waking early when the flag is raised.
    public func sleep(_ seconds: TimeInterval) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isRaised, Date() < deadline {
            Thread.sleep(forTimeInterval: min(0.1, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}

/// Exponential back-off for reconnects and retries: 0.5 s doubling to a cap.
public struct Backoff: Sendable {
    public let cap: TimeInterval
    public private(set) var next: TimeInterval = 0.5
    public init(cap: TimeInterval) { self.cap = cap }
    public mutating func step() -> TimeInterval {
        defer { next = min(next * 2, cap) }
        return next
    }
    public mutating func reset() { next = 0.5 }
}
