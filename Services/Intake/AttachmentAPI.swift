import CaseModel
import CaseStore
import Evidence
import Foundation
import HTTPSupport
import OpenAPIRuntime
import Storage

/// 证据材料: `POST /api/v1/cases/{caseNumber}/attachments` attaches a file, `GET` on the same
/// path lists them, `GET …/attachments/{id}` downloads one (audited), `DELETE` marks it removed.
/// Each sees the case first as `getCase` does: a case out of the caller's scope is a 404.
extension CaseAPI {
    static let readers: Set<StaffRole> = StaffRole.attachers.union([.expert])

    func addAttachment(_ input: Operations.AddAttachment.Input) async throws
        -> Operations.AddAttachment.Output
    {
        let staff = try access.require(StaffRole.attachers)
        let caseNumber = input.path.caseNumber
        _ = try await visibleCase(caseNumber, to: staff, auditRead: false)
        guard case .multipartForm(let parts) = input.body else {
            throw Problem(
                status: .unsupportedMediaType, detail: "send multipart/form-data with a part named file")
        }
        let file = try await Self.filePart(parts, maxBytes: evidence.rules.maxBytes)
        let mediaType = try evidence.rules.type(of: file.bytes)
        // The bytes are safe in the store before the record says they exist; a record that then
        // fails leaves an unreferenced file, never a reference to nothing.
        let digest = try evidence.store.put(file.bytes)
        let attachment = try await pool.withConnection { connection in
            try connection.transaction { transaction in
                let caseRef = try CaseRef.lock(caseNumber: caseNumber, on: transaction)
                guard caseRef.status != .archived else {
                    throw DomainRefusal.conflict(
                        "case \(caseNumber) is archived: nothing more is attached to it")
                }
                return try Attachments.recordUpload(
                    on: caseRef, fileName: AttachmentRules.fileName(file.name), mediaType: mediaType,
                    sha256: digest, sizeBytes: file.bytes.count, actor: staff.actor, on: transaction)
            }
        }
        logger.info(
            "attachment added",
            metadata: [
                "caseNumber": "\(caseNumber)", "attachment": "\(attachment.id)",
                "bytes": "\(file.bytes.count)",
            ])
        let item = AttachmentItem(attachment, caseNumber: caseNumber)
        return .created(
            .init(headers: .init(location: item.href ?? ""), body: .json(try GeneratedAPI.convert(item))))
    }

    func listAttachments(_ input: Operations.ListAttachments.Input) async throws
        -> Operations.ListAttachments.Output
    {
        let staff = try access.require(Self.readers)
        let caseNumber = input.path.caseNumber
        _ = try await visibleCase(caseNumber, to: staff, auditRead: false)
        let attachments = try await pool.withConnection(retryOnLostConnection: true) {
            try Attachments.list(caseNumber: caseNumber, on: $0)
        }
        struct Listing: Encodable {
            let caseNumber: String
            let attachments: [AttachmentItem]
        }
        let listing = Listing(
            caseNumber: caseNumber,
            attachments: attachments.map { AttachmentItem($0, caseNumber: caseNumber) })
        return .ok(.init(body: .json(try GeneratedAPI.convert(listing))))
    }

    func downloadAttachment(_ input: Operations.DownloadAttachment.Input) async throws
        -> Operations.DownloadAttachment.Output
    {
        let staff = try access.require(Self.readers)
        let (caseNumber, id) = (input.path.caseNumber, input.path.attachmentId)
        _ = try await visibleCase(caseNumber, to: staff, auditRead: false)
        let found = try await pool.withConnection(retryOnLostConnection: true) {
            try Attachments.find(id, caseNumber: caseNumber, on: $0)
        }
        guard let found, found.removedAt == nil, let digest = found.sha256 else {
            throw DomainRefusal.notFound("case \(caseNumber) has no file \(id.prefix(40)) to download")
        }
        guard let bytes = try evidence.store.get(digest: digest) else {
            logger.error(
                "attachment bytes missing from the store",
                metadata: ["caseNumber": "\(caseNumber)", "attachment": "\(id)", "sha256": "\(digest)"])
            throw Problem(
                status: .serviceUnavailable,
                detail: "the file is recorded but not found in the attachment store")
        }
        let client = Caller.current?.client ?? "?"
        try await pool.withConnection {
            try Attachments.recordDownload(id, actor: staff.actor, client: client, on: $0)
        }
        let body = HTTPBody(bytes)
        let headers = Operations.DownloadAttachment.Output.Ok.Headers(
            contentDisposition: Self.contentDisposition(found.fileName))
        switch found.mediaType {
        case "image/jpeg": return .ok(.init(headers: headers, body: .jpeg(body)))
        case "image/png": return .ok(.init(headers: headers, body: .png(body)))
        case "image/gif": return .ok(.init(headers: headers, body: .imageGif(body)))
        case "image/webp": return .ok(.init(headers: headers, body: .imageWebp(body)))
        case "image/heic": return .ok(.init(headers: headers, body: .imageHeic(body)))
        default: return .ok(.init(headers: headers, body: .pdf(body)))
        }
    }

    func removeAttachment(_ input: Operations.RemoveAttachment.Input) async throws
        -> Operations.RemoveAttachment.Output
    {
        let staff = try access.require(StaffRole.attachers)
        let (caseNumber, id) = (input.path.caseNumber, input.path.attachmentId)
        _ = try await visibleCase(caseNumber, to: staff, auditRead: false)
        let removed = try await pool.withConnection { connection in
            try connection.transaction { transaction in
                try Attachments.remove(
                    id, on: try CaseRef.lock(caseNumber: caseNumber, on: transaction), actor: staff.actor,
                    supervisor: staff.role == .supervisor, on: transaction)
            }
        }
        logger.notice(
            "attachment removed", metadata: ["caseNumber": "\(caseNumber)", "attachment": "\(id)"])
        return .ok(
            .init(body: .json(try GeneratedAPI.convert(AttachmentItem(removed, caseNumber: caseNumber)))))
    }

    /// The one part named `file`, read up to `maxBytes` (413 beyond); other parts are skipped.
    /// A body that is not multipart, or has no such part, names the field.
    static func filePart(
        _ parts: MultipartBody<Operations.AddAttachment.Input.Body.MultipartFormPayload>, maxBytes: Int
    ) async throws -> (name: String?, bytes: Data) {
        var found: (name: String?, bytes: Data)?
        do {
            for try await part in parts {
                switch part {
                case .file(let file):
                    guard found == nil else {
                        throw DomainRefusal.invalid([
                            FieldProblem(field: "file", problem: "is given more than once")
                        ])
                    }
                    var bytes = Data()
                    for try await chunk in file.payload.body {
                        bytes.append(contentsOf: chunk)
                        guard bytes.count <= maxBytes else {
                            throw Problem(
                                status: .contentTooLarge, detail: "the file must be at most \(maxBytes) bytes"
                            )
                        }
                    }
                    found = (file.filename, bytes)
                case .undocumented(let other):
                    _ = try await Data(collecting: other.body, upTo: 64 * 1024)
                }
            }
        } catch let error where CaseAPI.isAnswer(error) {
            throw error
        } catch {
            throw DomainRefusal.invalid([
                FieldProblem(
                    field: "file",
                    problem:
                        "must be sent as one multipart/form-data part named file (\(String(describing: error).prefix(200)))"
                )
            ])
        }
        guard let found else {
            throw DomainRefusal.invalid([FieldProblem(field: "file", problem: "is required")])
        }
        return found
    }

    static func isAnswer(_ error: any Error) -> Bool { error is DomainRefusal || error is Problem }

    /// `attachment`, with the name as given (RFC 6266: an ASCII fallback and the UTF-8 name).
    static func contentDisposition(_ name: String) -> String {
        let ascii = String(
            name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let attributeCharacters = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: attributeCharacters) ?? "attachment"
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}

/// An attachment as the API answers it: the record, and where an upload is downloaded.
struct AttachmentItem: Encodable {
    let attachment: Attachments.Attachment
    let href: String?

    init(_ attachment: Attachments.Attachment, caseNumber: String) {
        self.attachment = attachment
        href =
            attachment.source == "upload" ? "/api/v1/cases/\(caseNumber)/attachments/\(attachment.id)" : nil
    }

    enum Keys: String, CodingKey { case href }

    func encode(to encoder: any Encoder) throws {
        try attachment.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(href, forKey: .href)
    }
}
