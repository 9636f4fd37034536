import CaseModel
import Foundation

/// Published by intake when a case is registered. Carries no personal data:
/// a consumer that needs it reads the case.
public struct CaseRegistered: Codable, Sendable, Equatable {
    public static let type = MessageTypes.caseRegistered

    public var caseId: String
    public var caseNumber: String
    public var category: String
    public var channel: Channel
    public var town: String
    public var registeredAt: Date

    public init(
        caseId: String, caseNumber: String, category: String, channel: Channel, town: String,
        registeredAt: Date
    ) {
        self.caseId = caseId
        self.caseNumber = caseNumber
        self.category = category
        self.channel = channel
        self.town = town
        self.registeredAt = registeredAt
    }
}
