import Foundation
import HTTPSupport
import Testing
import WebPages

@testable import Workbench

/// The workbench's parts that need no server: forms to the API's JSON, the CSRF guard, the two
/// catalogues, times in Chinese, the refusals' words and the return addresses.
struct WorkbenchPartsTests {
    @Test func aFormBecomesTheAPIsBodyWithNestedAndRepeatedFields() throws {
        let form = FormBody(
            encoded:
                "petitioner.name=%E7%8E%8B%E7%A7%80%E8%8B%B1&petitioner.phone=138+0000&location.town=xiawa"
                + "&ladder%5B0%5D.lead=urban&ladder%5B0%5D.co=police&ladder%5B0%5D.co=justice&dueDays=15"
                + "&coDueDays=x&reasonable=true&facts=")
        let fields = FormFields([
            ("petitioner.name", .text), ("petitioner.phone", .text), ("location.town", .text),
            ("ladder[0].lead", .text), ("ladder[0].co", .list), ("dueDays", .integer),
            ("coDueDays", .integer),
            ("reasonable", .boolean), ("facts", .text),
        ])
        let body = fields.json(from: form)
        #expect(body["petitioner"]?["name"] == .string("王秀英"))
        #expect(body["petitioner"]?["phone"] == .string("138 0000"))
        #expect(body["location"]?["town"] == .string("xiawa"))
        #expect(body["ladder"]?.items.first?["co"] == .array([.string("police"), .string("justice")]))
        #expect(body["dueDays"] == .integer(15))
        #expect(body["coDueDays"] == .string("x"), "passed on for the service to name")
        #expect(body["reasonable"] == .bool(true))
        #expect(body["facts"] == nil, "an empty field is left out, so the service says it is required")
    }

    @Test func theGuardAcceptsOnlyTheTokenOfTheBrowsersOwnCookie() {
        let guardOne = FormGuard(secret: "0123456789abcdef0123456789abcdef")
        let cookie = FormGuard.newCookieValue()
        #expect(cookie.count == 32)
        #expect(guardOne.accepts(token: guardOne.token(for: cookie), cookie: cookie))
        #expect(!guardOne.accepts(token: guardOne.token(for: cookie), cookie: FormGuard.newCookieValue()))
        #expect(!guardOne.accepts(token: nil, cookie: cookie))
        #expect(!guardOne.accepts(token: guardOne.token(for: cookie), cookie: nil))
        let other = FormGuard(secret: "another-secret-0123456789abcdef")
        #expect(!other.accepts(token: guardOne.token(for: cookie), cookie: cookie))
    }

    @Test func bothCataloguesHaveTheSameWords() throws {
        let catalogue = try MessageCatalogue.workbench()
        #expect(catalogue.keys(.chinese) == catalogue.keys(.english))
        #expect(catalogue.text(.chinese, "status.under_review") == "评审中")
        #expect(catalogue.text(.english, "worklist.days_left", ["days": "3"]) == "3 days left")
        #expect(catalogue.term(.chinese, "status", "no-such-status") == "no-such-status")
    }

    @Test func timesReadInChineseInTheCentresTimeZone() throws {
        let words = TimeWords(
            timeZone: try #require(TimeZone(identifier: "Asia/Shanghai")),
            catalogue: try MessageCatalogue.workbench())
        #expect(words.dateTime("2026-12-01T06:05:00Z", .chinese) == "2026年12月1日 14:05")
        #expect(words.dateTime("2026-12-01T06:05:00.250Z", .english) == "2026-12-01 14:05")
        let now = try #require(TimeWords.parse("2026-12-01T00:00:00Z"))
        #expect(words.remaining("2026-12-03T12:00:00Z", .chinese, now: now) == "剩余3天")
        #expect(words.remaining("2026-11-29T00:00:00Z", .chinese, now: now) == "超期2天")
        #expect(TimeWords.dueSoon("2026-12-02T00:00:00Z", now: now))
        #expect(!TimeWords.dueSoon("2026-12-04T00:00:00Z", now: now))
    }

    @Test func theServicesRefusalsReadInThePersonsLanguage() throws {
        let refusals = RefusalWords(catalogue: try MessageCatalogue.workbench())
        let problem = JSONValue.object([
            "errors": .array([
                .object([
                    "field": .string("petitioner.phone"),
                    "problem": .string("must be a phone number of 7 to 15 digits"),
                ]),
                .object(["field": .string("facts"), "problem": .string("must be at most 4000 characters")]),
                .object([
                    "field": .string("experts"), "problem": .string("choose at least 5 different experts"),
                ]),
            ])
        ])
        let fields = refusals.fieldProblems(problem, .chinese)
        #expect(fields["petitioner.phone"] == "请输入7到15位数字的电话号码")
        #expect(fields["facts"] == "太长（最多4000个字）")
        #expect(fields["experts"] == "至少选择5名不同的评审专家")
        #expect(
            refusals.words("cannot answer a case that is answered (allowed: withdraw)", .chinese)
                == "案件当前的状态不允许此操作")
        #expect(
            refusals.words("something new", .chinese) == "something new",
            "an unknown phrasing shows as it came")
    }

    @Test func onlyAPathOnTheSiteIsAPlaceToGoBackTo() {
        #expect(SignInPages.localPath("/cases/OD-2026-000001") == "/cases/OD-2026-000001")
        for outside in ["//evil.example/", "https://evil.example/", "\\\\evil", "cases", nil] {
            #expect(SignInPages.localPath(outside) == "")
        }
    }

    @Test func emptyTextIsAbsentForTheTemplates() throws {
        let context = try #require(
            Workbench.withoutEmptyText(["a": "", "b": "x", "c": [["d": ""]], "e": false]) as? [String: Any])
        #expect(context["a"] == nil)
        #expect(context["b"] as? String == "x")
        #expect(((context["c"] as? [[String: Any]])?.first ?? ["d": 1])["d"] == nil)
        #expect(context["e"] as? Bool == false)
    }
}

/// The address the workbench vouches for reaches the record only with its HMAC, for the same credential.
struct ForwardedClientTests {
    let signer = ForwardedClient(secret: "0123456789abcdef0123456789abcdef")

    @Test func aSignedAddressIsBelievedForItsOwnCredentialOnly() {
        let header = signer.header(client: "203.0.113.7", credential: "ods_abc")
        #expect(signer.client(from: header, credential: "ods_abc") == "203.0.113.7")
        #expect(signer.client(from: header, credential: "ods_other") == nil)
        #expect(
            ForwardedClient(secret: "another-secret-0123456789abcdef").client(
                from: header, credential: "ods_abc") == nil)
        #expect(
            signer.client(from: "203.0.113.7;" + String(repeating: "0", count: 64), credential: "ods_abc")
                == nil)
        #expect(signer.client(from: "203.0.113.7", credential: "ods_abc") == nil)
        #expect(signer.client(from: nil, credential: "") == nil)
    }
}

/// The services' own reasons on the timeline, read out in Chinese; a person's words untouched.
struct ReasonWordsTests {
    @Test func theCommonReasonsReadInChinese() throws {
        let catalogue = try MessageCatalogue.workbench()
        let time = TimeWords(
            timeZone: try #require(TimeZone(identifier: "Asia/Shanghai")), catalogue: catalogue)
        let reasons = ReasonWords(catalogue: catalogue, time: time)
        func zh(_ text: String) -> String { reasons.words(text, .chinese, names: nil) }
        #expect(zh("registered via visit") == "经来访受理")
        #expect(zh("answer: resolved") == "答复：已解决")
        #expect(zh("on the petitioner's word, via window: disputed") == "据信访人意见（窗口）：不接受（有异议）")
        #expect(
            zh("the petitioner contests the acceptance recorded by clerk:lina") == "信访人对代为签收（clerk:lina）提出异议")
        #expect(zh("answer to be revised (2 of 5 uphold)") == "重新办理（5名专家中2名维持）")
        #expect(zh("visit by phone: satisfied") == "回访（电话）：满意")
        #expect(
            zh("work order received (round 2), answer due 2026-12-17T10:29:04Z")
                == "第2轮工单已签收，答复期限2026年12月17日 18:29")
        #expect(
            zh("rule noise@xingfu → assisted, district, lead urban") == "按分流规则（noise@xingfu）：协办，区，主办urban")
        #expect(zh("上门调解") == "上门调解")
        #expect(reasons.words("answer: resolved", .english, names: nil) == "answer: resolved")
    }
}

/// 当事人 on the registration form: empty rows are not sent, and a problem with the n-th row sent
/// is shown beside the row it came from.
struct PartyFieldsTests {
    @Test func emptyRowsAreLeftOutAndProblemsFindTheirRow() {
        let form = FormBody(
            encoded:
                "collective=on&collective.people=30"
                + "&collective.representatives%5B1%5D.name=%E9%99%88&collective.representatives%5B1%5D.phone=139"
                + "&otherParties%5B0%5D.kind=person&otherParties%5B0%5D.role=respondent"
                + "&otherParties%5B2%5D.kind=organisation&otherParties%5B2%5D.role=third_party"
                + "&otherParties%5B2%5D.name=X&amountInvolved=12.5")
        var body = JSONValue.object([:])
        let sent = PartyFields.add(to: &body, from: form)
        #expect(body["collective"]?["people"] == .integer(30))
        #expect(body["collective"]?["representatives"]?.items.count == 1)
        #expect(body["otherParties"]?.items.count == 1, "a row with only its choices is not sent")
        #expect(body["otherParties"]?.items.first?["role"] == .string("third_party"))
        #expect(body["amountInvolved"] == .number(12.5))
        #expect(sent.representatives == [1] && sent.parties == [2])
        let placed = sent.placing([
            "collective_representatives_0__phone": "bad", "otherParties_0__name": "empty", "facts": "x",
        ])
        #expect(placed["collective_representatives_1__phone"] as? String == "bad")
        #expect(placed["otherParties_2__name"] as? String == "empty")
        #expect(placed["collective_representatives_0__phone"] == nil && placed["facts"] as? String == "x")
    }

    @Test func anAmountIsWrittenAsOnPaper() {
        #expect(CasePage.yuan(1_250_000.5) == "1,250,000.50")
        #expect(CasePage.yuan(999) == "999.00")
        #expect(CasePage.yuan(0.07) == "0.07")
        #expect(CasePage.yuan(1000) == "1,000.00")
    }
}
