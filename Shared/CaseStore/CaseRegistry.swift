import CaseModel
import Crypto
import Foundation
import Storage

/// 受理登记 in the database: creates the case and its first timeline row,
/// honouring an Idempotency-Key so a retried registration returns the same case.
public enum CaseRegistry {
    public struct Registered: Sendable {
        public let caseId: String
        public let caseNumber: String
        public let registeredAt: Date
        /// True when an earlier request with the same key created it.
        public let replayed: Bool
        /// 查询码, for the receipt (nil for a case made before query codes, or from a grid event's replay).
        public let queryCode: String?
    }

    /// The key was used before with a different request body.
    public struct IdempotencyKeyReused: Error, Sendable {}

    /// The category is not in the reference data.
    public struct UnknownCategory: Error, Sendable {
        public let code: String
    }

    /// Registers within the caller's transaction (so the caller can add outbox rows).
    /// `sourceEventId`: the grid event it came from; that event again returns this case.
    /// `identity` seals the phone and hashes the identity; `repeatWindowDays`: how far back a
    /// repeat petition is looked for (nil: not checked, as for grid events).
    public static func register(
        _ registration: Registration, idempotencyKey: String?, requestFingerprint: String, actor: String,
        sourceEventId: String? = nil, identity: IdentityKey, repeatWindowDays: Int? = nil,
        on connection: PostgresConnection
    ) throws -> Registered {
        let requestHash = SHA256.hash(data: Data(requestFingerprint.utf8)).map { String(format: "%02x", $0) }
            .joined()
        if let sourceEventId,
            let existing = try connection.execute(
                "SELECT id::text AS id, case_number, registered_at FROM cases WHERE source_event_id = $1",
                [sourceEventId]
            ).first
        {
            let caseId: String = try existing.decode("id")
            return Registered(
                caseId: caseId, caseNumber: try existing.decode("case_number"),
                registeredAt: try existing.decode("registered_at"), replayed: true,
                queryCode: try QueryCodes.sealedCode(caseId: caseId, on: connection).map(identity.open))
        }
        if let idempotencyKey,
            let existing = try connection.execute(
                """
                SELECT k.request_hash = $2 AS same, c.id::text AS id, c.case_number, c.registered_at
                FROM idempotency_keys k JOIN cases c ON c.id = k.case_id WHERE k.key = $1
                """, [idempotencyKey, requestHash]
            ).first
        {
            guard try existing.decode("same", as: Bool.self) else { throw IdempotencyKeyReused() }
            let caseId: String = try existing.decode("id")
            return Registered(
                caseId: caseId, caseNumber: try existing.decode("case_number"),
                registeredAt: try existing.decode("registered_at"), replayed: true,
                queryCode: try QueryCodes.sealedCode(caseId: caseId, on: connection).map(identity.open))
        }
        guard
            try connection.execute(
                "SELECT 1 FROM categories WHERE code = $1 AND active", [registration.category]
            ).first != nil
        else { throw UnknownCategory(code: registration.category) }
        // 重复信访: any of this petition's petitioners, among any earlier case's petitioners.
        let everyKey = registration.petitioners.map(identity.keys(for:))
        let keys = everyKey[0]
        let earlier = try repeatWindowDays.flatMap { windowDays in
            try connection.query(
                """
                SELECT c.id::text AS id, c.case_number FROM cases c
                WHERE c.category_code = \(registration.category)
                  AND c.registered_at > now() - make_interval(days => \(windowDays))
                  AND \(CaseParties.petitionedBy(
                      phoneHashes: everyKey.map(\.phoneHash), idHashes: everyKey.compactMap(\.idHash)))
                ORDER BY c.registered_at DESC LIMIT 1
                """
            ).first
        }
        let action: CaseAction = registration.resolvedOnSpot == nil ? .register : .registerResolvedOnSpot
        let status = try CaseStateMachine.apply(action, to: nil)
        let phone = try identity.seal(registration.petitioner.phone)
        let repeatOf = try earlier?.decode("id", as: String.self)
        let location = registration.location
        let row = try connection.query(
            """
            INSERT INTO cases (case_number, status, channel, category_code, petitioner_name, petitioner_phone,
                facts, demand, location_town, location_community, location_grid, location_address, resolved_on_spot,
                source_event_id, petitioner_id_hash, petitioner_phone_hash, repeat_of, petitioner_phone_masked,
                registered_by, petitioner_language, sms_opt_out, collective_people, amount_involved)
            VALUES ('OD-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-'
                    || lpad(nextval('case_number_seq')::text, 6, '0'),
                \(status.rawValue), \(registration.channel.rawValue), \(registration.category),
                \(registration.petitioner.name), \(phone), \(registration.facts), \(registration.demand),
                \(location.town), \(location.community), \(location.grid), \(location.address),
                \(registration.resolvedOnSpot != nil), \(sourceEventId), \(keys.idHash), \(keys.phoneHash),
                \(repeatOf)::uuid, \(PersonalData.maskPhone(registration.petitioner.phone)), \(actor),
                \(registration.petitioner.language ?? "zh-CN"), \(registration.petitioner.smsOptOut ?? false),
                \(registration.collective?.people), \(registration.amountInvolved.map { String(format: "%.2f", $0) })::numeric)
            RETURNING id::text AS id, case_number, registered_at
            """
        ).first!
        let caseId: String = try row.decode("id")
        try CaseParties.record(registration, caseId: caseId, identity: identity, on: connection)
        // The code first: the registration's own step event finds it (the notifier sends it).
        let queryCode = try QueryCodes.issue(caseId: caseId, seal: identity.seal, on: connection)
        let reason =
            (registration.resolvedOnSpot.map { "resolved on the spot: \($0.note)" }
                ?? "registered via \(registration.channel.rawValue)")
            + (try earlier.map { "; repeat of \(try $0.decode("case_number", as: String.self))" } ?? "")
        try CaseTransitions.appendEvent(
            caseId: caseId, action: action, from: nil, to: status, actor: actor, reason: reason,
            on: connection)
        if let idempotencyKey {
            try connection.execute(
                "INSERT INTO idempotency_keys (key, request_hash, case_id) VALUES ($1, $2, $3::uuid)",
                [idempotencyKey, requestHash, caseId])
        }
        return Registered(
            caseId: caseId, caseNumber: try row.decode("case_number"),
            registeredAt: try row.decode("registered_at"),
            replayed: false, queryCode: queryCode)
    }
}
