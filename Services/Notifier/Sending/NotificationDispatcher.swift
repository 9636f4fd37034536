import CaseStore
import Foundation
import Logging
import Metrics
import Reliability
import Storage

/// 发送: sends the recorded messages, one at a time, each in its own transaction that holds the
/// row while the provider is asked. Killed mid-send, the row is still pending and is sent again
/// with the same idempotency key, which the provider honours: nothing goes out twice. A failure
/// is retried with exponential back-off and jitter; after `maxAttempts` the message is marked
/// failed, which puts it on the clerks' worklist (通知失败) — never dropped.
final class NotificationDispatcher: Sendable {
    let postgresURL: String
    let provider: any SMSProvider
    let book: TemplateBook
    let seal: PersonalDataSeal
    /// The centre's name, the SMS signature (【…】).
    let signature: String
    let maxAttempts: Int
    let retryBase: TimeInterval
    let fault: String?
    let health: Health
    let logger: Logger

    init(
        postgresURL: String, provider: any SMSProvider, book: TemplateBook, seal: PersonalDataSeal,
        signature: String, maxAttempts: Int, retryBase: TimeInterval, fault: String?, health: Health,
        logger: Logger
    ) {
        self.postgresURL = postgresURL
        self.provider = provider
        self.book = book
        self.seal = seal
        self.signature = signature
        self.maxAttempts = maxAttempts
        self.retryBase = retryBase
        self.fault = fault
        self.health = health
        self.logger = logger
    }

    var service: BlockingLoop { BlockingLoop(name: "notification-dispatcher") { self.run(until: $0) } }

    func run(until stop: StopFlag) {
        var database: PostgresConnection?
        var backoff = Backoff(cap: 15)
        while !stop.isRaised {
            do {
                if database == nil || !database!.isConnected {
                    database = try PostgresConnection(conninfo: postgresURL)
                }
                health.set("dispatcher", up: true)
                backoff.reset()
                if try !sendNext(database!) { stop.sleep(0.3) }
            } catch {
                health.set("dispatcher", up: false)
                database = nil
                logger.warning("sending paused", metadata: ["error": "\(error)"])
                stop.sleep(backoff.step())
            }
        }
    }

    /// Sends the next message due; false when none is.
    func sendNext(_ database: PostgresConnection) throws -> Bool {
        try database.transaction { transaction in
            guard let due = try Notifications.lockNextDue(on: transaction) else { return false }
            let message: OutgoingSMS
            do {
                message = try compose(due)
            } catch {
                try Notifications.markAttemptFailed(due.id, error: "\(error)", retryIn: nil, on: transaction)
                logger.error(
                    "notification cannot be composed", metadata: ["id": "\(due.id)", "error": "\(error)"])
                return true
            }
            let outcome = provider.send(message)
            FaultInjection.crashIfRequested(fault, point: "crash-after-send:notifier")
            switch outcome {
            case .accepted(let reference):
                try Notifications.markAccepted(due.id, reference: reference, on: transaction)
                Counter(label: "onedoor_notifications_total", dimensions: [("outcome", "accepted")])
                    .increment()
            case .failed(CircuitBreaker.openReason):
                try Notifications.postpone(due.id, seconds: 5, on: transaction)
            case .failed(let reason):
                let retry = due.attempts + 1 < maxAttempts ? delay(afterAttempts: due.attempts + 1) : nil
                try Notifications.markAttemptFailed(due.id, error: reason, retryIn: retry, on: transaction)
                logger.warning(
                    "notification not sent",
                    metadata: ["id": "\(due.id)", "why": "\(reason)", "retry": "\(retry != nil)"])
                if retry == nil {
                    Counter(label: "onedoor_notifications_total", dimensions: [("outcome", "failed")])
                        .increment()
                }
            case .rejected(let reason):
                try Notifications.markAttemptFailed(due.id, error: reason, retryIn: nil, on: transaction)
                Counter(label: "onedoor_notifications_total", dimensions: [("outcome", "failed")]).increment()
                logger.error(
                    "notification refused by the provider", metadata: ["id": "\(due.id)", "why": "\(reason)"])
            }
            return true
        }
    }

    /// The text, with its sealed parameters and the phone opened here and nowhere else.
    func compose(_ due: Notifications.Due) throws -> OutgoingSMS {
        var parameters = due.parameters
        parameters["centre"] = signature
        if let sealed = due.sealedParameters {
            let secrets = try JSONDecoder().decode(
                [String: String].self, from: Data(try seal.open(sealed).utf8))
            parameters.merge(secrets) { $1 }
        }
        guard let text = book.render(due.template, language: due.language, parameters: parameters) else {
            throw ComposeError("no template '\(due.template)'")
        }
        return OutgoingSMS(
            key: due.id, phone: try seal.open(due.sealedPhone), text: text, template: due.template,
            language: due.language, caseNumber: parameters["caseNumber"] ?? "")
    }

    struct ComposeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Exponential back-off with jitter: base·2ⁿ⁻¹ (at most 10 minutes), taken at 50–100 %.
    func delay(afterAttempts attempts: Int) -> TimeInterval {
        let full = min(600, retryBase * pow(2, Double(attempts - 1)))
        return full * Double.random(in: 0.5...1)
    }
}
