import Foundation

/// Attachments' bytes as files on a volume (ONEDOOR_ATTACHMENTS_DIR): `<root>/ab/<digest>`,
/// written to a temporary name and renamed into place, so a reader never sees half a file and a
/// crash leaves at most a temporary file behind.
public struct FileAttachmentStore: AttachmentStore {
    public let root: URL

    /// Makes the folder if it is not there; throws when it cannot be written.
    public init(root: String) throws {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
        try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: self.root.path) else {
            throw StoreError(reason: "\(root) is not writable")
        }
    }

    public struct StoreError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "attachment store: \(reason)" }
    }

    func location(_ digest: String) throws -> URL {
        guard Digest.isAddress(digest) else {
            throw StoreError(reason: "'\(digest.prefix(80))' is not an address")
        }
        return root.appendingPathComponent(String(digest.prefix(2)), isDirectory: true)
            .appendingPathComponent(digest)
    }

    public func put(_ bytes: Data, digest: String) throws {
        guard Digest.sha256(bytes) == digest else {
            throw StoreError(reason: "the bytes do not hash to \(digest.prefix(80))")
        }
        let target = try location(digest)
        if FileManager.default.fileExists(atPath: target.path) { return }
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(digest).\(UUID().uuidString).part")
        try bytes.write(to: temporary)
        // rename(2) replaces atomically: a second writer of the same bytes replaces them with themselves.
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw StoreError(reason: "cannot keep \(digest): \(reason)")
        }
    }

    public func get(digest: String) throws -> Data? {
        let target = try location(digest)
        guard FileManager.default.fileExists(atPath: target.path) else { return nil }
        return try Data(contentsOf: target)
    }
}
