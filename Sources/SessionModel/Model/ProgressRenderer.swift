/// `.claude/claude-progress.md`: the same checkpoint for a person to read.
public enum ProgressRenderer {
    public static func render(_ state: SessionState) -> String {
        var out = "# Session Progress\n\n"
        out += "**Last Updated**: \(state.timestamp)\n"
        out += "**Branch**: \(branchLabel(state))\n"

        out += "\n## Completed\n"
        out += list(state.tasks(.completed)) { "- [x] \(inline($0.title))" }
        out += "\n## In Progress\n"
        out += list(state.tasks(.inProgress)) { t in
            var line = "- [ ] \(inline(t.title))"
            if let notes = t.notes { line += "\n  - Notes: \(inline(notes))" }
            return line
        }
        out += "\n## Next Steps\n"
        out += list(state.tasks(.pending)) { t in
            var line = "- \(inline(t.title))"
            if let notes = t.notes { line += "\n  - Notes: \(inline(notes))" }
            return line
        }
        let others = state.otherTasks
        if !others.isEmpty {
            out += "\n## Other\n"
            out += list(others) { "- [-] \(inline($0.title)) (\(inline($0.status.word)))" }
        }
        out += "\n## Context\n"
        if state.git {
            if let commit = state.lastCommit {
                let short = String(commit.prefix(7))
                out += "- Last commit: \(short) \"\(inline(state.lastCommitMessage ?? ""))\"\n"
            } else {
                out += "- Last commit: none yet\n"
            }
            let n = state.modifiedFiles.count
            out += "- Uncommitted: \(n) \(n == 1 ? "file" : "files")\n"
        } else {
            out += "- Not a git repository: no git context\n"
        }
        if let notes = state.notes, !notes.trimmed(.whitespacesAndNewlines).isEmpty {
            out += "\n## Notes\n"
            out += notes.trimmed(.whitespacesAndNewlines) + "\n"
        }
        return out
    }

    static func branchLabel(_ state: SessionState) -> String {
        if !state.git { return "(not a git repository)" }
        if let b = state.branch { return b }
        if let c = state.lastCommit { return "(detached at \(c.prefix(7)))" }
        return "(none)"
    }

    static func list(_ tasks: [TaskItem], _ line: (TaskItem) -> String) -> String {
        if tasks.isEmpty { return "- _none_\n" }
        return tasks.map(line).joined(separator: "\n") + "\n"
    }

    /// One line of Markdown: newlines folded to spaces.
    static func inline(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}
