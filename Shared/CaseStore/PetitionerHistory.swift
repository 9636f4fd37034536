import CaseModel
import Foundation
import Storage

/// 重复信访 at the window: a petitioner's earlier cases (as the petitioner or as another
/// representative of a collective petition), found by the keyed hash of their phone or ID
/// number (nothing is stored or compared in clear), before a new case is registered.
public enum PetitionerHistory {
    public struct EarlierCase: Codable, Sendable, PostgresRowDecodable {
        public let caseNumber: String
        public let status: String
        public let category: String
        public let channel: String
        public let town: String
        public let registeredAt: Date
    }

    /// Newest first, at most `limit`; `town`: only that town's cases (a town-level clerk's).
    public static func cases(
        phoneHash: String?, idHash: String?, town: String?, limit: Int, on connection: PostgresConnection
    ) throws -> [EarlierCase] {
        try connection.query(
            """
            SELECT case_number AS "caseNumber", status, category_code AS category, channel,
                   location_town AS town, registered_at AS "registeredAt"
            FROM cases c
            WHERE \(CaseParties.petitionedBy(
                phoneHashes: [phoneHash].compactMap { $0 }, idHashes: [idHash].compactMap { $0 }))
              AND (\(town)::text IS NULL OR location_town = \(town))
            ORDER BY registered_at DESC
            LIMIT \(limit)
            """, as: EarlierCase.self)
    }
}
