import Crypto
import Foundation

/// swift-crypto's SHA-256 as hex: the one place this module touches it.
enum CryptoDigest {
    static func hex(_ bytes: Data) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
