import CaseModel
import Foundation
import Testing

@testable import Notifier

@Suite struct TemplateBookTests {
    @Test func theBundledTemplatesFitOneSMSEachWithTheLongestValues() throws {
        let book = try TemplateBook.load(path: nil)
        #expect(book.problems(signature: "样板区矛盾纠纷调处化解中心").isEmpty)
        for moment in Moment.allCases {
            #expect(book.templates[moment.template] != nil, "no template for \(moment)")
        }
    }

    @Test func aTextTooLongForOneSMSIsRefused() throws {
        let long = String(repeating: "长", count: 80)
        let yaml = """
            limits: { zh-CN: 70, en: 160 }
            templates:
            \(Moment.allCases.map { "  \($0.template): { required: false, zh-CN: \"\($0 == .archived ? long : "短")\", en: \"short\" }" }.joined(separator: "\n"))
            longest: {}
            words: {}
            """
        #expect(throws: (any Error).self) { try TemplateBook.parse(yaml) }
    }

    @Test func aParameterWithoutALongestValueIsNamed() throws {
        let book = try TemplateBook.load(path: nil)
        var longest = book.longest
        longest["caseNumber"] = nil
        let changed = TemplateBook(
            limits: book.limits, templates: book.templates, longest: longest, words: book.words)
        #expect(changed.problems(signature: nil).contains { $0.contains("{caseNumber}") })
    }

    @Test func aSignatureTooLongIsCaughtAtStart() throws {
        let book = try TemplateBook.load(path: nil)
        #expect(!book.problems(signature: String(repeating: "中", count: 30)).isEmpty)
    }

    @Test func wordsAreFilledInThePetitionersLanguage() throws {
        let book = try TemplateBook.load(path: nil)
        let zh = book.render(
            "answered", language: "zh-CN",
            parameters: ["centre": "某中心", "caseNumber": "OD-2026-000001", "outcome": "partly_resolved"])
        #expect(zh?.contains("（部分解决）") == true)
        let en = book.render(
            "panel_concluded", language: "en",
            parameters: ["centre": "Centre", "caseNumber": "OD-2026-000001", "conclusion": "revised"])
        #expect(en == "[Centre] Case OD-2026-000001: the expert panel concluded: a new answer is due.")
        #expect(book.isRequired("registered") && !book.isRequired("dispatched"))
    }
}

@Suite struct MomentTests {
    @Test func eachStepThatMattersIsOneMoment() {
        #expect(Moment.of(step: .register, actor: "clerk:lina") == .registered)
        #expect(Moment.of(step: .accept, actor: "clerk:lina") == .acceptedOnBehalf)
        #expect(Moment.of(step: .accept, actor: "petitioner") == nil)
        #expect(Moment.of(step: .contest, actor: "petitioner") == .disputed)
        #expect(Moment.of(step: .receive, actor: "department:urban/x") == nil)
        #expect(Moment.of(step: .reviseAnswer, actor: "review-panel") == .panelConcluded)
    }

    @Test func daysReadAsPetitionersReadThem() throws {
        let date = try #require(ISO8601DateFormatter().date(from: "2026-12-31T17:00:00Z"))
        #expect(EventReceiver.day(date, language: "zh-CN") == "1月1日")  // already the 1st in Shanghai
        #expect(EventReceiver.day(date, language: "en") == "1 Jan")
    }
}

@Suite struct WebhookSignatureTests {
    let body = Data(#"{"idempotencyKey":"k","status":"delivered"}"#.utf8)

    @Test func aSignedBodyIsAccepted() {
        let header = WebhookSignature.sign(body, secret: "s3cret-s3cret-s3cret")
        #expect(WebhookSignature.refusal(header, body: body, secret: "s3cret-s3cret-s3cret") == nil)
    }

    @Test func aForgedChangedOrStaleSignatureIsRefused() {
        let header = WebhookSignature.sign(body, secret: "s3cret-s3cret-s3cret")
        #expect(WebhookSignature.refusal(header, body: body, secret: "another-secret-entirely") != nil)
        #expect(
            WebhookSignature.refusal(header, body: body + Data("x".utf8), secret: "s3cret-s3cret-s3cret")
                != nil)
        let old = WebhookSignature.sign(
            body, secret: "s3cret-s3cret-s3cret", at: Date().addingTimeInterval(-600))
        #expect(
            WebhookSignature.refusal(old, body: body, secret: "s3cret-s3cret-s3cret")?.contains("300") == true
        )
        #expect(WebhookSignature.refusal(nil, body: body, secret: "s") != nil)
        #expect(WebhookSignature.refusal("garbage", body: body, secret: "s") != nil)
    }
}

@Suite struct CircuitBreakerTests {
    @Test func opensAfterTheThresholdAndLetsOneTryThroughAfterTheCooldown() {
        let breaker = CircuitBreaker(threshold: 3, cooldown: 30)
        let start = Date()
        for _ in 0..<2 { breaker.failed(now: start) }
        #expect(breaker.allows(now: start))
        breaker.failed(now: start)
        #expect(!breaker.allows(now: start.addingTimeInterval(10)))
        #expect(breaker.allows(now: start.addingTimeInterval(31)))  // half-open: one try
        #expect(!breaker.allows(now: start.addingTimeInterval(32)))  // the others wait for it
        breaker.succeeded()
        #expect(breaker.allows(now: start.addingTimeInterval(33)))
    }
}

@Suite struct LogProviderTests {
    @Test func thePhoneIsMaskedInTheLog() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sms-\(UUID()).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = LogProvider(path: path).send(
            OutgoingSMS(
                key: "k1", phone: "13800001234", text: "【中心】您好", template: "registered", language: "zh-CN",
                caseNumber: "OD-2026-000001"))
        #expect(outcome == .accepted(reference: nil))
        let line = try String(contentsOfFile: path, encoding: .utf8)
        #expect(line.contains("138****1234") && !line.contains("13800001234") && line.hasSuffix("\n"))
    }
}
