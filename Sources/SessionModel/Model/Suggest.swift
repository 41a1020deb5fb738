/// "Did you mean": the choice a typed name stands for, by alias or by a small edit distance. Used by option
/// parsing and by the agents' name lookup alike.
enum Suggest {
    /// The choice a common short or long name stands for: `md` for markdown, `claude-code` for claude.
    static func alias(_ value: String, among choices: [String]) -> String? {
        let lower = value.lowercased()
        if choices.contains(lower) { return lower }
        let aliases = ["md": "markdown", "htm": "html", "sqlite3": "sqlite", "todo": "todowrite"]
        if let canonical = aliases[lower], choices.contains(canonical) { return canonical }
        // ignored: a value that names no agent is simply not an agent's alias
        if let kind = try? AgentKind.parse(lower), choices.contains(kind.rawValue) { return kind.rawValue }
        return nil
    }

    /// The closest name within a small edit distance, for "did you mean".
    static func nearest(_ word: String, among names: [String]) -> String? {
        var best: (String, Int)?
        for name in names {
            let d = distance(Array(word), Array(name))
            if d <= max(1, min(3, (name.count + 1) / 3)), best == nil || d < best!.1 { best = (name, d) }
        }
        if best == nil, let prefixed = names.first(where: { $0.hasPrefix(word) && word.count >= 3 }) {
            return prefixed
        }
        return best?.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
