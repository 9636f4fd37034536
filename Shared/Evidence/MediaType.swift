import Foundation

/// What a file is, judged by its first bytes — never by its name or the type the client claims:
/// a text file named `photo.jpg` is not a photo.
public enum MediaType {
    /// Every type `detect` can answer.
    public static let known = [
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "application/pdf",
    ]

    /// The media type `bytes` are, or nil when they are none of those known.
    public static func detect(_ bytes: Data) -> String? {
        let head = [UInt8](bytes.prefix(16))
        func at(_ offset: Int, _ signature: String) -> Bool {
            head.count >= offset + signature.utf8.count
                && head[offset..<(offset + signature.utf8.count)].elementsEqual(signature.utf8)
        }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if at(0, "GIF87a") || at(0, "GIF89a") { return "image/gif" }
        if at(0, "RIFF") && at(8, "WEBP") { return "image/webp" }
        if ["heic", "heix", "mif1"].contains(where: { at(4, "ftyp\($0)") }) { return "image/heic" }
        if at(0, "%PDF-") { return "application/pdf" }
        return nil
    }
}
