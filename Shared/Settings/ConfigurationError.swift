/// A setting the process cannot run with (a missing secret, a malformed number or URL).
/// `ServiceMain` ends the process with exit code 78 (EX_CONFIG) for it.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
