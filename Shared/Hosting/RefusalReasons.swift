import CaseModel

/// How the domain's refusals read as a dead letter's reason (the backbone knows only its own).
enum RefusalReasons {
    @Sendable static func describe(_ error: any Error) -> String? {
        switch error {
        case let illegal as IllegalTransition: "illegal transition: \(illegal)"
        case let refusal as DomainRefusal: refusal.description
        case let missing as CaseNotFound: missing.description
        default: nil
        }
    }
}
