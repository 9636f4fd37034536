import CaseModel
import Crypto
import Foundation

/// CSRF protection for every state-changing form: a random `onedoor_form` cookie (HttpOnly,
/// SameSite=Strict) and, in each form, the hidden `_csrf` field carrying its HMAC under the
/// deployment's secret. Another site can neither read the cookie nor make the HMAC of it, so a
/// POST without the matching pair is refused (403) before anything is sent to a service.
public struct FormGuard: Sendable {
    public static let cookieName = "onedoor_form"
    public static let fieldName = "_csrf"
    private let key: SymmetricKey

    /// `purpose` keeps the keys of different sites apart (the workbench, the status page).
    public init(secret: String, purpose: String = "onedoor-workbench-forms") {
        key = SymmetricKey(data: SHA256.hash(data: Data("\(purpose):\(secret)".utf8)))
    }

    /// A new cookie value: 128 random bits.
    public static func newCookieValue() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
            .joined()
    }

    /// The form field's value for this browser's cookie.
    public func token(for cookie: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(cookie.utf8), using: key)
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a posted token belongs to the browser's cookie (compared in constant time).
    public func accepts(token: String?, cookie: String?) -> Bool {
        guard let token, let cookie, !cookie.isEmpty else { return false }
        return ConstantTime.equal(token, self.token(for: cookie))
    }
}
