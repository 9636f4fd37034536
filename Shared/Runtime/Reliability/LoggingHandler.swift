import Foundation
import Logging
import Messaging
import Storage

/// Accepts any JSON object and logs its arrival (the inbox still records it):
/// the handler of services whose features are not built yet.
public struct LoggingHandler: MessageHandler {
    let logger: Logger
    public init(logger: Logger) { self.logger = logger }

    public func handle(_ delivery: Delivery, in transaction: PostgresConnection) throws {
        guard (try? JSONSerialization.jsonObject(with: Data(delivery.body))) is [String: Any] else {
            throw ContractViolation("body is not a JSON object")
        }
        logger.info(
            "message received",
            metadata: ["type": "\(delivery.type ?? "-")", "messageId": "\(delivery.messageId ?? "-")"])
    }
}
