/// Claude Code's local-command records (kept as `system` messages by `ClaudeTranscriptReader`), shown as the user
/// saw them: `<command-name>/model</command-name>…<command-args>opus</command-args>` is the command typed
/// (`/model opus`), `<bash-input>ls</bash-input>` is `!ls`, `<local-command-stdout>` is its output, and the
/// `<local-command-caveat>` note meant for the model is not shown at all.
public enum ClaudeMetaLine: Equatable, Sendable {
    case command(String)
    case output(String)
    case hidden

    /// What `text` shows as, or nil when it is not such a record.
    public static func parse(_ text: String) -> ClaudeMetaLine? {
        let trimmed = Substring(text).drop { $0.isWhitespace }
        guard trimmed.hasPrefix("<") else { return nil }
        if trimmed.hasPrefix("<local-command-caveat>") { return .hidden }
        if let name = inner(trimmed, "command-name") {
            let args = inner(trimmed, "command-args") ?? ""
            let command = (name.hasPrefix("/") ? name : "/" + name) + (args.isEmpty ? "" : " " + args)
            return .command(command)
        }
        if let input = inner(trimmed, "bash-input") { return .command("!" + input) }
        var outputs: [String] = []
        for tag in ["local-command-stdout", "local-command-stderr", "bash-stdout", "bash-stderr"] {
            if let body = inner(trimmed, tag), !body.isEmpty { outputs.append(body) }
        }
        if !outputs.isEmpty { return .output(outputs.joined(separator: "\n")) }
        let known = ["<local-command-stdout>", "<local-command-stderr>", "<bash-stdout>", "<bash-stderr>"]
        if known.contains(where: { trimmed.hasPrefix($0) }) { return .hidden }  // an empty output
        return nil
    }

    /// The text between `<tag>` and `</tag>`, trimmed of surrounding whitespace.
    static func inner(_ text: Substring, _ tag: String) -> String? {
        guard let open = text.firstRange(of: "<\(tag)>") else { return nil }
        let rest = text[open.upperBound...]
        guard let close = rest.firstRange(of: "</\(tag)>") else { return nil }
        let body = rest[..<close.lowerBound]
        let start = body.firstIndex { !$0.isWhitespace } ?? body.endIndex
        let end = body.lastIndex { !$0.isWhitespace }.map { body.index(after: $0) } ?? start
        return start < end ? String(body[start..<end]) : ""
    }
}
