import CaseModel
import Storage
import TestSupport
import Testing

@testable import Routing

/// 分流规则 against the sample district's rules, as deploy/test applies them to
/// the test database: the most specific rule picks tier, department and mode;
/// no rule or an unknown place means triage.
struct RuleBookTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        let category: String
        let town: String
        var community: String? = nil
        var grid: String? = nil
        let mode: HandlingMode?
        let steps: [String]  // "tier:lead+co+co"
        var triage: String? = nil
        var testDescription: String { "\(category)@\(grid ?? community ?? town)" }
    }

    static let matters: [Expected] = [
        .init(
            category: "neighbour", town: "kenli-street", community: "xingfu", mode: .assisted,
            steps: ["community:xingfu-committee", "town:kl-justice", "district:justice"]),
        .init(
            category: "boundary", town: "kenli-street", community: "donggang", grid: "kl-donggang-01",
            mode: .assisted, steps: ["community:donggang-committee", "town:kl-justice", "district:justice"]),
        .init(
            category: "neighbour", town: "kenli-street", mode: .assisted,
            steps: ["town:kl-justice", "district:justice"]),
        .init(category: "neighbour", town: "shengli", mode: .assisted, steps: ["district:justice"]),
        .init(
            category: "domestic-violence", town: "kenli-street", community: "xingfu", mode: .joint,
            steps: ["district:women+police"]),
        .init(
            category: "marriage-family", town: "kenli-street", community: "xingfu", mode: .assisted,
            steps: ["community:xingfu-committee", "district:women"]),
        .init(category: "street-lights", town: "xiawa", mode: .immediate, steps: ["district:urban"]),
        .init(category: "litigation", town: "xiawa", mode: .judicial, steps: ["district:court"]),
        .init(
            category: "wage-arrears", town: "kenli-street", mode: .joint,
            steps: ["town:kl-centre+labour", "district:labour+police"]),
        .init(
            category: "land-contract", town: "xiawa", community: "nanguan", mode: .assisted,
            steps: ["town:xw-centre", "district:agriculture"]),
        .init(category: "petition-other", town: "xiawa", mode: nil, steps: [], triage: "no routing rule"),
        .init(category: "noise", town: "atlantis", mode: nil, steps: [], triage: "no town 'atlantis'"),
        .init(
            category: "noise", town: "kenli-street", community: "beiguan", mode: nil, steps: [],
            triage: "no community 'beiguan' in kenli-street"),
    ]

    @Test(arguments: matters)
    func theMostSpecificRuleDecides(_ expected: Expected) throws {
        let connection = try PostgresConnection(conninfo: TestServers.postgresURL)
        let decision = try RuleBook.decide(
            .init(
                category: expected.category, town: expected.town, community: expected.community,
                grid: expected.grid), on: connection)
        switch decision {
        case .plan(let plan):
            #expect(expected.triage == nil)
            #expect(plan.mode == expected.mode)
            #expect(
                plan.ladder.map { "\($0.tier.rawValue):" + ([$0.lead] + $0.co).joined(separator: "+") }
                    == expected.steps)
        case .triage(let reason):
            let wanted = try #require(expected.triage, "triage: \(reason)")
            #expect(reason.contains(wanted), "\(reason)")
        }
    }
}
