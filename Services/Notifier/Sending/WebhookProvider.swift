import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A provider reached by an HTTPS webhook (docs/notifications.md): one JSON POST a message,
/// signed (WebhookSignature), with the notification's id as `Idempotency-Key`. A 2xx or 409 (the
/// key seen before) is taken; 400/422 is a refusal for good; anything else, or no answer within
/// the timeout, is a failure retried later. After `breakerThreshold` failures in a row the
/// breaker opens: nothing is sent for `breakerCooldown`, then one message tries the way.
final class WebhookProvider: SMSProvider {
    let name = "webhook"
    let url: URL
    let secret: String
    let timeout: TimeInterval
    let breaker: CircuitBreaker
    let session: URLSession

    init(url: URL, secret: String, timeout: TimeInterval, breaker: CircuitBreaker) {
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self.breaker = breaker
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        session = URLSession(configuration: configuration)
    }

    struct Body: Encodable {
        let idempotencyKey: String
        let to: String
        let text: String
        let template: String
        let language: String
        let caseNumber: String
    }

    func send(_ message: OutgoingSMS) -> SendOutcome {
        guard breaker.allows() else { return .failed(CircuitBreaker.openReason) }
        let outcome = post(message)
        switch outcome {
        case .accepted, .rejected: breaker.succeeded()
        case .failed: breaker.failed()
        }
        return outcome
    }

    func post(_ message: OutgoingSMS) -> SendOutcome {
        let body: Data
        do {
            body = try JSONEncoder().encode(
                Body(
                    idempotencyKey: message.key, to: message.phone, text: message.text,
                    template: message.template,
                    language: message.language, caseNumber: message.caseNumber))
        } catch {
            return .rejected("cannot encode the message: \(error)")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(message.key, forHTTPHeaderField: "Idempotency-Key")
        request.setValue(
            WebhookSignature.sign(body, secret: secret), forHTTPHeaderField: WebhookSignature.header)
        let answer = Mutex<(Data?, URLResponse?, (any Error)?)>((nil, nil, nil))
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            answer.withLock { $0 = (data, response, error) }
            done.signal()
        }.resume()
        if done.wait(timeout: .now() + timeout + 2) == .timedOut {
            return .failed("no answer within \(Int(timeout)) s")
        }
        let (data, response, error) = answer.withLock { $0 }
        if let error { return .failed("the webhook did not answer: \(error.localizedDescription)") }
        guard let status = (response as? HTTPURLResponse)?.statusCode else {
            return .failed("no HTTP answer")
        }
        switch status {
        case 200..<300, 409:
            let reference =
                data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?[
                    "reference"] as? String
            return .accepted(reference: reference.map { String($0.prefix(200)) })
        case 400, 422:
            return .rejected("the provider refused it (\(status))")
        default:
            return .failed("the provider answered \(status)")
        }
    }
}

/// 熔断: stops hammering a provider that keeps failing.
final class CircuitBreaker: Sendable {
    static let openReason = "the provider's circuit is open after repeated failures"
    let threshold: Int
    let cooldown: TimeInterval
    private let state = Mutex<(failures: Int, openUntil: Date?)>((0, nil))

    init(threshold: Int, cooldown: TimeInterval) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// Closed, or open long enough that one try may test the way (half-open).
    func allows(now: Date = Date()) -> Bool {
        state.withLock { state in
            guard let until = state.openUntil else { return true }
            if now < until { return false }
            state.openUntil = now.addingTimeInterval(cooldown)  // one try; others wait for it
            return true
        }
    }

    func succeeded() { state.withLock { $0 = (0, nil) } }

    func failed(now: Date = Date()) {
        state.withLock { state in
            state.failures += 1
            if state.failures >= threshold { state.openUntil = now.addingTimeInterval(cooldown) }
        }
    }

    var isOpen: Bool { state.withLock { $0.openUntil.map { Date() < $0 } ?? false } }
}
