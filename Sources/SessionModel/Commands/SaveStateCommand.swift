#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `save-state`: write the checkpoint (task list + git context) to `.claude/claude-state.json` and
/// `.claude/claude-progress.md`, optionally commit just those two files.
public enum SaveStateCommand {
    public static let stateFile = CheckpointFiles.state
    public static let progressFile = CheckpointFiles.progress
    public static let historyFolder = CheckpointFiles.historyFolder
    public static let historyLimit = 20
    public static let commitMessage = "chore: save session state"
    public static let historyIgnoreLine = ".claude/state-history/"
    public static let loadWith = "load-state"
    /// Words that, given alone as the notes, are a command someone meant to run (`help` prints the help).
    static let commandWords: Set<String> = ["status", "list", "show", "restore", "load", "version", "save"]

    public static var command: Command {
        Command(
            name: "save-state",
            abstract: "Save this session's task list and git context so the next session can load it.",
            discussion: """
                Writes .claude/claude-state.json and .claude/claude-progress.md in the project (the git top folder; \
                outside git give --repo-root). Without task options the tasks of the previous save are kept; without \
                notes its notes are kept (--notes '' clears them). A save that would silently drop unfinished tasks \
                of the previous save is refused (exit 1) unless --force is given; the previous state is kept in \
                .claude/state-history/ (gitignored) either way, and --restore brings a copy back. --commit makes no \
                commit when the tasks and notes are as committed.
                """,
            options: Options.self, run: { try run($0, $1) })
    }

    /// save-state's command line, read and checked before anything is read or written.
    struct Options: CommandOptions {
        static let notes = OptionSpec.value("notes", "text", "Notes for the next session (same as the NOTES argument).")
        static let completed = OptionSpec.repeated("completed", "task", "A completed task.")
        static let inProgress = OptionSpec.repeated("in-progress", "task", "A task in progress.")
        static let pending = OptionSpec.repeated("pending", "task", "A pending task (next step).")
        static let tasksJSON = OptionSpec.value(
            "tasks-json", "file",
            "Read the task list from a JSON file, or - for stdin (TodoWrite list, Claude task list, or {completed,in_progress,pending})."
        )
        static let fromAgent = OptionSpec.value(
            "from-agent", "agent",
            "Take the task list from the agent's own session (auto, \(AgentRegistry.names(AgentRegistry.standard.taskAgents)))."
        )
        static let commit = OptionSpec.flag(
            "commit", "Commit only the two state files (message 'chore: save session state').")
        static let force = OptionSpec.flag(
            "force", "Save even if unfinished tasks of the previous state would be dropped (they are listed).")
        static let restore = OptionSpec.flag(
            "restore",
            "List the copies in .claude/state-history/, or restore one: --restore N (1 = newest) or its file name.")
        static let dryRun = SharedOptions.dryRun(
            "Check everything and print what would be saved (and committed); write nothing.")
        static let options = [
            notes, completed, inProgress, pending, tasksJSON, fromAgent, commit, force, restore, SharedOptions.repoRoot,
            dryRun, SharedOptions.json,
        ]
        static let positionals = [
            PositionalSpec("notes", "Notes for the next session (with --restore: the copy to restore).")
        ]

        /// `--restore`: list the copies, or restore `copy` (the NOTES argument).
        var restore: Bool
        var copy: String?
        /// `--notes` or the NOTES argument; `-` reads them from stdin.
        var notes: String?
        var completed: [String]
        var inProgress: [String]
        var pending: [String]
        var tasksJSON: String?
        /// As given: `auto` or an agent (AgentTaskSource checks it against the project's sessions).
        var fromAgent: String?
        var commit: Bool
        var force: Bool
        var repoRoot: String?
        var dryRun: Bool
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            let usageLine = HelpFormatter.usageLine(command, path: ["save-state"])
            restore = parsed.flag(Self.restore)
            commit = parsed.flag(Self.commit)
            force = parsed.flag(Self.force)
            repoRoot = parsed.value(SharedOptions.repoRoot)
            dryRun = parsed.flag(Self.dryRun)
            json = parsed.flag(SharedOptions.json)
            completed = parsed.values(Self.completed)
            inProgress = parsed.values(Self.inProgress)
            pending = parsed.values(Self.pending)
            tasksJSON = parsed.value(Self.tasksJSON)
            fromAgent = parsed.value(Self.fromAgent)
            let taskOptions = [Self.completed, Self.inProgress, Self.pending]
            if restore {
                if let other = ([Self.notes, Self.tasksJSON, Self.fromAgent] + taskOptions).first(where: parsed.has)
                    ?? (commit ? Self.commit : nil)
                {
                    throw ToolError.usage("--restore cannot be combined with --\(other.long)", usage: usageLine)
                }
                copy = parsed.positionals.first
                notes = nil
                return
            }
            copy = nil
            // `save-state status` (a command word alone) is a mistyped command, not notes: say so instead of saving it.
            if parsed.positionals.count == 1, let word = parsed.positionals.first, commandWords.contains(word) {
                throw ToolError.usage(
                    "'\(word)' is not a save-state command", usage: usageLine,
                    hint: (word == "restore" ? "did you mean 'save-state --restore'? " : "")
                        + "to save it as the notes, use --notes \(word); see 'save-state --help'")
            }
            if parsed.value(Self.notes) != nil && !parsed.positionals.isEmpty {
                throw ToolError.usage("give the notes once: either the NOTES argument or --notes", usage: usageLine)
            }
            // Validate on write what is validated on read: a blank task title would make the file unreadable.
            for option in taskOptions
            where parsed.values(option).contains(where: { $0.trimmed(.whitespacesAndNewlines).isEmpty }) {
                throw ToolError.usage(
                    "missing value for '--\(option.long)'", usage: usageLine,
                    hint: "a task needs a title that is not blank")
            }
            notes = parsed.value(Self.notes) ?? parsed.positionals.first
        }
    }

    enum TaskSource: String { case flags, tasksJSON = "tasks-json", agent, previous, none }

    /// What a save did to the notes: kept when none were given (`--notes ''` clears them).
    enum NotesChange: String { case kept, replaced, added, cleared, none }

    static func run(_ options: Options, _ context: ToolContext) throws(ToolError) -> ExitCode {
        if options.restore { return try StateRestore.run(options, context) }
        var givenNotes = options.notes
        if givenNotes == "-" {
            givenNotes = String(decoding: context.stdin.readAll(timeout: nil) ?? [], as: UTF8.self)
        }
        let wantsCommit = options.commit
        let dryRun = options.dryRun
        let project = try Project.locateForState(context, repoRoot: options.repoRoot)

        // Everything that can fail on input is checked before anything is written.
        var newTasks: [TaskItem]? = nil
        var taskSource = TaskSource.none
        var sourceInfo: JSONValue? = nil
        if let agentName = options.fromAgent {
            let found = try AgentTaskSource.tasks(context, project: project, agent: agentName)
            newTasks = found.tasks
            sourceInfo = found.source
            taskSource = .agent
        }
        if let tasksFile = options.tasksJSON {
            let bytes: [UInt8]
            let name: String
            if tasksFile == "-" {
                bytes = context.stdin.readAll(timeout: nil) ?? []
                name = "<stdin>"
            } else {
                let path = context.absolute(tasksFile)
                guard let b = try core({ () throws(SessionError) in try AtomicFile.read(path, allowSpecial: true) })
                else {
                    throw ToolError(.noInput, "file does not exist", file: path)
                }
                bytes = b
                name = path
            }
            newTasks = merge(
                newTasks ?? [],
                try core { () throws(SessionError) in
                    try TaskListParser.parse(try JSONFile.parse(bytes, path: name), source: name)
                })
            taskSource = .tasksJSON
        }
        let flagged =
            options.completed.map { TaskItem(title: $0, status: .completed) }
            + options.inProgress.map { TaskItem(title: $0, status: .inProgress) }
            + options.pending.map { TaskItem(title: $0, status: .pending) }
        if !flagged.isEmpty {
            newTasks = merge(newTasks ?? [], flagged)
            taskSource = taskSource == .none ? .flags : taskSource
        }

        var gitNote: String? = nil
        var status = GitStatus(branch: nil, head: nil, changedFiles: [])
        var lastCommit: GitCommit? = nil
        var git: Git? = nil
        if let repo = project.git {
            let g = Git(context: context, directory: project.root)
            git = g
            if wantsCommit, let op = Git.operationInProgress(gitDirectory: repo.gitDirectory) {
                throw ToolError(
                    .failure, "\(op) is in progress; refusing to commit the state now",
                    hint: "finish or abort it, or save without --commit")
            }
            // Both queries at once (issue #17): status, and the anchor commit from HEAD's history.
            (status, lastCommit) = try core { () throws(SessionError) in
                try g.status(alongside: { () throws(SessionError) in try StateAnchor.anchor(g) })
            }
        } else {
            if wantsCommit {
                throw ToolError(
                    .failure, "not a git repository, so --commit cannot commit", hint: "save without --commit",
                    file: project.root)
            }
            gitNote = "not a git repository: git context left empty"
        }

        let statePath = try core { () throws(SessionError) in try project.writablePath(stateFile) }
        let progressPath = try core { () throws(SessionError) in try project.writablePath(progressFile) }
        // A dry run takes no lock (the lock file would be a write) and leaves a killed --commit for the next save.
        let lock =
            dryRun
            ? nil
            : try core { () throws(SessionError) in
                try FileLock.acquire(for: statePath, timeout: FileLock.timeout(environment: context.environment))
            }
        defer { lock?.release() }
        // A --commit killed earlier is finished (or undone) before anything else.
        if !dryRun, let git, let repo = project.git { StateCommit.recover(git: git, repository: repo) }

        let oldBytes = try core { () throws(SessionError) in try AtomicFile.read(statePath) }
        let oldState: SessionState? = try oldBytes.map { bytes throws(ToolError) in
            try StateRestore.readable(project: project) { () throws(ToolError) in
                try core { () throws(SessionError) in
                    try SessionState(json: try JSONFile.parse(bytes, path: statePath), file: statePath)
                }
            }
        }
        let notes: String?
        let notesChange: NotesChange
        if let given = givenNotes {
            let blank = given.trimmed(.whitespacesAndNewlines).isEmpty
            notes = blank ? nil : given
            if blank {
                notesChange = oldState?.notes == nil ? .none : .cleared
            } else if let old = oldState?.notes {
                notesChange = old == given ? .kept : .replaced
            } else {
                notesChange = .added
            }
        } else {
            notes = oldState?.notes
            notesChange = notes == nil ? .none : .kept
        }
        let tasks: [TaskItem]
        if let newTasks {
            tasks = newTasks
        } else if let oldState {
            tasks = oldState.tasks
            taskSource = .previous
        } else {
            tasks = []
        }
        let dropped = oldState.map { StateRules.droppedTasks(old: $0, new: tasks) } ?? []
        if !options.force {
            if !dropped.isEmpty {
                let names = dropped.map { "\"\($0.title)\"" }.joined(separator: ", ")
                throw ToolError(
                    .failure,
                    "refusing to drop \(dropped.count) unfinished task\(dropped.count == 1 ? "" : "s") of the previous save: \(names)",
                    hint: "include them (e.g. --pending or --completed), or pass --force to drop them",
                    file: statePath,
                    details: [
                        "dropped": .array(
                            dropped.map { ["content": .string($0.title), "status": .string($0.status.word)] })
                    ])
            }
        }

        let own: Set<String> = [stateFile, progressFile, ".claude/"]
        let modified = status.changedFiles.filter {
            !own.contains($0) && !$0.hasPrefix(historyFolder + "/") && !$0.hasSuffix(".lock")
        }
        var redactions = RedactionCounts()
        var state = CommittedRedaction.redact(
            SessionState(
                timestamp: Timestamps.iso8601(context.now), tasks: tasks, branch: status.branch,
                lastCommit: lastCommit?.hash, lastCommitMessage: lastCommit?.subject, modifiedFiles: modified,
                notes: notes, git: project.git != nil,
                source: sourceInfo ?? (taskSource == .previous ? oldState?.source : nil)),
            counts: &redactions)
        if let line = CommittedRedaction.report(context.tool, redactions) { context.stderr.line(line) }
        state.keepUnknownKeys(of: oldState)
        let newBytes = JSONWriter.pretty(state.json)
        let progressText = ProgressRenderer.render(state)
        try core { () throws(SessionError) in
            try CommittedRedaction.verify([newBytes, Array(progressText.utf8)], what: "the state to save")
        }

        // A --commit whose tasks and notes are as committed makes no commit; when the files are the committed ones,
        // nothing is written either, so the tree stays clean.
        var commitNote: String? = nil
        var written = true
        if wantsCommit, let git, status.head != nil,
            let committed = try core({ () throws(SessionError) in try StateAnchor.committedBytes(git, stateFile) }),
            // ignored: a committed state that does not parse is not this one, so the commit is made
            let committedState = try? SessionState(
                json: try JSONFile.parse(committed, path: statePath), file: statePath),
            committedState.tasks == state.tasks, committedState.notes == state.notes
        {
            commitNote = "nothing to commit: the tasks and notes are as committed; no commit made"
            if oldBytes == committed { written = false }
        }

        if dryRun {
            return dryRunReport(
                context, json: options.json, statePath: statePath, wouldWrite: written && oldBytes != newBytes,
                wouldCommit: wantsCommit && commitNote == nil && project.git != nil, state: state,
                notesChange: notesChange, dropped: dropped)
        }
        var historyPath: String? = nil
        var ignoreNote: String? = nil
        var addedIgnore = false
        if written {
            if let oldBytes, oldBytes != newBytes {
                historyPath = try keepHistory(oldBytes, project: project, oldState: oldState, now: context.now)
                if let git {
                    addedIgnore = try ignoreHistory(context, git: git, project: project)
                    if addedIgnore {
                        ignoreNote = "Added '\(historyIgnoreLine)' to .gitignore (the copies stay on this machine)"
                    }
                }
            }
            try core { () throws(SessionError) in try AtomicFile.write(newBytes, to: statePath) }
            try core { () throws(SessionError) in try AtomicFile.write(progressText, to: progressPath) }
        }

        var commit: GitCommit? = nil
        if wantsCommit, commitNote == nil, let git, let repo = project.git {
            // The ignore line just added goes into the same commit when .gitignore had no other change.
            let ignoreToo = addedIgnore && !status.changedFiles.contains(".gitignore")
            let result = try core { () throws(SessionError) in
                try StateCommit.commit(
                    git: git, repository: repo, root: project.root,
                    paths: [stateFile, progressFile] + (ignoreToo ? [".gitignore"] : []), message: commitMessage,
                    head: status.head)
            }
            commit = result
            if result == nil { commitNote = "nothing to commit: the files equal HEAD's; no commit made" }
        }

        SaveReport(
            statePath: statePath, progressPath: progressPath, state: state, modified: modified.count,
            git: project.git != nil, status: status, taskSource: taskSource, historyPath: historyPath, commit: commit,
            notesChange: notesChange, written: written, dropped: dropped, ignoreNote: ignoreNote,
            commitNote: commitNote, gitNote: gitNote, sourceInfo: sourceInfo
        ).write(context, json: options.json)
        return .ok
    }

    /// What a save did: the files, the task counts, where the tasks and notes came from, the commit.
    struct SaveReport: CommandReport {
        var statePath: String
        var progressPath: String
        var state: SessionState
        /// Files changed in the work tree (the state files left out).
        var modified: Int
        var git: Bool
        var status: GitStatus
        var taskSource: TaskSource
        var historyPath: String?
        var commit: GitCommit?
        var notesChange: NotesChange
        /// False when the files were left as committed (nothing to write).
        var written: Bool
        var dropped: [TaskItem]
        var ignoreNote: String?
        var commitNote: String?
        var gitNote: String?
        var sourceInfo: JSONValue?

        var counts: [String: Int] {
            [
                "completed": state.tasks(.completed).count, "in_progress": state.tasks(.inProgress).count,
                "pending": state.tasks(.pending).count, "other": state.otherTasks.count,
            ]
        }

        var json: JSONValue {
            var out: [String: JSONValue] = [
                "ok": true,
                "state_file": .string(statePath),
                "progress_file": .string(progressPath),
                "counts": .object(counts.mapValues { .int($0) }),
                "uncommitted_files": .int(modified),
                "git": .bool(git),
                "branch": status.branch.map { .string($0) } ?? .null,
                "detached": .bool(status.detached),
                "tasks_source": .string(taskSource.rawValue),
                "history_file": historyPath.map { .string($0) } ?? .null,
                "commit": commit.map { ["hash": .string($0.hash), "message": .string($0.subject)] } ?? .null,
                "load_with": .string(loadWith),
                "notes": .string(notesChange.rawValue),
                "written": .bool(written),
                "dropped": droppedJSON(dropped),
            ]
            if let ignoreNote { out["gitignore"] = .string(ignoreNote) }
            if let commitNote { out["commit_note"] = .string(commitNote) }
            if let gitNote { out["note"] = .string(gitNote) }
            if let sourceInfo { out["source"] = sourceInfo }
            return .object(out)
        }

        func text(_ context: ToolContext) -> String {
            let counts = counts
            var lines = [
                written ? "Saved session state:" : "Session state unchanged (as committed):",
                "  \(Paths.relative(statePath, to: context.workingDirectory))",
                "  \(Paths.relative(progressPath, to: context.workingDirectory))",
            ]
            var countLine =
                "Completed: \(counts["completed"]!)  In progress: \(counts["in_progress"]!)  Pending: \(counts["pending"]!)"
            if counts["other"]! > 0 {
                let words = Dictionary(grouping: state.otherTasks, by: { $0.status.word }).map {
                    "\($0.key): \($0.value.count)"
                }.sorted()
                countLine += "  Other: \(counts["other"]!) (\(words.joined(separator: ", ")))"
            }
            lines.append(countLine)
            if taskSource == .previous { lines.append("Tasks: kept from the previous save") }
            if !dropped.isEmpty {
                lines.append(
                    "Dropped (--force): "
                        + dropped.map { "\"\($0.title)\" (\($0.status.word))" }.joined(separator: ", "))
            }
            lines.append("Notes: \(notesChange.rawValue)")
            if let sourceInfo, let agent = sourceInfo["agent"]?.stringValue {
                lines.append("Tasks: from \(agent) session \(sourceInfo["session_id"]?.stringValue ?? "?")")
            }
            if let gitNote {
                lines.append("Note: \(gitNote)")
            } else {
                if status.detached { lines.append("Note: HEAD is detached at \(status.head!.prefix(7))") }
                lines.append("Uncommitted files: \(modified)")
            }
            if let commit {
                lines.append(
                    "Committed: \(commit.shortHash) \(commit.subject)" + (status.detached ? " (on detached HEAD)" : ""))
            }
            if let commitNote { lines.append("Commit: \(commitNote)") }
            if let historyPath {
                lines.append("Previous state kept in \(Paths.relative(historyPath, to: context.workingDirectory))")
            }
            if let ignoreNote { lines.append(ignoreNote) }
            lines.append("Load with: \(loadWith) (or /load in your agent)")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Dropped tasks as the JSON reports list them.
    static func droppedJSON(_ dropped: [TaskItem]) -> JSONValue {
        .array(dropped.map { ["content": .string($0.title), "status": .string($0.status.word)] })
    }

    /// What `--dry-run` prints: the save that would be made, nothing written.
    static func dryRunReport(
        _ context: ToolContext, json: Bool, statePath: String, wouldWrite: Bool, wouldCommit: Bool,
        state: SessionState, notesChange: NotesChange, dropped: [TaskItem]
    ) -> ExitCode {
        DryRunReport(
            statePath: statePath, wouldWrite: wouldWrite, wouldCommit: wouldCommit, state: state,
            notesChange: notesChange, dropped: dropped
        ).write(context, json: json)
        return .ok
    }

    /// The save a dry run would make.
    struct DryRunReport: CommandReport {
        var statePath: String
        var wouldWrite: Bool
        var wouldCommit: Bool
        var state: SessionState
        var notesChange: NotesChange
        var dropped: [TaskItem]

        var json: JSONValue {
            [
                "ok": true, "dry_run": true, "state_file": .string(statePath), "would_write": .bool(wouldWrite),
                "would_commit": .bool(wouldCommit), "notes": .string(notesChange.rawValue),
                "counts": [
                    "completed": .int(state.tasks(.completed).count),
                    "in_progress": .int(state.tasks(.inProgress).count),
                    "pending": .int(state.tasks(.pending).count), "other": .int(state.otherTasks.count),
                ],
                "dropped": droppedJSON(dropped),
            ]
        }

        func text(_ context: ToolContext) -> String {
            var lines = [
                (wouldWrite ? "Dry run: would save " : "Dry run: nothing to save in ")
                    + Paths.relative(statePath, to: context.workingDirectory) + " (nothing written)",
                "Completed: \(state.tasks(.completed).count)  In progress: \(state.tasks(.inProgress).count)  "
                    + "Pending: \(state.tasks(.pending).count)",
                "Notes: \(notesChange.rawValue)",
            ]
            if !dropped.isEmpty {
                lines.append("Would drop (--force): " + dropped.map { "\"\($0.title)\"" }.joined(separator: ", "))
            }
            if wouldCommit { lines.append("Would commit the state files") }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Tasks of `base` updated by `overrides` (same title → the override's status), in order.
    static func merge(_ base: [TaskItem], _ overrides: [TaskItem]) -> [TaskItem] {
        var result = base
        for t in overrides {
            if let i = result.firstIndex(where: { TaskItem.key($0.title) == TaskItem.key(t.title) }) {
                result[i].status = t.status
                if t.notes != nil { result[i].notes = t.notes }
            } else {
                result.append(t)
            }
        }
        return result
    }

    /// Copies the previous state into `.claude/state-history/`, keeping the newest `historyLimit`.
    /// A state that cannot be read (no timestamp of its own) is named by the time it was put aside.
    static func keepHistory(_ bytes: [UInt8], project: Project, oldState: SessionState?, now: Date) throws(ToolError)
        -> String
    {
        let folder = try core { () throws(SessionError) in try project.writableFolder(historyFolder) }
        try core { () throws(SessionError) in try FileInfo.makeDirectory(folder) }
        var stamp = (oldState?.timestamp ?? "").filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        if stamp.isEmpty { stamp = Timestamps.iso8601(now).filter { $0.isNumber || $0 == "T" || $0 == "Z" } }
        var name = "claude-state-\(stamp).json"
        var n = 2
        while FileInfo.exists(folder + "/" + name) {
            name = "claude-state-\(stamp)-\(n).json"
            n += 1
        }
        let path = folder + "/" + name
        try core { () throws(SessionError) in try AtomicFile.write(bytes, to: path) }
        let kept = FileInfo.list(folder).filter { $0.hasPrefix("claude-state-") && $0.hasSuffix(".json") }.sorted()
        for old in kept.dropLast(historyLimit) { _ = unlinkFile(folder + "/" + old) }
        return path
    }

    /// Makes git ignore the history folder: adds the line to .gitignore once, unless something ignores it already.
    /// True when the line was added.
    static func ignoreHistory(_ context: ToolContext, git: Git, project: Project) throws(ToolError) -> Bool {
        let probe = historyFolder + "/claude-state-x.json"
        if try core({ () throws(SessionError) in try StateAnchor.isIgnored(git, probe) }) { return false }
        return try LineFile.ensure(
            context, path: try core { () throws(SessionError) in try project.writablePath(".gitignore") },
            line: historyIgnoreLine)
    }

    @discardableResult
    static func unlinkFile(_ path: String) -> Bool {
        // ignored: the caller asks only whether the file was removed
        (try? FileManager.default.removeItem(atPath: path)) != nil
    }
}
