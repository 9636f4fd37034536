import Messaging
import Storage

/// A service's logic for one kind of message. It runs inside the consumer's
/// transaction: its changes, the inbox record and any outbox rows commit together.
public protocol MessageHandler: Sendable {
    /// Throw `ContractViolation` (or `IllegalTransition`) for a message that can
    /// never succeed: it is dead-lettered. Transient database errors are retried.
    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws

    /// Who sent it (see the extension's default).
    func sender(of delivery: Delivery) -> String
}

extension MessageHandler {
    /// Who sent the message, for the inbox: ids are unique per sender. OneDoor's own services
    /// make unique ids, so by default all share one sender; a handler of outside systems'
    /// messages names the system (a department's code).
    public func sender(of delivery: Delivery) -> String { "" }
}
