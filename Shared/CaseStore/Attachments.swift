import CaseModel
import Foundation
import Storage

/// 证据材料 in the database (`attachments`, `attachment_downloads`): what is attached to a case,
/// by whom and when; the bytes of an upload are in the attachment store under `sha256`. A link
/// from a grid event has its URL instead. Removing marks the row (nothing is deleted) and is
/// refused once the case is archived; every download of a file is recorded.
public enum Attachments {
    public struct Attachment: Codable, Sendable, Equatable, PostgresRowDecodable {
        public let id: String
        /// `upload`, `grid_photo` (the reporter's photo) or `grid_attachment`.
        public let source: String
        public let fileName: String
        public let mediaType: String
        public let sha256: String?
        public let sizeBytes: Int?
        public let url: String?
        public let addedBy: String
        public let addedAt: Date
        public let removedBy: String?
        public let removedAt: Date?
    }

    static let columns: StaticString = """
        id::text AS id, source, file_name AS "fileName", media_type AS "mediaType", sha256,
        size_bytes AS "sizeBytes", url, added_by AS "addedBy", added_at AS "addedAt",
        removed_by AS "removedBy", removed_at AS "removedAt"
        """

    /// Records a file whose bytes are already in the store, on a case the caller has locked.
    public static func recordUpload(
        on caseRef: CaseRef, fileName: String, mediaType: String, sha256: String, sizeBytes: Int,
        actor: String,
        on connection: PostgresConnection
    ) throws -> Attachment {
        try connection.query(
            """
            INSERT INTO attachments (case_id, source, file_name, media_type, sha256, size_bytes, added_by)
            VALUES (\(caseRef.id)::uuid, 'upload', \(fileName), \(mediaType), \(sha256), \(sizeBytes), \(actor))
            RETURNING \(unescaped: columns)
            """, as: Attachment.self
        ).first!
    }

    /// Records a link a grid event carried (a photo the reporter took, a document in the grid system).
    public static func recordLink(
        caseId: String, source: String, url: String, fileName: String, mediaType: String, actor: String,
        on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO attachments (case_id, source, file_name, media_type, url, added_by)
            VALUES (\(caseId)::uuid, \(source), \(fileName), \(mediaType), \(url), \(actor))
            """)
    }

    /// The case's attachments, oldest first, removed ones included (marked).
    public static func list(caseNumber: String, on connection: PostgresConnection) throws -> [Attachment] {
        try connection.query(
            """
            SELECT \(unescaped: columns) FROM attachments
            WHERE case_id = (SELECT id FROM cases WHERE case_number = \(caseNumber))
            ORDER BY added_at, id
            """, as: Attachment.self)
    }

    /// One attachment of the case; nil when the case has none with that id.
    public static func find(_ id: String, caseNumber: String, on connection: PostgresConnection) throws
        -> Attachment?
    {
        guard UUID(uuidString: id) != nil else { return nil }
        return try connection.query(
            """
            SELECT \(unescaped: columns) FROM attachments
            WHERE id = \(id)::uuid AND case_id = (SELECT id FROM cases WHERE case_number = \(caseNumber))
            """, as: Attachment.self
        ).first
    }

    /// Records who downloaded the file, from where, now.
    public static func recordDownload(
        _ id: String, actor: String, client: String, on connection: PostgresConnection
    ) throws {
        try connection.query(
            "INSERT INTO attachment_downloads (attachment_id, actor, client) VALUES (\(id)::uuid, \(actor), \(client))"
        )
    }

    /// Marks an attachment removed, on a case the caller has locked: by the person who added it or
    /// a supervisor, never once the case is archived.
    public static func remove(
        _ id: String, on caseRef: CaseRef, actor: String, supervisor: Bool, on connection: PostgresConnection
    ) throws -> Attachment {
        guard let attachment = try find(id, caseNumber: caseRef.number, on: connection),
            attachment.removedAt == nil
        else {
            throw DomainRefusal.notFound("case \(caseRef.number) has no attachment \(id.prefix(40))")
        }
        guard caseRef.status != .archived else {
            throw DomainRefusal.conflict("case \(caseRef.number) is archived: its attachments are kept")
        }
        guard supervisor || attachment.addedBy == actor else {
            throw DomainRefusal.forbidden("only the person who attached it or a supervisor may remove it")
        }
        return try connection.query(
            """
            UPDATE attachments SET removed_by = \(actor), removed_at = now() WHERE id = \(id)::uuid
            RETURNING \(unescaped: columns)
            """, as: Attachment.self
        ).first!
    }
}
