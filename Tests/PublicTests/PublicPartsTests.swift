import CaseModel
import CaseStore
import Foundation
import Testing
import WebPages

@testable import Public

@Suite struct AttemptLimiterTests {
    @Test func aKeyWaitsOnceItReachedTheLimitUntilTheWindowEnds() {
        let limiter = AttemptLimiter(limit: 3, window: 60)
        let start = Date()
        for _ in 0..<2 { limiter.record("OD-1", now: start) }
        #expect(limiter.retryAfter("OD-1", now: start) == nil)
        limiter.record("OD-1", now: start)
        #expect(limiter.retryAfter("OD-1", now: start.addingTimeInterval(20)) == 40)
        #expect(limiter.retryAfter("OD-2", now: start) == nil)  // another key is not held up
        #expect(limiter.retryAfter("OD-1", now: start.addingTimeInterval(61)) == nil)
    }
}

@Suite struct PetitionerSessionTests {
    let session = PetitionerSession(secret: String(repeating: "k", count: 40), minutes: 30)
    let caseId = "3f2c1d8e-0000-4000-8000-000000000001"

    @Test func aSessionOpensItsOneCaseUntilItExpires() {
        let now = Date()
        let cookie = session.cookie(caseId: caseId, now: now)
        #expect(session.caseId(from: cookie, now: now) == caseId)
        #expect(session.caseId(from: cookie, now: now.addingTimeInterval(31 * 60)) == nil)
    }

    @Test func aChangedOrForeignCookieOpensNothing() {
        let cookie = session.cookie(caseId: caseId)
        let other = "3f2c1d8e-0000-4000-8000-000000000002"
        #expect(session.caseId(from: cookie.replacingOccurrences(of: caseId, with: other)) == nil)
        let foreign = PetitionerSession(secret: String(repeating: "x", count: 40), minutes: 30)
        #expect(foreign.caseId(from: cookie) == nil)
        #expect(session.caseId(from: "garbage") == nil && session.caseId(from: nil) == nil)
    }
}

@Suite struct PetitionerCodesTests {
    @Test func codesAreReadableAndStoredOnlyAsSaltedHashes() {
        let code = PetitionerCodes.queryCode()
        #expect(code.count == 8 && !code.contains { "01OIL".contains($0) })
        let stored = PetitionerCodes.hash(code, salt: "case-a")
        #expect(stored != PetitionerCodes.hash(code, salt: "case-b"))
        #expect(PetitionerCodes.matches(code.lowercased(), salt: "case-a", storedHash: stored))
        #expect(
            PetitionerCodes.matches(
                " \(code.prefix(4))-\(code.suffix(4)) ", salt: "case-a", storedHash: stored))
        #expect(!PetitionerCodes.matches("AAAAAAAA", salt: "case-a", storedHash: stored))
        #expect(PetitionerCodes.oneTimeCode().allSatisfy { $0.isNumber })
    }
}

@Suite struct StatusPageWordsTests {
    @Test func bothLanguagesHaveTheSameWordsAndEveryStatusItsStage() throws {
        let catalogue = try MessageCatalogue.statusPage()
        #expect(catalogue.keys(.chinese) == catalogue.keys(.english))
        for status in CaseStatus.allCases {
            #expect(catalogue.text(.chinese, "stage.\(status.rawValue)") != "stage.\(status.rawValue)")
        }
        for refusal in [OneTimeCodes.Refusal.none, .wrong, .expired, .used, .tooManyTries] {
            #expect(
                catalogue.text(.chinese, "refusal.code_\(refusal.rawValue)")
                    != "refusal.code_\(refusal.rawValue)")
        }
    }
}
