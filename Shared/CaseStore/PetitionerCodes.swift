import CaseModel
import Crypto
import Foundation

/// 查询码 and 验证码: the codes a petitioner types — random, stored only as a salted SHA-256,
/// compared in constant time. Letters and digits that cannot be misread (no 0/O, 1/I/L).
public enum PetitionerCodes {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// A query code: 8 characters of 31 (≈ 40 bits), guessed only through the rate-limited page.
    public static func queryCode() -> String { random(8, from: alphabet) }

    /// A one-time code: 6 digits, lives minutes and allows few wrong tries.
    public static func oneTimeCode() -> String { random(6, from: Array("0123456789")) }

    static func random(_ count: Int, from characters: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in characters.randomElement(using: &generator)! })
    }

    /// The stored form: SHA-256 of the salt (the case's or the request's id) and the code.
    public static func hash(_ code: String, salt: String) -> String {
        SHA256.hash(data: Data((salt + ":" + normalised(code)).utf8)).map { String(format: "%02x", $0) }
            .joined()
    }

    /// Whether `given` is the code stored as `storedHash`.
    public static func matches(_ given: String, salt: String, storedHash: String) -> Bool {
        ConstantTime.equal(hash(given, salt: salt), storedHash)
    }

    /// What the petitioner typed, as the code is made: no spaces, upper case.
    public static func normalised(_ code: String) -> String {
        code.filter { !$0.isWhitespace && $0 != "-" }.uppercased()
    }
}
