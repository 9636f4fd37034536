import CaseModel
import CaseStore
import Contracts
import Foundation
import HTTPSupport
import Reliability
import Storage

/// 回访: `POST /api/v1/cases/{caseNumber}/visits` records the return visit.
/// Satisfied or basically satisfied → archived; unsatisfied → rectification
/// (back to the department for another round).
struct VisitAPI: APIProtocol {
    let pool: PostgresPool
    let access: Access

    func recordVisit(_ input: Operations.RecordVisit.Input) async throws -> Operations.RecordVisit.Output {
        let staff = try access.require([.clerk, .supervisor, .followup])
        let visit: VisitRequest = try GeneratedAPI.body(input.body)
        var problems =
            DomainRefusal.textProblems(visit.handlingComment, field: "handlingComment", required: false)
            + DomainRefusal.textProblems(visit.conductComment, field: "conductComment", required: false)
        if visit.satisfaction == .unsatisfied, (visit.handlingComment ?? "").isEmpty {
            problems.append(
                .init(
                    field: "handlingComment",
                    problem: "say what was unsatisfactory: it guides the rectification"))
        }
        try RequestProblems.check(problems)
        let caseNumber = input.path.caseNumber
        let status = try await pool.withConnection { connection in
            try connection.transaction {
                try Self.record(visit, caseNumber: caseNumber, by: staff, access: access, on: $0)
            }
        }
        return .created(
            .init(
                body: .json(
                    try GeneratedAPI.convert(ActionReceipt(caseNumber: caseNumber, status: status.rawValue))))
        )
    }

    static func record(
        _ visit: VisitRequest, caseNumber: String, by staff: Staff, access: Access,
        on transaction: PostgresConnection
    ) throws
        -> CaseStatus
    {
        let actor = staff.actor
        let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
        try access.requireTown(staff, of: caseRef)
        let action: CaseAction = visit.satisfaction == .unsatisfied ? .rectify : .archive
        _ = try CaseStateMachine.apply(action, to: caseRef.status)
        try Visits.record(
            caseId: caseRef.id, method: visit.method, satisfaction: visit.satisfaction,
            handlingComment: visit.handlingComment, conductComment: visit.conductComment, actor: actor,
            on: transaction)
        let reason = "visit by \(visit.method.rawValue): \(visit.satisfaction.rawValue)"
        let status = try CaseTransitions.apply(
            action, to: caseRef, actor: actor, reason: reason, on: transaction)
        if action == .rectify {
            try Outbox.enqueue(
                CaseRedispatch(
                    caseId: caseRef.id, caseNumber: caseRef.number,
                    reason: "rectification: \(visit.handlingComment ?? "")"), producer: "followup",
                on: transaction)
        }
        return status
    }
}

struct VisitRequest: Codable, Sendable {
    var method: VisitMethod
    var satisfaction: Satisfaction
    /// On the handling of the matter.
    var handlingComment: String?
    /// On the cadres' conduct.
    var conductComment: String?
}
