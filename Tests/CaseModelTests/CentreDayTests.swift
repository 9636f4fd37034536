import Foundation
import Testing

@testable import CaseModel

/// The centre's days: told in Asia/Shanghai, and only real days are days.
struct CentreDayTests {
    @Test func aMomentFallsOnTheCentresDay() {
        // 2026-12-01 16:30 UTC is already 2 December in Shanghai.
        #expect(CentreDay.of(Date(timeIntervalSince1970: 1_796_142_600)) == "2026-12-02")
    }

    @Test func onlyRealDaysWrittenInFullAreDays() {
        #expect(CentreDay.isValid("2026-12-02") && CentreDay.isValid("2028-02-29"))
        for bad in [
            "2026-02-30", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01x", "", "２０２６-01-01",
            "yyyy-mm-dd",
        ] {
            #expect(!CentreDay.isValid(bad), "\(bad)")
        }
    }
}
