import Foundation
import Testing

@testable import Storage

/// A row decodes into a `Decodable` type by column name.
struct PostgresRowDecoderTests {
    struct Sample: Decodable, PostgresRowDecodable, Equatable {
        let name: String
        let round: Int
        let answered: Bool
        let note: String?
        let at: Date
    }

    func row(_ pairs: KeyValuePairs<String, String?>) -> PostgresRow {
        PostgresRow(
            values: pairs.map(\.value),
            columns: Dictionary(uniqueKeysWithValues: pairs.enumerated().map { ($1.key, $0) }))
    }

    @Test func eachPropertyReadsItsColumnAndNullIsNil() throws {
        let sample = try Sample(
            row: row([
                "name": "urban", "round": "2", "answered": "t", "note": nil, "at": "2026-12-01 08:00:00+00",
            ]))
        #expect(sample.name == "urban" && sample.round == 2 && sample.answered && sample.note == nil)
        #expect(sample.at == Date(timeIntervalSince1970: 1_796_112_000))
    }

    @Test func aMissingColumnOrANullForARequiredPropertyIsAnError() {
        #expect(throws: (any Error).self) {
            try Sample(row: row(["name": "urban", "round": "2", "answered": "t", "note": nil]))
        }
        #expect(throws: (any Error).self) {
            try Sample(
                row: row([
                    "name": nil, "round": "2", "answered": "t", "note": nil, "at": "2026-12-01 08:00:00+00",
                ]))
        }
    }
}
