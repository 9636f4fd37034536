import CaseModel
import Crypto
import Foundation

/// The secrets people and systems sign in with: a session token (`ods_…`, from signing in) or
/// an API key (`odk_…`, a department system's). Random 256 bits; only their SHA-256 is stored.
public enum Credential {
    public static let sessionPrefix = "ods_"
    public static let apiKeyPrefix = "odk_"

    /// A new secret with its prefix.
    public static func newSecret(prefix: String) -> String {
        prefix + randomText(bytes: 32)
    }

    /// A random password an admin hands over (the person changes it): 16 characters, no look-alikes.
    public static func newPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// How a secret is kept: its SHA-256 in hex.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether the text is one of ours (and so is looked up, not verified as a signed token).
    public static func isOurs(_ text: String) -> Bool {
        text.hasPrefix(sessionPrefix) || text.hasPrefix(apiKeyPrefix)
    }

    static func randomText(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64URLEncodedString
    }
}
