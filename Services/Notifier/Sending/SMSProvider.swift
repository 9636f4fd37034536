import Foundation

/// One SMS to send: `key` is the notification's id, the idempotency key the provider must honour
/// (the same key twice is one message), so a retry or a restart never sends twice.
struct OutgoingSMS: Sendable {
    let key: String
    let phone: String
    let text: String
    let template: String
    let language: String
    let caseNumber: String
}

/// What a provider said.
enum SendOutcome: Sendable, Equatable {
    /// Taken (the provider's own id for it, if it gave one); delivery may come on the callback.
    case accepted(reference: String?)
    /// Not taken this time: try again later.
    case failed(String)
    /// Refused for good (a bad number, a refused text): no point retrying.
    case rejected(String)
}

/// 短信通道: the one small protocol a provider adapter implements. Blocking: called from the
/// dispatcher's own thread.
protocol SMSProvider: Sendable {
    var name: String { get }
    func send(_ message: OutgoingSMS) -> SendOutcome
}
