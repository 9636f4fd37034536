/// Headers on a dead letter, saying why and from where.
public enum DeadLetterHeaders {
    public static let reason = "x-onedoor-reason"
    public static let originalExchange = "x-original-exchange"
    public static let originalRoutingKey = "x-original-routing-key"
    public static let queue = "x-original-queue"
    public static let consumer = "x-onedoor-consumer"
    public static let deadLetteredAt = "x-dead-lettered-at"
    /// How many of the original headers a dead letter left out (too many or too large).
    public static let headersDropped = "x-onedoor-headers-dropped"
    /// On a dead letter whose body is sealed (it carries personal data): the body's own content type.
    public static let sealedContentType = "x-onedoor-sealed-content-type"
}
