import Messaging

/// What every message from an outside system must be before its body is read: JSON, and
/// no larger than its contract allows. The reasons name sizes, never echo the input.
public enum JSONMessage {
    public static func check(_ delivery: Delivery, maxBytes: Int) throws {
        let contentType = delivery.contentType ?? "(none)"
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw ContractViolation("content type must be application/json, not \(contentType.prefix(64))")
        }
        guard delivery.body.count <= maxBytes else {
            throw ContractViolation("body of \(delivery.body.count) bytes is over the limit of \(maxBytes)")
        }
    }

    /// A text from a message, quoted in a reason if short, else named by its length.
    public static func quoted(_ text: String, limit: Int = 64) -> String {
        text.count <= limit ? "'\(text)'" : "(a text of \(text.count) characters)"
    }
}
