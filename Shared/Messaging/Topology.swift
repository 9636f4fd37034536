/// Exchanges, queues and bindings to declare. Declaring is idempotent, so every
/// service declares what it touches at start-up and after each reconnect.
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

    public init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }
}
