import CaseModel
import CaseStore
import Foundation
import HTTPSupport
import OpenAPIRuntime
import Storage

/// 调解协议 and 司法确认: the lead department records the agreement its mediation reached
/// (`POST …/agreements`) and sends a written one to the court department
/// (`…/judicial-confirmation`), whose handler records the decision (`…/judicial-decision`)
/// from its worklist (`GET /api/v1/judicial-confirmations`). A department that may not see
/// the case is answered as if it did not exist.
extension DepartmentAPI {
    /// The court department unless the request names another.
    static let defaultCourt = "court"

    func recordAgreement(_ input: Operations.RecordAgreement.Input) async throws
        -> Operations.RecordAgreement.Output
    {
        let staff = try access.require([.department])
        let agreement: MediationAgreement = try GeneratedAPI.body(input.body)
        try RequestProblems.check(agreement.problems(today: CentreDay.of(Date())))
        let recorded = try await onCase(input.path.caseNumber, staff) { caseRef, transaction in
            let order = try WorkOrders.openLead(caseId: caseRef.id, on: transaction)
            guard let order, staff.department == nil || staff.department == order.department else {
                return .refused(
                    .conflict(
                        "case \(caseRef.number) has no open work order of yours (\(staff.department ?? ""))"))
            }
            guard caseRef.status == .handling else {
                return .refused(
                    .conflict(
                        "an agreement is recorded while the case is handled; case \(caseRef.number) is \(caseRef.status.rawValue)"
                    ))
            }
            return .done(
                try MediationAgreements.record(
                    agreement, on: caseRef, department: order.department, actor: staff.actor, on: transaction)
            )
        }
        return .created(.init(body: .json(try GeneratedAPI.convert(recorded))))
    }

    func requestJudicialConfirmation(_ input: Operations.RequestJudicialConfirmation.Input) async throws
        -> Operations.RequestJudicialConfirmation.Output
    {
        struct Request: Decodable { let court: String? }
        let staff = try access.require([.department])
        let request: Request = try GeneratedAPI.body(input.body)
        try RequestProblems.check()
        let court = request.court ?? Self.defaultCourt
        let id = input.path.agreementId
        let recorded = try await onCase(input.path.caseNumber, staff) { caseRef, transaction in
            guard let agreement = try MediationAgreements.find(id, caseId: caseRef.id, on: transaction) else {
                return .refused(.notFound("case \(caseRef.number) has no agreement \(id.prefix(40))"))
            }
            guard staff.department == nil || staff.department == agreement.department else {
                return .refused(.forbidden("the agreement was recorded by \(agreement.department)"))
            }
            return .done(
                try MediationAgreements.requestJudicialConfirmation(
                    id, on: caseRef, court: court, actor: staff.actor, on: transaction))
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(recorded))))
    }

    func decideJudicialConfirmation(_ input: Operations.DecideJudicialConfirmation.Input) async throws
        -> Operations.DecideJudicialConfirmation.Output
    {
        struct Decision: Decodable {
            let decision: JudicialDecision
            let reason: String?
        }
        let staff = try access.require([.department])
        let decision: Decision = try GeneratedAPI.body(input.body)
        try RequestProblems.check(
            DomainRefusal.textProblems(
                decision.reason, field: "reason", required: decision.decision == .refused))
        let id = input.path.agreementId
        let reason = decision.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let recorded = try await onCase(input.path.caseNumber, staff) { caseRef, transaction in
            .done(
                try MediationAgreements.decide(
                    id, on: caseRef, decision: decision.decision,
                    reason: reason?.isEmpty == true ? nil : reason,
                    court: staff.department, actor: staff.actor, on: transaction))
        }
        return .ok(.init(body: .json(try GeneratedAPI.convert(recorded))))
    }

    func listJudicialConfirmations(_ input: Operations.ListJudicialConfirmations.Input) async throws
        -> Operations.ListJudicialConfirmations.Output
    {
        let staff = try access.require([.department, .supervisor])
        let page = PageRequest(after: nil, limit: input.query.limit)
        try RequestProblems.check(page.problems)
        struct Item: Encodable {
            let caseNumber: String
            let agreement: MediationAgreements.Recorded
        }
        let court = staff.role == .department ? staff.department : nil
        let items = try await pool.withConnection(retryOnLostConnection: true) {
            try MediationAgreements.pending(court: court, limit: page.limit, on: $0)
        }
        struct Listing: Encodable { let items: [Item] }
        let listing = Listing(items: items.map { Item(caseNumber: $0.caseNumber, agreement: $0.agreement) })
        return .ok(.init(body: .json(try GeneratedAPI.convert(listing))))
    }

    /// What an agreement's action came to.
    enum AgreementOutcome {
        case done(MediationAgreements.Recorded)
        case refused(DomainRefusal)
    }

    /// Runs `action` on the locked case as `staff`, in one transaction. A refusal on a case the
    /// caller's department never held a work order of, nor was asked to confirm, is a 404.
    func onCase(
        _ caseNumber: String, _ staff: Staff,
        _ action: @escaping @Sendable (CaseRef, PostgresConnection) throws -> AgreementOutcome
    ) async throws -> MediationAgreements.Recorded {
        let (outcome, visible) = try await pool.withConnection { connection in
            try connection.transaction { transaction -> (AgreementOutcome, Bool) in
                let caseRef: CaseRef
                do {
                    caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
                } catch is CaseNotFound {
                    return (.refused(.notFound("no case \(caseNumber.prefix(40))")), false)
                }
                let visible: Bool
                if let department = staff.department {
                    let held = try actions.hasHeldWorkOrder(
                        caseNumber: caseNumber, department: department, on: transaction)
                    let asked = try MediationAgreements.load(caseId: caseRef.id, on: transaction).contains {
                        $0.judicialConfirmation?.court == department
                    }
                    visible = staff.covers(town: caseRef.town) && (held || asked)
                } else {
                    visible = staff.covers(town: caseRef.town)
                }
                guard visible else { return (.refused(.notFound("no case \(caseNumber.prefix(40))")), false) }
                do {
                    return (try action(caseRef, transaction), true)
                } catch let refusal as DomainRefusal where refusal.kind == .forbidden {
                    return (.refused(refusal), true)
                }
            }
        }
        switch outcome {
        case .done(let recorded): return recorded
        case .refused(let refusal) where !visible:
            throw access.notVisible(staff, caseNumber: caseNumber, refusal.description)
        case .refused(let refusal) where refusal.kind == .forbidden:
            throw access.outOfScope(staff, refusal.description)
        case .refused(let refusal): throw refusal
        }
    }
}
