/// Codex CLI's rollout file names: `rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl` (agent-stores.md §2.1).
public enum CodexRolloutName {
    /// The whole session id a rollout's file name carries; nil when the name is not a rollout's. Lookups compare
    /// this with `==`: an id that is only the tail of another rollout's id never matches it.
    public static func id(_ name: String) -> String? {
        let b = Array(name.utf8)
        let head = 8  // "rollout-"
        let stamp = 19  // YYYY-MM-DDThh-mm-ss
        guard b.count > head + stamp + 1 + 6, name.hasPrefix("rollout-"), name.hasSuffix(".jsonl") else { return nil }
        for i in 0..<stamp {
            let c = b[head + i]
            switch i {
            case 4, 7, 13, 16: guard c == UInt8(ascii: "-") else { return nil }
            case 10: guard c == UInt8(ascii: "T") else { return nil }
            default: guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
            }
        }
        guard b[head + stamp] == UInt8(ascii: "-") else { return nil }
        return String(decoding: b[(head + stamp + 1)..<(b.count - 6)], as: UTF8.self)
    }
}
