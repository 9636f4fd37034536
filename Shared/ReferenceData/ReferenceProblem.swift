/// One thing wrong with a reference file, by line and key (`rules[3].ladder[0].lead`).
public struct ReferenceProblem: Sendable, Equatable, CustomStringConvertible {
    public let line: Int?
    public let key: String
    public let message: String

    public init(line: Int?, key: String, message: String) {
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String { (line.map { "line \($0): " } ?? "") + "\(key): \(message)" }
}

/// A reference file that cannot be applied; every problem found is listed.
public struct ReferenceFileRefused: Error, Sendable, CustomStringConvertible {
    public let source: String
    public let problems: [ReferenceProblem]

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "\(source) refused, \(count):\n"
            + problems.map { "  \(source): \($0)" }.joined(separator: "\n")
    }
}
