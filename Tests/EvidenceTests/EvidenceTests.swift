import Foundation
import Testing

@testable import Evidence

/// 证据材料: a file's type from its content, the rules on what may be attached, and the store
/// that keeps bytes under their hash.
@Suite struct EvidenceTests {
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46])
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
    static let pdf = Data("%PDF-1.4\n%âãÏÓ\n".utf8)

    @Test func theTypeComesFromTheContent() {
        #expect(MediaType.detect(Self.jpeg) == "image/jpeg")
        #expect(MediaType.detect(Self.png) == "image/png")
        #expect(MediaType.detect(Self.pdf) == "application/pdf")
        #expect(MediaType.detect(Data("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == "image/webp")
        #expect(MediaType.detect(Data([0, 0, 0, 0x18] + Array("ftypheic".utf8))) == "image/heic")
        // A text file is no photo whatever its name; a truncated signature is nothing.
        #expect(MediaType.detect(Data("GIF is a word, not a file".utf8)) == nil)
        #expect(MediaType.detect(Data([0xFF, 0xD8])) == nil)
        #expect(MediaType.detect(Data()) == nil)
    }

    @Test func rulesRefuseEmptyFilesAndTypesNotAllowed() throws {
        let photosOnly = AttachmentRules(allowedTypes: ["image/jpeg"])
        #expect(try photosOnly.type(of: Self.jpeg) == "image/jpeg")
        for refused in [Self.pdf, Data("hello".utf8), Data()] {
            #expect(throws: (any Error).self) { try photosOnly.type(of: refused) }
        }
    }

    @Test func rulesAreReadFromTheEnvironmentAndCheckedThere() throws {
        let rules = try AttachmentRules(
            .init([
                "ONEDOOR_ATTACHMENT_MAX_BYTES": "2048",
                "ONEDOOR_ATTACHMENT_TYPES": "image/png, application/pdf",
            ]))
        #expect(rules.maxBytes == 2048)
        #expect(rules.allowedTypes == ["image/png", "application/pdf"])
        #expect(try AttachmentRules(.init([:])).allowedTypes == AttachmentRules.defaultTypes)
        #expect(throws: (any Error).self) {
            try AttachmentRules(.init(["ONEDOOR_ATTACHMENT_TYPES": "text/html"]))
        }
        #expect(throws: (any Error).self) {
            try AttachmentRules(.init(["ONEDOOR_ATTACHMENT_MAX_BYTES": "12"]))
        }
    }

    @Test func fileNamesKeepOnlyTheirLastComponentWithoutControls() {
        #expect(AttachmentRules.fileName("../../etc/passwd") == "passwd")
        #expect(AttachmentRules.fileName("C:\\scans\\合同.pdf") == "合同.pdf")
        #expect(AttachmentRules.fileName("a\u{0}b\nc.jpg") == "abc.jpg")
        #expect(AttachmentRules.fileName(nil) == "attachment")
        #expect(AttachmentRules.fileName(String(repeating: "长", count: 300)).count == 255)
    }

    @Test func theStoreKeepsBytesUnderTheirHashOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "evidence-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try FileAttachmentStore(root: root.path)
        let digest = try store.put(Self.pdf)
        #expect(digest == Digest.sha256(Self.pdf) && Digest.isAddress(digest))
        #expect(try store.put(Self.pdf) == digest)
        #expect(try store.get(digest: digest) == Self.pdf)
        #expect(try store.get(digest: Digest.sha256(Self.png)) == nil)
        // Bytes that do not hash to the address given are refused; so is a path as an address.
        #expect(throws: (any Error).self) { try store.put(Self.png, digest: digest) }
        #expect(throws: (any Error).self) { try store.get(digest: "../../etc/passwd") }
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter {
            !$0.hasSuffix("/")
        }
        #expect(files.sorted() == [String(digest.prefix(2)), "\(digest.prefix(2))/\(digest)"])
    }
}
