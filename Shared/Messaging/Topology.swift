/// Exchanges, queues and bindings to declare. Declaring is idempotent, so every
/// service declares its own part at start-up and after each reconnect (`slice`);
/// the operator's provisioning declares the whole (docs/operations.md).
public struct Topology: Sendable {
    public enum ExchangeKind: String, Sendable { case direct, topic, fanout }

    public struct Exchange: Sendable, Equatable {
        public let name: String
        public let kind: ExchangeKind
        public init(_ name: String, _ kind: ExchangeKind) {
            self.name = name
            self.kind = kind
        }
    }

    public struct Queue: Sendable, Equatable {
        public let name: String
        /// Quorum queues are replicated and durable; work queues use them.
        public let quorum: Bool
        /// Where the broker puts messages rejected without requeue.
        public let deadLetterExchange: String?
        public init(_ name: String, quorum: Bool = true, deadLetterExchange: String? = nil) {
            self.name = name
            self.quorum = quorum
            self.deadLetterExchange = deadLetterExchange
        }
    }

    public struct Binding: Sendable, Equatable {
        public let queue: String
        public let exchange: String
        public let routingKey: String
        public init(queue: String, exchange: String, routingKey: String) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    public var exchanges: [Exchange]
    public var queues: [Queue]
    public var bindings: [Binding]
    /// Exchanges that must already exist: only checked (a passive declare, which needs no
    /// permission), because a least-privileged user may not declare them.
    public var expectedExchanges: [String]

    public init(
        exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = [],
        expectedExchanges: [String] = []
    ) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
        self.expectedExchanges = expectedExchanges
    }

    /// The part one consumer declares: the queues it consumes and their bindings. The
    /// exchanges it binds from or publishes to are only checked: a user whose
    /// `configure` permission covers its own queues alone can declare this.
    public func slice(consuming queues: [String], publishingTo exchanges: [String]) -> Topology {
        let kept = self.bindings.filter { queues.contains($0.queue) }
        let used = Set(exchanges).union(kept.map(\.exchange))
        return Topology(
            queues: self.queues.filter { queues.contains($0.name) }, bindings: kept,
            expectedExchanges: self.exchanges.map(\.name).filter(used.contains))
    }
}
