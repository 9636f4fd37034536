import Foundation

/// Seals personal data where it rests on its way (outbox bodies, dead-letter bodies) and opens
/// it only where the receiver needs it (the relay at publish time, an operator's replay). The
/// keys come from ONEDOOR_IDENTITY_KEY (CaseStore's IdentityKey, joined to this in Hosting); the backbone sees only this.
public struct PersonalDataSeal: Sendable {
    public let seal: @Sendable (String) throws -> String
    public let open: @Sendable (String) throws -> String

    public init(
        seal: @escaping @Sendable (String) throws -> String,
        open: @escaping @Sendable (String) throws -> String
    ) {
        self.seal = seal
        self.open = open
    }

    /// The content type of a sealed dead-letter body (its clear type is kept in a header).
    public static let sealedContentType = "application/vnd.onedoor.sealed"

    /// Whether a JSON body carries a person's contact or identity (a work order's petitioner,
    /// a grid event's reporter): such bodies are sealed at rest.
    public static func carriesPersonalData(_ body: [UInt8]) -> Bool {
        let text = String(decoding: body, as: UTF8.self)
        return ["\"phone\"", "\"idNumber\"", "\"petitioner\"", "\"reporter\""].contains { text.contains($0) }
    }
}
