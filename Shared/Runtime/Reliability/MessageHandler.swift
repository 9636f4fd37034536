import Messaging
import Storage

/// A service's logic for one kind of message. It runs inside the consumer's
/// transaction: its changes, the inbox record and any outbox rows commit together.
public protocol MessageHandler: Sendable {
    /// Throw `ContractViolation` (or `IllegalTransition`) for a message that can
    /// never succeed: it is dead-lettered. Transient database errors are retried.
    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws
}
