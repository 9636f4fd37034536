import Foundation

/// Reads settings from environment variables: an empty value counts as unset, and a value out
/// of its range is refused with one line naming the variable, the value and the range.
public struct EnvironmentSettings: Sendable {
    public let environment: [String: String]

    public init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func text(_ key: String) -> String? {
        environment[key].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func integer(_ key: String, _ fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError)
        -> Int
    {
        guard let text = text(key) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError("\(key)=\(text) must be a whole number in \(range)")
        }
        return number
    }
}
