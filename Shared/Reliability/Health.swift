import Synchronization

/// Which parts of a service are up; `/healthz` answers 200 only when all are.
public final class Health: Sendable {
    private let components = Mutex<[String: Bool]>([:])
    public init() {}

    public func set(_ component: String, up: Bool) {
        components.withLock { $0[component] = up }
    }

    public var snapshot: [String: Bool] { components.withLock { $0 } }
    public var isHealthy: Bool { snapshot.values.allSatisfy { $0 } }
}
