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
        try transaction.execute(
            """
            INSERT INTO visits (case_id, round)
            SELECT $1::uuid, coalesce(max(round), 0) + 1 FROM visits WHERE case_id = $1::uuid
            HAVING NOT EXISTS (SELECT 1 FROM visits WHERE case_id = $1::uuid AND (visited_at IS NULL OR visited_at >= $2))
            """, [due.caseId, due.dueSince])
    }
}
