import CaseModel
import CaseStore
import Contracts
import Evidence
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
        if let version, !GridEvent.schemaVersions.contains(version) {
            throw ContractViolation(
                "unknown schema version \(version) (this intake reads versions 1 and 2)")
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
                ? .init(note: "resolved on the spot by grid worker \(event.reporter.id)") : nil,
            collective: event.collective, otherParties: event.otherParties,
            amountInvolved: event.amountInvolved)
        // The parties (version 2) are held to the window's rules; the rest the event's own checked.
        let partyFields = ["collective", "otherParties", "amountInvolved"]
        let partyProblems = registration.problems().filter { problem in
            partyFields.contains { problem.field.hasPrefix($0) }
        }
        guard partyProblems.isEmpty else {
            throw ContractViolation(
                "invalid event: " + partyProblems.map { "\($0.field): \($0.problem)" }.joined(separator: "; ")
            )
        }
        let actor = "grid:\(event.reporter.id)"
        let registered: CaseRegistry.Registered
        do {
            registered = try CaseIntake.registerAndAnnounce(
                registration, fingerprint: event.eventId, actor: actor, sourceEventId: event.eventId,
                identity: identity, on: transaction)
        } catch let error as CaseRegistry.UnknownCategory {
            throw ContractViolation("unknown category '\(error.code)'")
        }
        guard !registered.replayed else { return }
        try keepLinks(of: event, caseId: registered.caseId, actor: actor, on: transaction)
    }

    /// The reporter's photos and the grid system's documents, kept with the case as links.
    func keepLinks(of event: GridEvent, caseId: String, actor: String, on transaction: PostgresConnection)
        throws
    {
        for (index, photo) in (event.photos ?? []).enumerated() {
            try Attachments.recordLink(
                caseId: caseId, source: "grid_photo", url: photo.url,
                fileName: photo.caption.map { AttachmentRules.fileName($0) } ?? "photo-\(index + 1)",
                mediaType: "image/*", actor: actor, on: transaction)
        }
        for document in event.attachments ?? [] {
            try Attachments.recordLink(
                caseId: caseId, source: "grid_attachment", url: document.url,
                fileName: AttachmentRules.fileName(document.name), mediaType: document.mediaType,
                actor: actor,
                on: transaction)
        }
    }
}
