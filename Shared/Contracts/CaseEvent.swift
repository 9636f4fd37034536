import Reliability
import Storage

/// A message on `onedoor.events`, routed by its type.
public protocol CaseEvent: Codable, Sendable {
    static var type: String { get }
}

extension CaseRegistered: CaseEvent {}
extension CaseFollowUpDue: CaseEvent {}
extension CaseDisputed: CaseEvent {}
extension CaseRedispatch: CaseEvent {}

extension Outbox {
    /// A case event on `onedoor.events`, its routing key its type.
    public static func enqueue<Event: CaseEvent>(
        _ event: Event, producer: String, on connection: PostgresConnection
    ) throws {
        try enqueue(
            producer: producer, exchange: Exchanges.events, routingKey: Event.type, type: Event.type,
            body: event, on: connection)
    }
}
