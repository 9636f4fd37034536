import CaseModel
import Foundation

/// The centres' review rules (Changyi's 专家评审):
/// - apply within `windowDays` of signing the disputed answer;
/// - choose at least `minimumExperts` distinct, active experts (点单式), from the
///   petitioner's own town's pool, the city pool or other towns' pools;
/// - no expert from the department whose answer is under review.
/// The panel concludes once every member has given an opinion: the answer is
/// **upheld** only if a strict majority says uphold; otherwise (including a tie)
/// it is **revised** and goes back to the department.
public struct ReviewRules: Sendable {
    /// The deployment's handling rules: the review window and the experts' minimum.
    public let handling: HandlingRules
    public var windowDays: Int { handling.reviewWindowDays }
    public var minimumExperts: Int { handling.reviewMinimumExperts }

    public init(handling: HandlingRules) { self.handling = handling }

    public struct Expert: Sendable {
        public let code: String
        public let active: Bool
        public let departmentCode: String?
        public init(code: String, active: Bool, departmentCode: String?) {
            self.code = code
            self.active = active
            self.departmentCode = departmentCode
        }
    }

    /// Every reason the chosen experts cannot form a panel, as field problems.
    public func problems(chosen: [String], known: [String: Expert], answeringDepartment: String)
        -> [FieldProblem]
    {
        var problems: [FieldProblem] = []
        let distinct = Set(chosen)
        if distinct.count != chosen.count {
            let repeated = Dictionary(grouping: chosen, by: { $0 }).filter { $1.count > 1 }.keys.sorted()
            problems.append(
                .init(field: "experts", problem: "chosen more than once: \(repeated.joined(separator: ", "))")
            )
        }
        if distinct.count < minimumExperts {
            problems.append(
                .init(field: "experts", problem: "choose at least \(minimumExperts) different experts"))
        }
        let unknown = chosen.filter { known[$0] == nil }
        if !unknown.isEmpty {
            problems.append(
                .init(field: "experts", problem: "unknown experts: \(unknown.joined(separator: ", "))"))
        }
        let inactive = chosen.filter { known[$0]?.active == false }
        if !inactive.isEmpty {
            problems.append(
                .init(field: "experts", problem: "not active: \(inactive.joined(separator: ", "))"))
        }
        let conflicted = distinct.sorted().filter { known[$0]?.departmentCode == answeringDepartment }
        if !conflicted.isEmpty {
            problems.append(
                .init(
                    field: "experts",
                    problem:
                        "conflict of interest (from \(answeringDepartment), whose answer is under review): "
                        + conflicted.joined(separator: ", ")))
        }
        return problems
    }

    public func deadline(signedAt: Date) -> Date { handling.reviewDeadline(signedAt: signedAt) }

    /// nil while opinions are missing.
    public static func conclusion(verdicts: [Verdict?]) -> PanelConclusion? {
        guard verdicts.allSatisfy({ $0 != nil }) else { return nil }
        let upholding = verdicts.filter { $0 == .uphold }.count
        return upholding * 2 > verdicts.count ? .upheld : .revised
    }
}

/// One expert's verdict on the answer.
public enum Verdict: String, ClosedSet {
    case uphold
    case revise
}

public enum PanelConclusion: String, Codable, Sendable {
    case upheld
    case revised
}
