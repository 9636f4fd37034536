import Foundation
import Messaging
import Testing

@testable import Reliability

@Suite struct DeadLetterTests {
    func delivery(headers: [String: HeaderValue], body: String = "{}") -> Delivery {
        Delivery(
            deliveryTag: 1, redelivered: false, exchange: "onedoor.department-actions",
            routingKey: "urban.answer",
            messageId: "m-1", type: nil, contentType: "application/json", timestamp: nil, headers: headers,
            body: Array(body.utf8))
    }

    /// A 130 KB header once made the dead letter too large to publish: copies are bounded.
    @Test func copiedHeadersAreBoundedInSizeAndNumber() {
        var headers: [String: HeaderValue] = ["x-big": .string(String(repeating: "汉", count: 50_000))]
        for index in 0..<100 { headers["x-\(index)"] = .int(Int64(index)) }
        let copied = DeadLetter.copiedHeaders(headers)
        #expect(copied.count <= DeadLetter.maxHeaders + 1)
        #expect(copied[DeadLetterHeadersName.dropped] != nil)
        let total = copied.reduce(0) { $0 + $1.key.utf8.count + $1.value.description.utf8.count }
        #expect(total <= DeadLetter.maxHeaderBytes + 64)
        if case .string(let text) = copied["x-big"] {
            #expect(text.utf8.count <= DeadLetter.maxHeaderValue && text.hasSuffix("[truncated]"))
        }
    }

    /// Reasons are one line and bounded, whatever the input put into them.
    @Test func reasonsAreOneBoundedLine() {
        let reason = DeadLetter.reason("bad\nFORGED line\r" + String(repeating: "x", count: 5000))
        #expect(!reason.contains("\n") && !reason.contains("\r") && reason.count <= DeadLetter.maxReason)
        #expect(reason.hasPrefix("bad\\nFORGED line\\r"))
    }

    /// The minimal form keeps what an operator needs and nothing of the original headers.
    @Test func theMinimalFormHasTheReasonOriginAndBodyOnly() {
        let message = DeadLetter.minimal(
            delivery(headers: ["x-big": .string("a")], body: "{\"a\":1}"), reason: "why",
            queue: "department.actions",
            consumer: "department-actions")
        #expect(message.headers["x-big"] == nil)
        #expect(message.headers["x-onedoor-reason"] == .string("why"))
        #expect(message.headers["x-original-routing-key"] == .string("urban.answer"))
        #expect(message.messageId == "m-1" && message.body == Array("{\"a\":1}".utf8))
    }

    /// A body with a person's phone is sealed; one without stays readable.
    @Test func bodiesWithPersonalDataAreSealed() throws {
        let seal = PersonalDataSeal(
            seal: { Data($0.utf8).base64EncodedString() },
            open: { String(decoding: Data(base64Encoded: $0) ?? Data(), as: UTF8.self) })
        let personal = DeadLetter.full(
            delivery(headers: [:], body: "{\"reporter\":{\"phone\":\"13800001234\"}}"), reason: "r",
            queue: "q",
            consumer: "c")
        let sealed = try DeadLetter.sealed(personal, by: seal)
        #expect(sealed.contentType == PersonalDataSeal.sealedContentType)
        #expect(!String(decoding: sealed.body, as: UTF8.self).contains("13800001234"))
        #expect(
            try seal.open(String(decoding: sealed.body, as: UTF8.self))
                == String(decoding: personal.body, as: UTF8.self))
        #expect(sealed.headers["x-onedoor-sealed-content-type"] == .string("application/json"))
        let plain = DeadLetter.full(
            delivery(headers: [:], body: "{\"action\":\"x\"}"), reason: "r", queue: "q", consumer: "c")
        #expect(try DeadLetter.sealed(plain, by: seal) == plain)
    }

    /// A consumer that keeps losing its connection is down until a quiet minute passes.
    @Test func aConsumerReconnectingInALoopIsFlapping() {
        var detector = FlapDetector()
        let start = Date()
        detector.record(at: start)
        detector.record(at: start.addingTimeInterval(5))
        let twice = detector.isFlapping(at: start.addingTimeInterval(6))
        detector.record(at: start.addingTimeInterval(10))
        let thrice = detector.isFlapping(at: start.addingTimeInterval(11))
        let quietMinute = detector.isFlapping(at: start.addingTimeInterval(75))
        #expect(!twice && thrice && !quietMinute)
    }
}

/// The dead-letter header names these tests read.
enum DeadLetterHeadersName {
    static let dropped = "x-onedoor-headers-dropped"
}
