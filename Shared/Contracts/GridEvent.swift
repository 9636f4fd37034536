import Foundation

/// 网格上报: a grid event as integrators publish it to `onedoor.grid` (routing
/// keys `grid.#`), version 1. The JSON Schema is docs/schemas/grid-event.v1.schema.json;
/// `problems()` enforces the same limits.
public struct GridEvent: Codable, Sendable, Equatable {
    public static let schemaVersion = 1
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
    public var photos: [String]?
    public var resolvedOnSpot: Bool

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
            if photos.contains(where: {
                !($0.hasPrefix("http://") || $0.hasPrefix("https://")) || $0.count > 500
            }) {
                problems.append("photos: each must be an http(s) link of at most 500 characters")
            }
        }
        return problems
    }
}
