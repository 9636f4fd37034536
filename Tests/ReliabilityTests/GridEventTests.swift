import Foundation
import Testing

@testable import Contracts
@testable import Reliability

/// 网格上报 versions 1 and 2: what each reads and what it refuses.
@Suite struct GridEventTests {
    static let base = """
        "eventId": "grid-1", "gridCode": "kl-xingfu-01",
        "reporter": {"id": "gw-117", "name": "Li Na", "phone": "13700001111"},
        "occurredAt": "2026-12-01T08:30:00Z", "category": "street-lights",
        "description": "The light at the east gate is out.",
        "location": {"latitude": 37.59, "longitude": 118.55}, "resolvedOnSpot": false
        """

    func event(_ json: String) throws -> GridEvent {
        try ContractCoding.decode(GridEvent.self, from: Array("{\(Self.base), \(json)}".utf8))
    }

    @Test func versionOnesPhotoLinksAreReadAsPhotos() throws {
        let event = try event(#""schemaVersion": 1, "photos": ["https://photos.example/1.jpg"]"#)
        #expect(event.photos == [GridPhoto(url: "https://photos.example/1.jpg")])
        #expect(event.problems().isEmpty)
    }

    @Test func versionTwoBringsPhotosDocumentsAndParties() throws {
        let event = try event(
            """
            "schemaVersion": 2,
            "photos": [{"url": "https://photos.example/wall.jpg", "takenAt": "2026-12-01T08:30:00Z", "caption": "围墙"}],
            "attachments": [{"url": "https://grid.example/notice.pdf", "name": "通知.pdf", "mediaType": "application/pdf"}],
            "collective": {"people": 12, "representatives": [{"name": "赵敏", "phone": "13700002222"}]},
            "otherParties": [{"kind": "organisation", "role": "respondent", "name": "某物业"}],
            "amountInvolved": 36000
            """)
        #expect(event.problems().isEmpty)
        #expect(event.photos?.first?.caption == "围墙" && event.photos?.first?.takenAt != nil)
        #expect(event.attachments?.first?.mediaType == "application/pdf")
        #expect(
            event.collective?.people == 12 && event.otherParties?.count == 1 && event.amountInvolved == 36000)
    }

    @Test func versionTwoFieldsInVersionOneAndBadLinksAreNamed() throws {
        let event = try event(
            """
            "schemaVersion": 1, "amountInvolved": 5, "photos": [{"url": "ftp://x/1.jpg"}],
            "attachments": [{"url": "https://grid.example/a.pdf", "name": "", "mediaType": "application/pdf"}]
            """)
        let problems = event.problems()
        #expect(problems.contains("amountInvolved: needs schemaVersion 2"))
        #expect(problems.contains("attachments: needs schemaVersion 2"))
        #expect(problems.contains { $0.hasPrefix("photos: each must be an http(s) link") })
        #expect(problems.contains { $0.hasPrefix("attachments: each needs") })
    }
}
