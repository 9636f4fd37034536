import Foundation
import Messaging

/// A dead letter that can always be published: the reason and the copied headers are
/// bounded (a message with a 130 KB header once made its dead letter too large for a frame,
/// and the consumer looped on it), and a minimal form remains if even that is refused.
public enum DeadLetter {
    /// The fanout exchange in front of the dead-letter queue (Contracts' topology declares it).
    public static let exchange = "onedoor.dead-letter"

    /// The longest reason kept, in characters; a longer one ends with `…[truncated]`.
    public static let maxReason = 1000
    /// The longest copied header value, in UTF-8 bytes.
    public static let maxHeaderValue = 512
    /// At most this many of the original headers are copied, and at most this many bytes of them.
    public static let maxHeaders = 32
    public static let maxHeaderBytes = 8 * 1024
    static let marker = "…[truncated]"

    /// `text` cut to `limit` UTF-8 bytes (on a character boundary), marked when cut.
    public static func bounded(_ text: String, bytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var kept = ""
        var size = 0
        let budget = limit - marker.utf8.count
        for character in text {
            let length = String(character).utf8.count
            guard size + length <= budget else { break }
            kept.append(character)
            size += length
        }
        return kept + marker
    }

    /// A reason fit for a header: bounded, and on one line (log lines cannot be forged through it).
    public static func reason(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(
            of: "\n", with: "\\n")
        return line.count > maxReason ? String(line.prefix(maxReason - marker.count)) + marker : line
    }

    /// The original headers, bounded in number, key and value size and total bytes; what is
    /// left out is counted in `x-onedoor-headers-dropped`.
    public static func copiedHeaders(_ headers: [String: HeaderValue]) -> [String: HeaderValue] {
        var copied: [String: HeaderValue] = [:]
        var total = 0
        var dropped = 0
        for (key, value) in headers.sorted(by: { $0.key < $1.key }) {
            let boundedValue: HeaderValue =
                if case .string(let text) = value { .string(bounded(text, bytes: maxHeaderValue)) } else {
                    value
                }
            let size = key.utf8.count + boundedValue.description.utf8.count
            guard copied.count < maxHeaders, key.utf8.count <= 128, total + size <= maxHeaderBytes else {
                dropped += 1
                continue
            }
            copied[key] = boundedValue
            total += size
        }
        if dropped > 0 { copied[DeadLetterHeaders.headersDropped] = .int(Int64(dropped)) }
        return copied
    }

    /// The full form: the original message with bounded copies of its headers and the reason headers.
    public static func full(_ delivery: Delivery, reason: String, queue: String, consumer: String)
        -> OutgoingMessage
    {
        var headers = copiedHeaders(delivery.headers)
        for (key, value) in minimalHeaders(delivery, reason: reason, queue: queue, consumer: consumer) {
            headers[key] = value
        }
        return message(delivery, headers: headers)
    }

    /// The minimal form, when the full one could not be published: the reason, the origin,
    /// the message id and the body, nothing of the original headers.
    public static func minimal(_ delivery: Delivery, reason: String, queue: String, consumer: String)
        -> OutgoingMessage
    {
        message(delivery, headers: minimalHeaders(delivery, reason: reason, queue: queue, consumer: consumer))
    }

    static func minimalHeaders(_ delivery: Delivery, reason: String, queue: String, consumer: String)
        -> [String: HeaderValue]
    {
        [
            DeadLetterHeaders.reason: .string(Self.reason(reason)),
            DeadLetterHeaders.originalExchange: .string(delivery.exchange),
            DeadLetterHeaders.originalRoutingKey: .string(delivery.routingKey),
            DeadLetterHeaders.queue: .string(queue),
            DeadLetterHeaders.consumer: .string(consumer),
            DeadLetterHeaders.deadLetteredAt: .string(ISO8601DateFormatter().string(from: Date())),
        ]
    }

    /// The dead letter with its body sealed if it carries personal data (and a seal is configured):
    /// operators see the reason and origin; `dead-letters show --open` and `replay` open the body.
    public static func sealed(_ message: OutgoingMessage, by seal: PersonalDataSeal?) throws
        -> OutgoingMessage
    {
        guard let seal, PersonalDataSeal.carriesPersonalData(message.body) else { return message }
        var sealed = message
        sealed.body = Array(try seal.seal(String(decoding: message.body, as: UTF8.self)).utf8)
        sealed.headers[DeadLetterHeaders.sealedContentType] = .string(message.contentType)
        sealed.contentType = PersonalDataSeal.sealedContentType
        return sealed
    }

    static func message(_ delivery: Delivery, headers: [String: HeaderValue]) -> OutgoingMessage {
        OutgoingMessage(
            exchange: Self.exchange, routingKey: delivery.routingKey,
            messageId: delivery.messageId ?? "dead-letter-\(UUID().uuidString.lowercased())",
            type: delivery.type ?? "unknown", body: delivery.body, headers: headers,
            contentType: bounded(delivery.contentType ?? "application/octet-stream", bytes: 128),
            timestamp: delivery.timestamp ?? Date())
    }
}
