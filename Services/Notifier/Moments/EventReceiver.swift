import CaseModel
import CaseStore
import Contracts
import Foundation
import Logging
import Messaging
import Reliability
import Storage

/// 通知: turns each case event into the message the petitioner is owed, recorded in the same
/// transaction as the inbox row (so a redelivered event records nothing twice). Sending is the
/// dispatcher's; this only decides what to tell, in whose language, and whether they opted out.
struct EventReceiver: MessageHandler {
    let book: TemplateBook
    let rules: HandlingRules
    let seal: PersonalDataSeal
    let logger: Logger

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        guard let messageId = delivery.messageId else {
            throw ContractViolation("the message has no message_id")
        }
        switch delivery.type {
        case MessageTypes.caseStep:
            let step = try ContractCoding.decode(CaseStepped.self, from: delivery.body)
            guard let moment = Moment.of(step: step.action, actor: step.actor) else { return }
            try tell(
                moment, caseId: step.caseId, caseNumber: step.caseNumber, event: messageId, on: transaction)
        case MessageTypes.caseFollowUpDue:
            let due = try ContractCoding.decode(CaseFollowUpDue.self, from: delivery.body)
            try tell(
                .visitComing, caseId: due.caseId, caseNumber: due.caseNumber, event: messageId,
                on: transaction)
        case MessageTypes.petitionerCodeRequested:
            let request = try ContractCoding.decode(PetitionerCodeRequested.self, from: delivery.body)
            guard UUID(uuidString: request.requestId) != nil,
                let purpose = OneTimeCodes.Purpose(rawValue: request.purpose)
            else { throw ContractViolation("a code request needs a uuid requestId and a known purpose") }
            guard
                let code = try OneTimeCodes.issue(
                    id: request.requestId, caseId: request.caseId, purpose: purpose, on: transaction)
            else { return }
            try tell(
                .oneTimeCode, caseId: request.caseId, caseNumber: request.caseNumber, event: messageId,
                extra: ["purpose": purpose.rawValue], secret: ["code": code], on: transaction)
        default:
            throw ContractViolation("the notifier does not read messages of type '\(delivery.type ?? "")'")
        }
    }

    /// Records the message of `moment`, with the case's facts it needs.
    func tell(
        _ moment: Moment, caseId: String, caseNumber: String, event: String, extra: [String: String] = [:],
        secret: [String: String] = [:], on transaction: PostgresConnection
    ) throws {
        guard
            let petitioner = try transaction.execute(
                "SELECT petitioner_language, sms_opt_out FROM cases WHERE id = $1::uuid", [caseId]
            ).first
        else { throw ContractViolation("no case \(caseId)") }
        let language: String = try petitioner.decode("petitioner_language")
        var parameters = extra.merging(
            try facts(moment, caseId: caseId, language: language, on: transaction)
        ) { $1 }
        parameters["caseNumber"] = caseNumber
        var secrets = secret
        if moment == .registered, let sealed = try QueryCodes.sealedCode(caseId: caseId, on: transaction) {
            secrets["code"] = try seal.open(sealed)
        }
        let required = book.isRequired(moment.template)
        let optedOut: Bool = try petitioner.decode("sms_opt_out")
        try Notifications.record(
            caseId: caseId, sourceMessageId: event, moment: moment.rawValue, template: moment.template,
            language: language, parameters: parameters,
            sealedParameters: secrets.isEmpty
                ? nil : try seal.seal(String(decoding: try JSONEncoder().encode(secrets), as: UTF8.self)),
            required: required, skipped: optedOut && !required, on: transaction)
        logger.info(
            "notification recorded",
            metadata: [
                "caseNumber": "\(caseNumber)", "moment": "\(moment.rawValue)", "optedOut": "\(optedOut)",
            ])
    }

    /// The parameters a moment's template needs, read from the case (never personal data).
    func facts(_ moment: Moment, caseId: String, language: String, on transaction: PostgresConnection) throws
        -> [String: String]
    {
        switch moment {
        case .dispatched:
            guard
                let order = try transaction.execute(
                    """
                    SELECT d.name_zh, d.name, w.due_at FROM work_orders w JOIN departments d ON d.code = w.department_code
                    WHERE w.case_id = $1::uuid ORDER BY w.dispatched_at DESC, (w.role = 'lead') DESC LIMIT 1
                    """, [caseId]
                ).first
            else { return [:] }
            return [
                "department": try order.decode(language == "en" ? "name" : "name_zh"),
                "dueDate": Self.day(try order.decode("due_at"), language: language),
            ]
        case .answered:
            let outcome: String? = try transaction.execute(
                "SELECT outcome FROM answers WHERE case_id = $1::uuid ORDER BY answered_at DESC LIMIT 1",
                [caseId]
            ).first?.decode("outcome")
            return ["outcome": outcome ?? ""]
        case .acceptedOnBehalf, .disputed:
            let signedAt: Date? = try transaction.execute(
                """
                SELECT signed_at FROM answers WHERE case_id = $1::uuid AND signed_at IS NOT NULL
                ORDER BY answered_at DESC LIMIT 1
                """, [caseId]
            ).first?.decodeIfPresent("signed_at")
            return [
                "deadline": Self.day(rules.reviewDeadline(signedAt: signedAt ?? Date()), language: language)
            ]
        case .panelFormed, .panelConcluded:
            guard
                let panel = try transaction.execute(
                    """
                    SELECT conclusion, (SELECT count(*) FROM panel_members m WHERE m.panel_id = p.id) AS members
                    FROM review_panels p WHERE p.case_id = $1::uuid ORDER BY applied_at DESC LIMIT 1
                    """, [caseId]
                ).first
            else { return [:] }
            return [
                "members": String(try panel.decode("members", as: Int.self)),
                "conclusion": try panel.decodeIfPresent("conclusion") ?? "",
            ]
        default:
            return [:]
        }
    }

    /// A day as petitioners read it: 12月31日 / 31 Dec, in the centre's time zone.
    static func day(_ date: Date, language: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.month, .day], from: date)
        if language == "en" {
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(parts.day ?? 1) \(months[(parts.month ?? 1) - 1])"
        }
        return "\(parts.month ?? 1)月\(parts.day ?? 1)日"
    }
}
