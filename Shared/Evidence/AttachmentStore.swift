import Foundation

/// Where attachments' bytes rest, addressed by their SHA-256 (hex): the same file attached twice
/// is kept once, and a stored file cannot change without its address changing. The metadata
/// (which case, who, when, the name given) is in PostgreSQL (table `attachments`).
///
/// `FileAttachmentStore` keeps them on a volume. An operator with an S3-compatible store plugs
/// in an implementation whose `put` is a PUT of the object `<digest>` (after a HEAD shows it is
/// not there yet) and whose `get` is a GET of it (docs/operations.md, attachments).
public protocol AttachmentStore: Sendable {
    /// Keeps `bytes` under `digest`, their SHA-256; a second put of the same bytes changes nothing.
    func put(_ bytes: Data, digest: String) throws
    /// The bytes kept under `digest`; nil when there are none.
    func get(digest: String) throws -> Data?
}

extension AttachmentStore {
    /// Keeps `bytes` and answers their address.
    public func put(_ bytes: Data) throws -> String {
        let digest = Digest.sha256(bytes)
        try put(bytes, digest: digest)
        return digest
    }
}

/// The hex SHA-256 of a file's bytes: its address in the store.
public enum Digest {
    public static func sha256(_ bytes: Data) -> String {
        CryptoDigest.hex(bytes)
    }

    /// Whether `text` has the form of an address (64 lowercase hex digits).
    public static func isAddress(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
