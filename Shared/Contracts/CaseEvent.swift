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
extension PetitionerCodeRequested: CaseEvent {}

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

extension Outbox {
    /// A timeline row announced on `onedoor.events` as `case.step.<action>`, relayed by
    /// whichever service's relay finds it first (they all relay `CaseStepped.producer`).
    public static func enqueue(_ step: CaseStepped, on connection: PostgresConnection) throws {
        try enqueue(
            producer: CaseStepped.producer, exchange: Exchanges.events, routingKey: step.routingKey,
            type: CaseStepped.type, body: step, on: connection)
    }
}
