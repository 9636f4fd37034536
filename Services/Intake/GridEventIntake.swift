import CaseModel
import CaseStore
import Contracts
import Foundation
import Messaging
import Reliability
import Storage

/// 网格上报: turns each valid grid event into a case with channel "grid" (or,
/// when the grid worker resolved it on the spot, a case that goes straight to
/// follow-up and still counts in reports). Anything else is dead-lettered with
/// the reason; the same event id again makes no second case.
struct GridEventIntake: MessageHandler {
    let identity: IdentityKey

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        try JSONMessage.check(delivery, maxBytes: GridEvent.maxBodyBytes)
        // The version first: a newer schema gets its own reason, not a list of field errors.
        struct Versioned: Decodable { let schemaVersion: Int? }
        let version = try? ContractCoding.decode(Versioned.self, from: delivery.body).schemaVersion
        if let version, version != GridEvent.schemaVersion {
            throw ContractViolation(
                "unknown schema version \(version) (this intake reads version \(GridEvent.schemaVersion))")
        }
        // A body without a readable version fails here with the field named.
        let event = try ContractCoding.decode(GridEvent.self, from: delivery.body)
        let problems = event.problems()
        guard problems.isEmpty else {
            throw ContractViolation("invalid event: " + problems.joined(separator: "; "))
        }
        guard delivery.messageId == event.eventId else {
            throw ContractViolation(
                "message_id (\(delivery.messageId ?? "-")) must equal eventId (\(event.eventId))")
        }
        guard
            let grid = try ReferenceLookups.grid(event.gridCode, on: transaction)
        else { throw ContractViolation("unknown grid code '\(event.gridCode)'") }
        let registration = Registration(
            channel: .grid, petitioner: .init(name: event.reporter.name, phone: event.reporter.phone),
            facts: event.description, demand: event.demand ?? "Handle the matter the grid worker reported.",
            category: event.category,
            location: .init(
                town: grid.town, community: grid.community,
                grid: event.gridCode,
                address: event.location.address ?? "\(event.location.latitude),\(event.location.longitude)"),
            resolvedOnSpot: event.resolvedOnSpot
                ? .init(note: "resolved on the spot by grid worker \(event.reporter.id)") : nil)
        do {
            _ = try CaseIntake.registerAndAnnounce(
                registration, fingerprint: event.eventId, actor: "grid:\(event.reporter.id)",
                sourceEventId: event.eventId, identity: identity, on: transaction)
        } catch let error as CaseRegistry.UnknownCategory {
            throw ContractViolation("unknown category '\(error.code)'")
        }
    }
}
