import Foundation
import Synchronization

/// For local runs (the default in deploy/run): each message as one JSON line appended to a file
/// (`.local/<instance>/notifications.log`). The phone is written masked: the file is a log.
final class LogProvider: SMSProvider {
    let name = "log"
    let path: String
    private let lock = Mutex(())

    init(path: String) {
        self.path = path
    }

    func send(_ message: OutgoingSMS) -> SendOutcome {
        let line: [String: String] = [
            "idempotencyKey": message.key, "to": Self.mask(message.phone), "text": message.text,
            "template": message.template, "language": message.language, "caseNumber": message.caseNumber,
            "at": ISO8601DateFormatter().string(from: Date()),
        ]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var data = try encoder.encode(line)
            data.append(0x0A)
            try lock.withLock { _ in
                if !FileManager.default.fileExists(atPath: path) {
                    _ = FileManager.default.createFile(
                        atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
                }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: data)
            }
            return .accepted(reference: nil)
        } catch {
            return .failed("cannot write \(path): \(error)")
        }
    }

    /// 138****5678.
    static func mask(_ phone: String) -> String {
        let digits = phone.filter(\.isNumber)
        guard digits.count > 7 else { return String(repeating: "*", count: digits.count) }
        return digits.prefix(3) + "****" + digits.suffix(4)
    }
}
