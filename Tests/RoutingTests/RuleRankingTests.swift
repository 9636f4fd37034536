import Testing

@testable import Routing

/// 分流规则 without a database: the most specific candidate wins.
struct RuleRankingTests {
    typealias Candidate = RuleBook.Candidate
    let categories = ["neighbour", "civil"]  // the kind, then its class
    let places = ["grid-1", "community-1", "town-1"]  // the most specific first

    @Test func theKindBeatsItsClassWhateverThePlace() {
        let kind = Candidate(category: "neighbour", place: nil, plan: "kind")
        let classInGrid = Candidate(category: "civil", place: "grid-1", plan: "class")
        #expect(RuleBook.best(of: [classInGrid, kind], categories: categories, places: places) == kind)
    }

    @Test func thenTheSmallestPlaceAndTheDistrictLast() {
        let district = Candidate(category: "neighbour", place: nil, plan: "district")
        let town = Candidate(category: "neighbour", place: "town-1", plan: "town")
        let community = Candidate(category: "neighbour", place: "community-1", plan: "community")
        #expect(
            RuleBook.best(of: [district, town, community], categories: categories, places: places)
                == community)
        #expect(RuleBook.best(of: [district, town], categories: categories, places: places) == town)
        #expect(RuleBook.best(of: [district], categories: categories, places: places) == district)
    }

    @Test func noCandidateIsNoRule() {
        #expect(RuleBook.best(of: [], categories: categories, places: places) == nil)
    }
}
