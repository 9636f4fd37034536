extension Topology {
    /// The queues a message published to `exchange` with `routingKey` lands in, by the
    /// bindings declared here and the broker's rules for the exchange's kind: direct (the key
    /// itself), fanout (every binding), topic (`*` one word, `#` zero or more). Used after a
    /// restore to tell which consumers should have recorded a message (`onedoor-admin restore`).
    public func queues(receiving routingKey: String, from exchange: String) -> Set<String> {
        guard let kind = exchanges.first(where: { $0.name == exchange })?.kind else { return [] }
        return Set(
            bindings.filter { binding in
                guard binding.exchange == exchange else { return false }
                switch kind {
                case .direct: return binding.routingKey == routingKey
                case .fanout: return true
                case .topic: return Self.topic(binding.routingKey, matches: routingKey)
                }
            }.map(\.queue))
    }

    static func topic(_ pattern: String, matches key: String) -> Bool {
        func match(_ pattern: ArraySlice<Substring>, _ words: ArraySlice<Substring>) -> Bool {
            guard let first = pattern.first else { return words.isEmpty }
            if first == "#" {
                // Zero words, or one more word and try again.
                return match(pattern.dropFirst(), words)
                    || (!words.isEmpty && match(pattern, words.dropFirst()))
            }
            guard let word = words.first, first == "*" || first == word else { return false }
            return match(pattern.dropFirst(), words.dropFirst())
        }
        let patternWords = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let keyWords = key.split(separator: ".", omittingEmptySubsequences: false)
        return match(patternWords[...], keyWords[...])
    }
}
