/// A message on `onedoor.events`, routed by its type.
public protocol CaseEvent: Codable, Sendable {
    static var type: String { get }
}

extension CaseRegistered: CaseEvent {}
extension CaseFollowUpDue: CaseEvent {}
extension CaseDisputed: CaseEvent {}
extension CaseRedispatch: CaseEvent {}
