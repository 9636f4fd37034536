import CaseModel
import Foundation
import ReferenceData
import TestSupport
import Testing

/// The reference file format: the sample district reads cleanly, and every kind
/// of mistake is refused with its line and key.
struct ReferenceFileTests {
    static let samplePath = TestServers.repositoryRoot.appendingPathComponent(
        "deploy/reference/sample-district.yaml"
    ).path
    static let sample = try! String(contentsOfFile: samplePath, encoding: .utf8)

    @Test func theSampleDistrictReadsCleanly() throws {
        let data = try ReferenceFile.parse(Self.sample, source: "sample")
        #expect(data.categories.count == 14)
        #expect(data.kinds.count == 80)
        #expect(data.towns.map(\.place.code) == ["kenli-street", "xiawa", "shengli"])
        let xingfu = try #require(data.rules.first { $0.category == "neighbourhood" && $0.place == "xingfu" })
        #expect(xingfu.plan.ladder.map(\.tier) == [.community, .town, .district])
        #expect(xingfu.plan.escalateWhenFlagged)
        #expect(data.experts.first { $0.code == "city-05" }?.active == false)
    }

    /// Applies `edit` (old → new, which must occur in the sample) and returns the problems.
    func problems(_ edits: [(String, String)]) throws -> [String] {
        var text = Self.sample
        for (old, new) in edits {
            try #require(text.contains(old), "the sample no longer contains \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        do {
            _ = try ReferenceFile.parse(text, source: "edited")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    static func line(of needle: String) -> Int {
        sample.components(separatedBy: "\n").firstIndex { $0.contains(needle) }! + 1
    }

    @Test(
        arguments: [
            (
                "  - {code: pets, name: Pets, nameZh: 饲养宠物}\n",
                "  - {code: pets, name: Pets, nameZh: 饲养宠物, colour: red}\n",
                "categories[3].kinds[4].colour: unknown key"
            ),
            ("    name: Neighbourhood\n", "", "categories[3].name: is missing"),
            (
                "nameZh: 公安分局, tier: district}", "nameZh: 公安分局, tier: city}",
                "departments[2].tier: 'city' must be one of"
            ),
            ("{code: noise, name: Noise", "{code: Noise, name: Noise", "is not a code"),
            (
                "{code: pets, name", "{code: noise, name",
                "category code 'noise' is already used at categories[3].kinds[4]"
            ),
            (
                "tier: town, town: xiawa}", "tier: town, town: xiwa}",
                "departments[18].town: unknown town 'xiwa'"
            ),
            (
                "role: legal_adviser, pool: city}", "role: lawyer, pool: city}",
                "experts[9].role: 'lawyer' must be one of"
            ),
            (
                "lead: health, co: [justice]", "lead: health, co: [justise]",
                "ladder[0].co[0]: unknown department 'justise'"
            ),
            (
                "lead: women, co: [police]", "lead: women, co: []",
                "ladder[0].co: joint handling needs at least one co-handler"
            ),
            (
                "ladder: [{tier: town, lead: xw-police}", "ladder: [{tier: town, lead: kl-police}",
                "'kl-police' serves kenli-street only"
            ),
            (
                "{tier: district, lead: court}]}", "{tier: town, lead: court}]}",
                "'court' is a district department, not town"
            ),
            ("    place: donggang\n", "    place: dongang\n", "place: unknown place 'dongang'"),
            (
                "    place: donggang\n", "    place: xingfu\n",
                "a second rule for category 'neighbourhood' at xingfu"
            ),
            (
                "format: onedoor-reference/1", "format: onedoor-reference/2",
                "format: 'onedoor-reference/2' is not supported"
            ),
            ("    coDueDays: 10\n", "    coDueDays: 30\n", "coDueDays: co-handlers must report no later"),
            (
                "mode: immediate, ladder: [{tier: district, lead: urban}]",
                "mode: at-once, ladder: [{tier: district, lead: urban}]", "'at-once' must be one of immediate"
            ),
        ]
    )
    func aMistakeIsNamedWithItsLineAndKey(old: String, new: String, expected: String) throws {
        let found = try problems([(old, new)])
        #expect(found.contains { $0.contains(expected) && $0.hasPrefix("line ") }, "\(found)")
    }

    @Test func theLineIsTheMistakesOwn() throws {
        let found = try problems([("lead: health, co: [justice]", "lead: health, co: [justise]")])
        #expect(
            found == [
                "line \(Self.line(of: "lead: health, co: [justice]")): rules[16].ladder[0].co[0]: unknown department 'justise'"
            ])
    }

    @Test func aSyntaxErrorIsRefusedWithItsLine() throws {
        let found = try problems([("  name: Sample district\n", "  name: [Sample district\n")])
        #expect(found.count == 1 && found[0].contains("YAML syntax"), "\(found)")
    }

    @Test func everyProblemIsListedNotOnlyTheFirst() throws {
        let found = try problems([
            ("lead: health, co: [justice]", "lead: health, co: [justise]"),
            ("tier: town, town: xiawa}", "tier: town, town: xiwa}"),
        ])
        #expect(found.count >= 2, "\(found)")
    }
}
