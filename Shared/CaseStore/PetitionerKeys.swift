import CaseModel
import Crypto
import Foundation

/// 重复信访: how a petitioner is recognised again without their identity number
/// being stored: HMAC-SHA256 of the normalised ID number and phone under a key
/// that lives in configuration (ONEDOOR_IDENTITY_KEY), never in the database.
public struct IdentityKey: Sendable {
    let secret: Data

    /// At least 32 characters of secret (e.g. `openssl rand -hex 32`).
    public init(secret: String) throws {
        guard secret.count >= 32 else {
            throw ConfigurationProblem("ONEDOOR_IDENTITY_KEY must be at least 32 characters")
        }
        self.secret = Data(secret.utf8)
    }

    public func keys(for petitioner: Registration.Petitioner) -> PetitionerKeys {
        PetitionerKeys(
            idHash: petitioner.idNumber.map { hash("id:" + $0.uppercased().filter { !$0.isWhitespace }) },
            phoneHash: hash("phone:" + PersonalData.normalisedPhone(petitioner.phone)))
    }

    func hash(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret)).map {
            String(format: "%02x", $0)
        }
        .joined()
    }
}

/// The keyed hashes a case stores for repeat matching.
public struct PetitionerKeys: Sendable, Equatable {
    public let idHash: String?
    public let phoneHash: String
}

/// 重复信访: a repeat is a case of the same petitioner (same ID number or phone)
/// and the same category within the window.
public struct RepeatPolicy: Sendable {
    public let identityKey: IdentityKey
    public let windowDays: Int
    public init(identityKey: IdentityKey, windowDays: Int) {
        self.identityKey = identityKey
        self.windowDays = windowDays
    }
}

public struct ConfigurationProblem: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
