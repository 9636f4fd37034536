import CaseModel
import Foundation

/// 交办单: what a department receives on its queue `dept.<code>`. It carries
/// the petitioner's name and phone because the department must contact them,
/// and nothing more of their identity.
public struct WorkOrder: Codable, Sendable, Equatable {
    public static let type = MessageTypes.workOrder

    public var workOrderId: String
    public var caseId: String
    public var caseNumber: String
    public var departmentCode: String
    public var round: Int
    public var category: String
    public var channel: Channel
    public var facts: String
    public var demand: String
    public var petitioner: Registration.Petitioner
    public var location: Registration.Location
    public var dispatchedAt: Date
    /// The written answer is due by then (15 days by default).
    public var dueAt: Date

    public init(
        workOrderId: String, caseId: String, caseNumber: String, departmentCode: String, round: Int,
        category: String, channel: Channel, facts: String, demand: String,
        petitioner: Registration.Petitioner,
        location: Registration.Location, dispatchedAt: Date, dueAt: Date
    ) {
        self.workOrderId = workOrderId
        self.caseId = caseId
        self.caseNumber = caseNumber
        self.departmentCode = departmentCode
        self.round = round
        self.category = category
        self.channel = channel
        self.facts = facts
        self.demand = demand
        self.petitioner = petitioner
        self.location = location
        self.dispatchedAt = dispatchedAt
        self.dueAt = dueAt
    }
}
