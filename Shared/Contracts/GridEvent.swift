import CaseModel
import Foundation

/// 网格上报: a grid event as integrators publish it to `onedoor.grid` (routing
/// keys `grid.#`), version 1 or 2. The JSON Schemas are docs/schemas/grid-event.v1.schema.json
/// and grid-event.v2.schema.json; `problems()` enforces the same limits. Version 2 adds the
/// reporter's photos as objects (with when they were taken and a caption), links to documents
/// in the grid system, and the parties: a collective petition, the other parties, the amount.
public struct GridEvent: Codable, Sendable, Equatable {
    public static let schemaVersions = 1...2
    public static let maxBodyBytes = 256 * 1024

    public struct Reporter: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var phone: String
    }

    public struct Location: Codable, Sendable, Equatable {
        public var latitude: Double
        public var longitude: Double
        public var address: String?
    }

    public var schemaVersion: Int
    public var eventId: String
    public var gridCode: String
    public var reporter: Reporter
    public var occurredAt: Date
    public var category: String
    public var description: String
    public var demand: String?
    public var location: Location
    /// Version 1: links; version 2: objects (a link is still read as one).
    public var photos: [GridPhoto]?
    public var resolvedOnSpot: Bool
    /// Version 2: documents the grid system keeps (a contract, a notice).
    public var attachments: [GridAttachment]?
    public var collective: Collective?
    public var otherParties: [OtherParty]?
    public var amountInvolved: Double?

    /// The rule each field breaks, as `field: problem`; empty when the event is acceptable.
    public func problems() -> [String] {
        var problems: [String] = []
        func length(_ value: String, _ field: String, _ range: ClosedRange<Int>) {
            if !range.contains(value.count) {
                problems.append("\(field): must be \(range.lowerBound) to \(range.upperBound) characters")
            }
        }
        length(eventId, "eventId", 1...128)
        length(gridCode, "gridCode", 1...64)
        length(reporter.id, "reporter.id", 1...64)
        length(reporter.name, "reporter.name", 1...100)
        length(category, "category", 1...64)
        length(description, "description", 1...4000)
        if let demand { length(demand, "demand", 0...4000) }
        if let address = location.address { length(address, "location.address", 0...200) }
        if !(7...20).contains(reporter.phone.count)
            || !reporter.phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+ -".contains($0)) })
        {
            problems.append("reporter.phone: must be 7 to 20 digits, spaces, '+' or '-'")
        }
        if !(-90...90).contains(location.latitude) {
            problems.append("location.latitude: must be between -90 and 90")
        }
        if !(-180...180).contains(location.longitude) {
            problems.append("location.longitude: must be between -180 and 180")
        }
        if let photos {
            if photos.count > 20 { problems.append("photos: at most 20") }
            if photos.contains(where: { !Self.isLink($0.url) || ($0.caption?.count ?? 0) > 200 }) {
                problems.append(
                    "photos: each must be an http(s) link of at most 500 characters (a caption at most 200)")
            }
        }
        if let attachments {
            if attachments.count > 20 { problems.append("attachments: at most 20") }
            if attachments.contains(where: {
                !Self.isLink($0.url) || !(1...255).contains($0.name.count)
                    || !(3...100).contains($0.mediaType.count)
            }) {
                problems.append(
                    "attachments: each needs an http(s) url (at most 500 characters), a name and a mediaType")
            }
        }
        if schemaVersion < 2 {
            let newer = [
                ("attachments", attachments != nil), ("collective", collective != nil),
                ("otherParties", otherParties != nil), ("amountInvolved", amountInvolved != nil),
            ]
            for (field, present) in newer where present {
                problems.append("\(field): needs schemaVersion 2")
            }
        }
        return problems
    }

    static func isLink(_ url: String) -> Bool {
        (url.hasPrefix("http://") || url.hasPrefix("https://")) && url.count <= 500
    }
}

/// A photo the grid worker took: its link in the grid system (version 1 sends the link alone).
public struct GridPhoto: Codable, Sendable, Equatable {
    public var url: String
    public var takenAt: Date?
    public var caption: String?

    public init(url: String, takenAt: Date? = nil, caption: String? = nil) {
        self.url = url
        self.takenAt = takenAt
        self.caption = caption
    }

    enum Keys: String, CodingKey { case url, takenAt, caption }

    public init(from decoder: any Decoder) throws {
        if let link = try? decoder.singleValueContainer().decode(String.self) {
            self.init(url: link)
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            url: try container.decode(String.self, forKey: .url),
            takenAt: try container.decodeIfPresent(Date.self, forKey: .takenAt),
            caption: try container.decodeIfPresent(String.self, forKey: .caption))
    }
}

/// A document the grid system keeps, linked from the event.
public struct GridAttachment: Codable, Sendable, Equatable {
    public var url: String
    public var name: String
    public var mediaType: String

    public init(url: String, name: String, mediaType: String) {
        self.url = url
        self.name = name
        self.mediaType = mediaType
    }
}
