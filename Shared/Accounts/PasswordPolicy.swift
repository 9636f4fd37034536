import CaseModel

/// What a password must be: long enough (ONEDOOR_PASSWORD_MIN_LENGTH, 10 by default), at most
/// 72 bytes (bcrypt reads no further), and not built from the account's own login or name.
public struct PasswordPolicy: Sendable {
    public let minimumLength: Int

    public init(minimumLength: Int = 10) { self.minimumLength = minimumLength }

    public func problems(_ password: String, login: String, displayName: String, field: String = "password")
        -> [FieldProblem]
    {
        let lowered = password.lowercased()
        let problem: String? =
            if password.count < minimumLength {
                "must be at least \(minimumLength) characters"
            } else if password.utf8.count > 72 {
                "must be at most 72 bytes"
            } else if lowered.contains(login.lowercased()) {
                "must not contain the login"
            } else if displayName.count >= 2, lowered.contains(displayName.lowercased()) {
                "must not contain the person's name"
            } else if Set(password).count < 4 {
                "must not be so repetitive"
            } else {
                nil
            }
        return problem.map { [FieldProblem(field: field, problem: $0)] } ?? []
    }
}
