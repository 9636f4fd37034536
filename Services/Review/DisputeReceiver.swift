import Contracts
import Logging
import Messaging
import Reliability
import Storage

/// Takes note of a disputed answer: the petitioner's review window is open
/// (the application itself comes over HTTP, checked against the signed answer).
struct DisputeReceiver: MessageHandler {
    let logger: Logger

    func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        let disputed = try ContractCoding.decode(CaseDisputed.self, from: delivery.body)
        logger.info(
            "review window open",
            metadata: ["caseNumber": "\(disputed.caseNumber)", "until": "\(disputed.reviewDeadline)"])
    }
}
