import CaseStore
import Contracts
import Messaging
import Reliability
import Storage

/// Puts a return visit on the list when follow-up becomes due. A visit already
/// recorded since then (staff were quicker than the message) counts for it.
struct VisitScheduler: MessageHandler {
    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        let due = try ContractCoding.decode(CaseFollowUpDue.self, from: delivery.body)
        let caseRef = try CaseRef.lock(caseId: due.caseId, on: transaction)
        guard caseRef.status == .followUp else { return }  // withdrawn meanwhile
        try Visits.schedule(caseId: due.caseId, dueSince: due.dueSince, on: transaction)
    }
}
