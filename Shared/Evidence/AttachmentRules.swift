import CaseModel
import Foundation
import Settings

/// What may be attached (docs/configuration.md): the largest file (ONEDOOR_ATTACHMENT_MAX_BYTES,
/// 20 MiB) and the types, judged from the content (ONEDOOR_ATTACHMENT_TYPES, photos and PDFs).
public struct AttachmentRules: Sendable {
    public let maxBytes: Int
    public let allowedTypes: [String]

    public static let defaultTypes = [
        "image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf",
    ]

    public init(maxBytes: Int = 20 << 20, allowedTypes: [String] = defaultTypes) {
        self.maxBytes = maxBytes
        self.allowedTypes = allowedTypes
    }

    public init(_ settings: EnvironmentSettings) throws {
        let maxBytes = try settings.integer(
            "ONEDOOR_ATTACHMENT_MAX_BYTES", 20 << 20, range: 1024...(512 << 20))
        let types =
            settings.text("ONEDOOR_ATTACHMENT_TYPES")?.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty } ?? Self.defaultTypes
        let unknown = types.filter { !MediaType.known.contains($0) }
        guard unknown.isEmpty, !types.isEmpty else {
            throw ConfigurationError(
                "ONEDOOR_ATTACHMENT_TYPES: \(unknown.joined(separator: ", ")) not among \(MediaType.known.joined(separator: ", "))"
            )
        }
        self.init(maxBytes: maxBytes, allowedTypes: types)
    }

    /// A file's name as kept: its last path component, without control characters, at most
    /// 255 characters; `attachment` when nothing is left.
    public static func fileName(_ given: String?) -> String {
        let last =
            (given ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(
            last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init)
        )
        .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "attachment" : String(clean.prefix(255))
    }

    /// The file's type; refuses (field `file`) one that is empty or of a type not allowed.
    public func type(of bytes: Data) throws(DomainRefusal) -> String {
        guard !bytes.isEmpty else { throw .invalid([FieldProblem(field: "file", problem: "is empty")]) }
        guard let type = MediaType.detect(bytes), allowedTypes.contains(type) else {
            throw .invalid([
                FieldProblem(
                    field: "file",
                    problem:
                        "is not one of the types accepted (\(allowedTypes.joined(separator: ", "))), judged by its content"
                )
            ])
        }
        return type
    }
}
