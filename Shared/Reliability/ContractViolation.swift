/// A message that can never be processed as it is (unparseable, missing fields,
/// unknown references). The backbone dead-letters it with this reason.
public struct ContractViolation: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
