import Evidence
import Foundation
import Settings

/// Where this deployment keeps attachments' bytes (ONEDOOR_ATTACHMENTS_DIR, a volume) and what
/// may be attached (docs/configuration.md).
struct AttachmentDesk: Sendable {
    let store: any AttachmentStore
    let rules: AttachmentRules

    static func configured() throws -> AttachmentDesk {
        let settings = EnvironmentSettings(ProcessInfo.processInfo.environment)
        let root = settings.text("ONEDOOR_ATTACHMENTS_DIR") ?? "attachments"
        do {
            return AttachmentDesk(
                store: try FileAttachmentStore(root: root), rules: try AttachmentRules(settings))
        } catch let error as FileAttachmentStore.StoreError {
            throw ConfigurationError("ONEDOOR_ATTACHMENTS_DIR: \(error.reason)")
        }
    }
}
