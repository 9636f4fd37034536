import CaseModel
import Foundation

/// 交办单: what a department receives on its queue `dept.<code>`. It carries
/// the petitioner's name and phone because the department must contact them,
/// and nothing more of their identity; of the other parties and the further
/// representatives, their names and masked phones.
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
    /// The written answer (or a co-handler's report) is due by then (15 days by default).
    public var dueAt: Date
    /// How the case is handled and this department's part in it.
    public var handling: Handling?
    /// 集体访: the people it is brought for and the representatives after the petitioner.
    public var collective: Collective?
    /// 对方当事人.
    public var otherParties: [Party]?
    /// 涉及金额, yuan.
    public var amountInvolved: Double?

    /// A party as the work order names it: the phone masked (138****5678).
    public struct Party: Codable, Sendable, Equatable {
        public var kind: String
        public var role: String
        public var name: String
        public var phone: String?
        public init(kind: String, role: String, name: String, phone: String?) {
            self.kind = kind
            self.role = role
            self.name = name
            self.phone = phone
        }
    }

    public struct Collective: Codable, Sendable, Equatable {
        public var people: Int
        public var representatives: [Party]
        public init(people: Int, representatives: [Party]) {
            self.people = people
            self.representatives = representatives
        }
    }

    /// 分级办理: the mode and tier, who leads, and whom this department works with.
    public struct Handling: Codable, Sendable, Equatable {
        public var role: WorkOrderRole
        public var mode: HandlingMode
        public var tier: Tier
        public var lead: String
        /// For the lead: its co-handlers (joint) or helpers (assisted); for a co-handler: the lead and the others.
        public var partners: [String]
        public init(role: WorkOrderRole, mode: HandlingMode, tier: Tier, lead: String, partners: [String]) {
            self.role = role
            self.mode = mode
            self.tier = tier
            self.lead = lead
            self.partners = partners
        }
    }

    public init(
        workOrderId: String, caseId: String, caseNumber: String, departmentCode: String, round: Int,
        category: String, channel: Channel, facts: String, demand: String,
        petitioner: Registration.Petitioner,
        location: Registration.Location, dispatchedAt: Date, dueAt: Date, handling: Handling? = nil
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
        self.handling = handling
    }
}
