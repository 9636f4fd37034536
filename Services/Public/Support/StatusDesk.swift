import CaseModel
import CaseStore
import Contracts
import Foundation
import Logging
import PetitionerSteps
import Reliability
import Storage

/// 自助服务: what the status page does for a petitioner — finds their case by number and query
/// code (rate-limited), shows it, sends them one-time codes through the notifier, and records
/// their sign-off, contest or review application online with the same rules as the window.
/// The petitioner is the actor (`petitioner`); the channel is `online`.
struct StatusDesk: Sendable {
    static let actor = "petitioner"
    static let producer = "public"
    let pool: PostgresPool
    let rules: HandlingRules
    let byCase: AttemptLimiter
    let byAddress: AttemptLimiter
    let codeSpacing: AttemptLimiter
    let codesHourly: AttemptLimiter
    let logger: Logger

    init(pool: PostgresPool, rules: HandlingRules, settings: PublicSettings, logger: Logger) {
        self.pool = pool
        self.rules = rules
        byCase = AttemptLimiter(limit: settings.caseAttempts, window: settings.window)
        byAddress = AttemptLimiter(limit: settings.addressAttempts, window: settings.window)
        codeSpacing = AttemptLimiter(limit: 1, window: max(settings.codeInterval, 0.001))
        codesHourly = AttemptLimiter(limit: settings.codesPerHour, window: 3600)
        self.logger = logger
    }

    enum Lookup: Sendable {
        case found(caseId: String)
        case notFound
        case limited(retryAfter: Int)
    }

    /// The case whose number and code these are. Wrong tries count against the case and the
    /// client's address; either over its limit answers `limited` without looking.
    func lookup(caseNumber: String, code: String, client: String) async throws -> Lookup {
        let number = caseNumber.trimmingCharacters(in: .whitespaces).uppercased()
        if let wait = [byCase.retryAfter(number), byAddress.retryAfter(client)].compactMap({ $0 }).max() {
            logger.notice(
                "status lookup limited",
                metadata: ["caseNumber": "\(number.prefix(32))", "client": "\(client)"])
            return .limited(retryAfter: wait)
        }
        let caseId = try await pool.withConnection(retryOnLostConnection: true) {
            try QueryCodes.check(caseNumber: String(number.prefix(32)), code: String(code.prefix(32)), on: $0)
        }
        guard let caseId else {
            byCase.record(number)
            byAddress.record(client)
            logger.notice(
                "status lookup refused",
                metadata: ["caseNumber": "\(number.prefix(32))", "client": "\(client)"])
            return .notFound
        }
        return .found(caseId: caseId)
    }

    func status(caseId: String, english: Bool, stageWord: @escaping @Sendable (String) -> String) async throws
        -> PetitionerStatus?
    {
        let rules = self.rules
        return try await pool.withConnection(retryOnLostConnection: true) {
            try PetitionerStatus.load(
                caseId: caseId, rules: rules, english: english, stageWord: stageWord, on: $0)
        }
    }

    /// 获取验证码: asks the notifier for a one-time code for `purpose`; nil when sent, else the
    /// seconds to wait (one a minute, five an hour, per case).
    func requestCode(caseId: String, caseNumber: String, purpose: OneTimeCodes.Purpose) async throws -> Int? {
        if let wait = [codeSpacing.retryAfter(caseId), codesHourly.retryAfter(caseId)].compactMap({ $0 })
            .max()
        {
            return wait
        }
        codeSpacing.record(caseId)
        codesHourly.record(caseId)
        try await pool.withConnection { connection in
            try connection.transaction {
                try Outbox.enqueue(
                    PetitionerCodeRequested(
                        requestId: UUID().uuidString.lowercased(), caseId: caseId, caseNumber: caseNumber,
                        purpose: purpose.rawValue, requestedAt: Date()),
                    producer: Self.producer, on: $0)
            }
        }
        logger.info(
            "one-time code requested",
            metadata: ["caseNumber": "\(caseNumber)", "purpose": "\(purpose.rawValue)"])
        return nil
    }

    /// Spends the code and, when it is good, takes the step — in one transaction, except that a
    /// wrong code's count is kept (committed) while the step is not taken.
    func confirmed(
        _ code: String, caseId: String, purpose: OneTimeCodes.Purpose,
        step: @escaping @Sendable (PostgresConnection) throws -> Void
    ) async throws -> OneTimeCodes.Refusal? {
        try await pool.withConnection { connection in
            try connection.transaction { transaction in
                if let refusal = try OneTimeCodes.spend(
                    code, caseId: caseId, purpose: purpose, on: transaction)
                {
                    return refusal
                }
                try step(transaction)
                return nil
            }
        }
    }

    func signOff(caseNumber: String, caseId: String, decision: SignOffDecision, code: String) async throws
        -> OneTimeCodes.Refusal?
    {
        let rules = self.rules
        return try await confirmed(code, caseId: caseId, purpose: .signOff) {
            try SignOff.record(
                caseNumber: caseNumber, decision: decision, channel: .online, recordedBy: Self.actor,
                department: nil, rules: rules, producer: Self.producer, on: $0)
        }
    }

    func contest(caseNumber: String, caseId: String, code: String) async throws -> OneTimeCodes.Refusal? {
        let rules = self.rules
        return try await confirmed(code, caseId: caseId, purpose: .contest) {
            try SignOff.contest(
                caseNumber: caseNumber, by: Self.actor, rules: rules, producer: Self.producer, on: $0)
        }
    }

    func applyForReview(caseNumber: String, caseId: String, experts: [String], code: String) async throws
        -> OneTimeCodes.Refusal?
    {
        let rules = ReviewRules(handling: self.rules)
        // A refusal of the rules (fewer than the minimum, a conflict of interest, …) rolls the
        // transaction back, the code's use with it: the petitioner chooses again with the same code.
        return try await confirmed(code, caseId: caseId, purpose: .review) {
            _ = try ReviewApplication.apply(
                caseNumber: caseNumber, experts: experts, rules: rules, by: Self.actor, on: $0)
        }
    }

    /// The experts a petitioner may choose from: their town's pool, the city pool, other towns'.
    func experts(ownTown: String) async throws -> [(pool: String, poolName: String, experts: [ExpertView])] {
        try await pool.withConnection(retryOnLostConnection: true) { connection in
            let all = try Experts.list(town: nil, on: connection).filter(\.active)
            var names: [String: String] = ["city": "市级专家库"]
            for row in try connection.execute("SELECT code, name_zh FROM towns").rows {
                names[try row.decode("code")] = try row.decode("name_zh")
            }
            let pools = Dictionary(grouping: all, by: \.pool)
            let order = [ownTown, "city"] + pools.keys.filter { $0 != ownTown && $0 != "city" }.sorted()
            return order.compactMap { code in
                pools[code].map { (code, names[code] ?? code, $0) }
            }
        }
    }
}
