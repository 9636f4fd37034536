import Foundation
import Reliability
import Testing

@Suite struct OutboxSignalTests {
    /// Every waiting relay wakes on a raise, long before its timeout.
    @Test func aRaiseWakesEveryWaiter() async throws {
        let signal = OutboxSignal()
        let generation = signal.generation
        let started = Date()
        let woken = try await withThrowingTaskGroup(of: TimeInterval.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        Thread.detachNewThread {
                            signal.wait(after: generation, timeout: 60)
                            continuation.resume(returning: Date().timeIntervalSince(started))
                        }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            signal.raise()
            return try await group.reduce(into: [TimeInterval]()) { $0.append($1) }
        }
        #expect(woken.count == 2 && woken.allSatisfy { $0 < 30 })
        #expect(signal.generation == generation + 1)
    }

    /// A raise that came before the wait is not missed.
    @Test func anEarlierRaiseIsNotMissed() {
        let signal = OutboxSignal()
        let generation = signal.generation
        signal.raise()
        let started = Date()
        signal.wait(after: generation, timeout: 60)
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
