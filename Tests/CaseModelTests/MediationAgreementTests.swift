import Testing

@testable import CaseModel

/// 调解协议: what an agreement must say to be recorded.
@Suite struct MediationAgreementTests {
    func agreement(
        _ form: MediationAgreement.Form, concludedOn: String = "2026-12-01",
        parties: [MediationAgreement.Party]? = nil
    ) -> MediationAgreement {
        let confirmation: MediationAgreement.Confirmation = form == .oral ? .oral : .signed
        return MediationAgreement(
            form: form, mediation: .people, terms: "乙方于12月10日前支付工资32,000元。", concludedOn: concludedOn,
            parties: parties ?? [
                .init(name: "刘建国", side: .petitioner, confirmation: confirmation),
                .init(name: "某建筑公司", side: .other, confirmation: confirmation),
            ])
    }

    func fields(_ agreement: MediationAgreement) -> [String] {
        agreement.problems(today: "2026-12-02").map(\.field)
    }

    @Test func writtenAndOralAgreementsWithBothSidesAreFine() {
        #expect(fields(agreement(.written)).isEmpty)
        #expect(fields(agreement(.oral)).isEmpty)
        #expect(fields(agreement(.written, concludedOn: "2026-12-02")).isEmpty)
    }

    @Test func theDayMustBeRealAndNotAhead() {
        #expect(fields(agreement(.written, concludedOn: "2026-12-03")) == ["concludedOn"])
        #expect(fields(agreement(.written, concludedOn: "2026-02-30")) == ["concludedOn"])
        #expect(fields(agreement(.written, concludedOn: "yesterday")) == ["concludedOn"])
    }

    @Test func bothSidesAndAFittingConfirmationEach() {
        let oneSide = agreement(
            .written, parties: [.init(name: "刘建国", side: .petitioner, confirmation: .signed)])
        #expect(fields(oneSide) == ["parties"])
        let mixed = agreement(
            .written,
            parties: [
                .init(name: "刘建国", side: .petitioner, confirmation: .fingerprint),
                .init(name: "某建筑公司", side: .other, confirmation: .oral),
            ])
        #expect(fields(mixed) == ["parties[1].confirmation"])
        let saidAloud = agreement(
            .oral,
            parties: [
                .init(name: "刘建国", side: .petitioner, confirmation: .signed),
                .init(name: " ", side: .other, confirmation: .oral),
            ])
        #expect(fields(saidAloud) == ["parties[0].confirmation", "parties[1].name"])
    }
}
