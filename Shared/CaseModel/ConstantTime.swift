/// Compares a secret given with the one expected without telling, by the time it takes, how much
/// of it was right (CSRF tokens, the vouched address, query and one-time codes).
public enum ConstantTime {
    public static func equal(_ given: String, _ expected: String) -> Bool {
        let given = Array(given.utf8)
        let expected = Array(expected.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
