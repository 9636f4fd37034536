/// No case with this number or id.
public struct CaseNotFound: Error, CustomStringConvertible, Sendable {
    public let reference: String
    public init(reference: String) { self.reference = reference }
    public var description: String { "no case \(reference)" }
}
