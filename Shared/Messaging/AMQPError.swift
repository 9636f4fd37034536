/// An error from the broker or from talking to it. Server errors carry the
/// AMQP reply code and text (e.g. 404 NOT_FOUND, 406 PRECONDITION_FAILED).
public struct AMQPError: Error, CustomStringConvertible, Sendable {
    public let context: String
    public let replyCode: Int?
    public let replyText: String

    public init(_ context: String, replyCode: Int? = nil, _ replyText: String) {
        self.context = context
        self.replyCode = replyCode
        self.replyText = replyText
    }

    public var description: String {
        if let replyCode { return "AMQP \(context): \(replyCode) \(replyText)" }
        return "AMQP \(context): \(replyText)"
    }
}
