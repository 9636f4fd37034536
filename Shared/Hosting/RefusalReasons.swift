import CaseModel

/// How the domain's refusals read as a dead letter's reason, where that differs from their own
/// description (`DomainRefusal` and `CaseNotFound` read as themselves; the backbone knows neither).
enum RefusalReasons {
    @Sendable static func describe(_ error: any Error) -> String? {
        (error as? IllegalTransition).map { "illegal transition: \($0)" }
    }
}
