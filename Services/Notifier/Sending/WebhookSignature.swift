import CaseModel
import Crypto
import Foundation

/// The signature on webhook requests and on the provider's callbacks (docs/notifications.md):
/// `X-OneDoor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. A signature older
/// or newer than five minutes is refused, so a captured request cannot be replayed later.
enum WebhookSignature {
    static let header = "X-OneDoor-Signature"
    static let tolerance: TimeInterval = 300

    static func sign(_ body: Data, secret: String, at time: Date = Date()) -> String {
        let timestamp = String(Int(time.timeIntervalSince1970))
        return "t=\(timestamp),v1=\(mac(timestamp, body, secret))"
    }

    static func mac(_ timestamp: String, _ body: Data, _ secret: String) -> String {
        var signed = Data((timestamp + ".").utf8)
        signed.append(body)
        return HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// Why `header` does not sign `body`, or nil when it does.
    static func refusal(_ header: String?, body: Data, secret: String, now: Date = Date()) -> String? {
        guard let header else { return "no \(self.header) header" }
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if pair.count == 2 { fields[pair[0]] = pair[1] }
        }
        guard let timestamp = fields["t"], let seconds = Double(timestamp), let given = fields["v1"] else {
            return "the signature header is not t=…,v1=…"
        }
        guard abs(now.timeIntervalSince1970 - seconds) <= tolerance else {
            return "the signature's time is more than \(Int(tolerance)) s from now"
        }
        guard ConstantTime.equal(given, mac(timestamp, body, secret)) else {
            return "the signature does not match the body"
        }
        return nil
    }
}
