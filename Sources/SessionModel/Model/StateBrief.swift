#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What changed in the repository since a state was saved.
public struct StateChanges: Sendable, Equatable {
    /// Whether the folder is a git repository now.
    public var git: Bool
    public var currentBranch: String?
    public var currentHead: String?
    /// Commits in HEAD not in the saved commit, newest first (capped); `moreCommits` when there were more.
    public var commitsSince: [GitCommit]
    public var moreCommits: Bool
    /// False when HEAD no longer contains the saved commit (rebased, reset, other branch).
    public var headContainsSavedCommit: Bool
    /// The saved commit no longer exists in this repository.
    public var savedCommitMissing: Bool
    public var modifiedNow: [String]

    public init(
        git: Bool, currentBranch: String? = nil, currentHead: String? = nil, commitsSince: [GitCommit] = [],
        moreCommits: Bool = false, headContainsSavedCommit: Bool = true, savedCommitMissing: Bool = false,
        modifiedNow: [String] = []
    ) {
        self.git = git
        self.currentBranch = currentBranch
        self.currentHead = currentHead
        self.commitsSince = commitsSince
        self.moreCommits = moreCommits
        self.headContainsSavedCommit = headContainsSavedCommit
        self.savedCommitMissing = savedCommitMissing
        self.modifiedNow = modifiedNow
    }

    public func branchChanged(from state: SessionState) -> Bool {
        git && state.git && currentBranch != state.branch
    }

    public func newlyModified(since state: SessionState) -> [String] {
        let then = Set(state.modifiedFiles)
        return modifiedNow.filter { !then.contains($0) }
    }

    public func json(for state: SessionState) -> JSONValue {
        [
            "git": .bool(git),
            "branch": currentBranch.map { .string($0) } ?? .null,
            "head": currentHead.map { .string($0) } ?? .null,
            "branch_changed": .bool(branchChanged(from: state)),
            "commits_since": .array(commitsSince.map { ["hash": .string($0.hash), "subject": .string($0.subject)] }),
            "more_commits": .bool(moreCommits),
            "head_contains_saved_commit": .bool(headContainsSavedCommit),
            "saved_commit_missing": .bool(savedCommitMissing),
            "modified_files": .strings(modifiedNow),
            "newly_modified_files": .strings(newlyModified(since: state)),
        ]
    }
}

/// The Markdown brief `load-state` prints for the agent: short, since every line costs tokens.
public enum StateBrief {
    public static let commitCap = 10
    static let fileCap = 10

    /// The most bytes of tasks and notes load-state prints (about 8 KB); the rest is in the state files.
    public static let taskNotesBudget = 8 * 1024

    /// `budget`: at most this many bytes of tasks and notes; a line then says how much was left out and where it is.
    public static func markdown(_ state: SessionState, changes: StateChanges, now: Date, budget: Int? = nil) -> String {
        var out = "# Saved session state\n\n"
        var saved = "Saved \(state.timestamp)"
        if let date = Timestamps.parse(state.timestamp) { saved += " (\(age(now.timeIntervalSince(date))))" }
        if state.git {
            saved += " on branch \(state.branch.map { "`\($0)`" } ?? "(detached)")"
            if let c = state.lastCommit {
                saved += " at \(c.prefix(7))"
                if let m = state.lastCommitMessage { saved += " \"\(ProgressRenderer.inline(m))\"" }
            }
        } else {
            saved += " (no git context)"
        }
        out += saved + ".\n"

        var body = ""
        func section(_ title: String, _ tasks: [TaskItem], _ line: (TaskItem) -> String) {
            guard !tasks.isEmpty else { return }
            body += "\n## \(title)\n" + tasks.map(line).joined(separator: "\n") + "\n"
        }
        section("In progress", state.tasks(.inProgress)) { t in
            "- \(ProgressRenderer.inline(t.title))" + (t.notes.map { " — \(ProgressRenderer.inline($0))" } ?? "")
        }
        section("Pending", state.tasks(.pending)) { t in
            "- \(ProgressRenderer.inline(t.title))" + (t.notes.map { " — \(ProgressRenderer.inline($0))" } ?? "")
        }
        section("Completed", state.tasks(.completed)) { "- \(ProgressRenderer.inline($0.title))" }
        section("Other", state.otherTasks) { "- \(ProgressRenderer.inline($0.title)) (\($0.status.word))" }
        if state.tasks.isEmpty { body += "\nNo tasks were saved.\n" }
        if let notes = state.notes?.trimmed(.whitespacesAndNewlines), !notes.isEmpty {
            body += "\n## Notes\n\(notes)\n"
        }
        out += budget.map { cut(body, to: $0) } ?? body

        var since: [String] = []
        if !changes.git {
            if state.git { since.append("- This folder is no longer a git repository.") }
        } else {
            if changes.branchChanged(from: state) {
                since.append(
                    "- Branch is now \(changes.currentBranch.map { "`\($0)`" } ?? "detached") (saved on \(state.branch.map { "`\($0)`" } ?? "a detached HEAD"))."
                )
            }
            if changes.savedCommitMissing, let c = state.lastCommit {
                since.append("- The saved commit \(c.prefix(7)) no longer exists here.")
            } else if !changes.headContainsSavedCommit, let c = state.lastCommit {
                since.append(
                    "- HEAD no longer contains the saved commit \(c.prefix(7)) (rebased, reset or another branch).")
            }
            if !changes.commitsSince.isEmpty {
                let n = changes.commitsSince.count
                since.append(
                    "- \(changes.moreCommits ? "More than \(n)" : String(n)) new commit\(n == 1 && !changes.moreCommits ? "" : "s"):"
                )
                for c in changes.commitsSince {
                    since.append("  - \(c.shortHash) \(ProgressRenderer.inline(c.subject))")
                }
            }
            let newly = changes.newlyModified(since: state)
            if changes.modifiedNow.count != state.modifiedFiles.count || !newly.isEmpty {
                var line = "- Uncommitted files: \(changes.modifiedNow.count) now, \(state.modifiedFiles.count) at save"
                if !newly.isEmpty {
                    let shown = newly.prefix(fileCap).joined(separator: ", ")
                    line += "; new: \(shown)" + (newly.count > fileCap ? ", … (\(newly.count - fileCap) more)" : "")
                }
                since.append(line + ".")
            }
        }
        out += "\n## Since then\n"
        out += since.isEmpty ? "- Nothing changed in git.\n" : since.joined(separator: "\n") + "\n"
        return out
    }

    /// `text` cut at a line end within `budget` UTF-8 bytes, plus a line saying how much was left out and where it is.
    static func cut(_ text: String, to budget: Int) -> String {
        let total = text.utf8.count
        guard total > budget else { return text }
        var kept = 0
        var end = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let size = String(text[i]).utf8.count
            if kept + size > budget { break }
            kept += size
            i = text.index(after: i)
            if text[text.index(before: i)] == "\n" { end = i }
        }
        if end == text.startIndex { end = i }  // one long line: cut inside it
        let shown = String(text[..<end])
        let left = total - shown.utf8.count
        return shown + (shown.hasSuffix("\n") ? "" : "\n")
            + "\n… \(left) more bytes of tasks and notes not shown: they are in \(CheckpointFiles.progress) "
            + "(and \(CheckpointFiles.state); load-state --json prints all).\n"
    }

    /// "3 hours ago"-style age.
    public static func age(_ seconds: Double) -> String {
        if seconds < 0 { return "in the future" }
        let s = Int(seconds)
        if s < 60 { return "just now" }
        if s < 3600 { return plural(s / 60, "minute") + " ago" }
        if s < 86400 { return plural(s / 3600, "hour") + " ago" }
        return plural(s / 86400, "day") + " ago"
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// TodoWrite items, so the agent can recreate its todo list: completed, in progress, pending in order.
    public static func todoWrite(_ state: SessionState) -> JSONValue {
        let ordered = state.tasks(.completed) + state.tasks(.inProgress) + state.tasks(.pending)
        return .array(
            ordered.map { t in
                [
                    "content": .string(t.title), "status": .string(t.status.word),
                    "activeForm": .string(t.activeForm ?? t.title),
                ]
            })
    }
}
