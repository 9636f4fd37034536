import CaseModel
import Crypto
import Foundation
import Settings

/// Protects petitioners' identity data with one secret from configuration
/// (ONEDOOR_IDENTITY_KEY), never stored in the database. From it, two keys are
/// derived (HKDF-SHA256): one for keyed hashes (HMAC-SHA256) that recognise a
/// petitioner again without keeping their ID number, and one that encrypts
/// phone numbers at rest (AES-256-GCM).
public struct IdentityKey: Sendable {
    let hashKey: Data
    let sealKey: Data

    /// At least 32 characters of secret (e.g. `openssl rand -hex 32`).
    public init(secret: String) throws {
        guard secret.count >= 32 else {
            throw ConfigurationError("ONEDOOR_IDENTITY_KEY must be at least 32 characters")
        }
        let master = SymmetricKey(data: Data(secret.utf8))
        func derive(_ purpose: String) -> Data {
            HKDF<SHA256>.deriveKey(
                inputKeyMaterial: master, info: Data("onedoor \(purpose) v1".utf8), outputByteCount: 32
            ).withUnsafeBytes { Data($0) }
        }
        hashKey = derive("identity hash")
        sealKey = derive("personal data encryption")
    }

    /// The configured secret (ONEDOOR_IDENTITY_KEY), or an error saying how to set it.
    public init(configured secret: String?) throws {
        guard let secret else {
            throw ConfigurationError(
                "ONEDOOR_IDENTITY_KEY is not set: a secret of at least 32 characters protects petitioners' "
                    + "identity data (deploy/run makes one in .local/run/identity.key)")
        }
        try self.init(secret: secret)
    }

    public func keys(for petitioner: Registration.Petitioner) -> PetitionerKeys {
        PetitionerKeys(
            idHash: petitioner.idNumber.map(idHash(of:)), phoneHash: phoneHash(of: petitioner.phone))
    }

    /// The keyed hash an ID number is known by (never the number itself).
    public func idHash(of idNumber: String) -> String {
        hash("id:" + idNumber.uppercased().filter { !$0.isWhitespace })
    }

    /// The keyed hash a phone is matched by, whichever way it is written.
    public func phoneHash(of phone: String) -> String { hash("phone:" + PersonalData.normalisedPhone(phone)) }

    func hash(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: hashKey))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// `v1:` and base64 of nonce, ciphertext and tag.
    public func seal(_ text: String) throws -> String {
        let box = try AES.GCM.seal(Data(text.utf8), using: SymmetricKey(data: sealKey))
        return "v1:" + box.combined!.base64EncodedString()
    }

    /// The clear text of a sealed value; a value written before encryption (no `v1:`) is returned as it is.
    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix("v1:") else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(3))) else {
            throw ConfigurationError("a sealed value is not base64")
        }
        let clear = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: SymmetricKey(data: sealKey))
        return String(decoding: clear, as: UTF8.self)
    }
}

/// The keyed hashes a case stores for repeat matching.
public struct PetitionerKeys: Sendable, Equatable {
    public let idHash: String?
    public let phoneHash: String
}

extension IdentityKey {
    /// The keyed hashes to look a petitioner up by, from whichever of phone and ID number is given.
    public func lookupKeys(phone: String?, idNumber: String?) -> (phoneHash: String?, idHash: String?) {
        let keys = keys(for: .init(name: "", phone: phone ?? "", idNumber: idNumber))
        return (phone == nil ? nil : keys.phoneHash, keys.idHash)
    }
}
