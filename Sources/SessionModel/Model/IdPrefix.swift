/// Ids as people type them: the whole id, or any unique prefix of it. One rule for every tool.
public enum IdPrefix {
    /// The item whose id is `wanted`, else the only one whose id starts with it; nil when none does.
    /// Several matches are an invalid value (64, a usage error) that lists the candidates.
    public static func match<T>(_ wanted: String, in items: [T], id: (T) -> String) throws(SessionError) -> T? {
        if let exact = items.first(where: { id($0) == wanted }) { return exact }
        guard !wanted.isEmpty else { return nil }
        var seen = Set<String>()
        let hits = items.filter { id($0).hasPrefix(wanted) && seen.insert(id($0)).inserted }
        if hits.count > 1 {
            let shown = hits.prefix(10).map(id).sorted()
            throw SessionError(
                .invalidValue,
                "'\(wanted)' matches \(hits.count) sessions: \(shown.joined(separator: ", "))"
                    + (hits.count > shown.count ? ", ..." : ""),
                hint: "give more of the id")
        }
        return hits.first
    }
}
