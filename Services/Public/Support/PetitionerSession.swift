import CaseModel
import Crypto
import Foundation

/// The petitioner's session on the status page once case number and query code matched: a
/// cookie `onedoor_case` of `<case id>.<expiry>.<HMAC>`, HttpOnly and SameSite=Strict. It names
/// one case and ends after ONEDOOR_PUBLIC_SESSION_MINUTES.
struct PetitionerSession: Sendable {
    static let cookieName = "onedoor_case"
    private let key: SymmetricKey
    let lifetime: TimeInterval

    init(secret: String, minutes: Int) {
        key = SymmetricKey(data: SHA256.hash(data: Data("onedoor-public-session:\(secret)".utf8)))
        lifetime = TimeInterval(minutes * 60)
    }

    func mac(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).map { String(format: "%02x", $0) }
            .joined()
    }

    /// A new session for the case `caseId`.
    func cookie(caseId: String, now: Date = Date()) -> String {
        let body = "\(caseId).\(Int(now.addingTimeInterval(lifetime).timeIntervalSince1970))"
        return "\(body).\(mac(body))"
    }

    /// The case the cookie opens, while it is genuine and not expired.
    func caseId(from cookie: String?, now: Date = Date()) -> String? {
        guard let parts = cookie?.split(separator: "."), parts.count == 3,
            let expiry = Double(parts[1]), expiry > now.timeIntervalSince1970,
            ConstantTime.equal(String(parts[2]), mac("\(parts[0]).\(parts[1])")),
            UUID(uuidString: String(parts[0])) != nil
        else { return nil }
        return String(parts[0])
    }
}
