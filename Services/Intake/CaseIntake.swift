import CaseModel
import CaseStore
import Contracts
import Reliability
import Storage

/// 受理登记, the one way a case enters: registered in the caller's transaction (CaseRegistry,
/// the table) and announced through the outbox — to routing, or (就地化解) straight to follow-up.
/// Windows (HTTP) and grid events (AMQP) both come through here.
enum CaseIntake {
    static func registerAndAnnounce(
        _ registration: Registration, idempotencyKey: String? = nil, fingerprint: String, actor: String,
        sourceEventId: String? = nil, identity: IdentityKey, repeatWindowDays: Int? = nil,
        on transaction: PostgresConnection
    ) throws -> CaseRegistry.Registered {
        let registered = try CaseRegistry.register(
            registration, idempotencyKey: idempotencyKey, requestFingerprint: fingerprint, actor: actor,
            sourceEventId: sourceEventId, identity: identity, repeatWindowDays: repeatWindowDays,
            on: transaction)
        guard !registered.replayed else { return registered }
        if registration.resolvedOnSpot != nil {
            try Outbox.enqueue(
                CaseFollowUpDue(
                    caseId: registered.caseId, caseNumber: registered.caseNumber, reason: .resolvedOnSpot,
                    dueSince: registered.registeredAt), producer: "intake", on: transaction)
        } else {
            try Outbox.enqueue(
                CaseRegistered(
                    caseId: registered.caseId, caseNumber: registered.caseNumber,
                    category: registration.category,
                    channel: registration.channel, town: registration.location.town,
                    registeredAt: registered.registeredAt), producer: "intake", on: transaction)
        }
        return registered
    }
}
