import Foundation

/// `save-state`: write the checkpoint (task list + git context) to `.claude/claude-state.json` and
/// `.claude/claude-progress.md`, optionally commit just those two files.
public enum SaveStateCommand {
    public static let stateFile = ".claude/claude-state.json"
    public static let progressFile = ".claude/claude-progress.md"
    public static let historyFolder = ".claude/state-history"
    public static let historyLimit = 20
    public static let commitMessage = "chore: save session state"

    public static var command: Command {
        Command(
            name: "save-state",
            abstract: "Save this session's task list and git context so the next session can load it.",
            discussion: """
                Writes .claude/claude-state.json and .claude/claude-progress.md in the project. Without task options \
                the tasks of the previous save are kept. A save that would silently drop unfinished tasks of the \
                previous save is refused (exit 1) unless --force is given; the previous state is kept in \
                .claude/state-history/ either way.
                """,
            options: [
                .value("notes", "text", "Notes for the next session (same as the NOTES argument)."),
                .repeated("completed", "task", "A completed task."),
                .repeated("in-progress", "task", "A task in progress."),
                .repeated("pending", "task", "A pending task (next step)."),
                .value(
                    "tasks-json", "file",
                    "Read the task list from a JSON file, or - for stdin (TodoWrite list, Claude task list, or {completed,in_progress,pending})."
                ),
                .value(
                    "from-agent", "agent",
                    "Take the task list from the agent's own session (auto, claude, codex, gemini, opencode, copilot)."),
                .flag("commit", "Commit only the two state files (message 'chore: save session state')."),
                .flag("force", "Save even if unfinished tasks of the previous state would be dropped."),
                .value(
                    "repo-root", "dir", "The project folder (default: the git top folder of the working directory)."),
                .flag("json", "Print the result as JSON."),
            ],
            positionals: [PositionalSpec("notes", "Notes for the next session.")],
            action: { parsed, context in try run(parsed, context) })
    }

    enum TaskSource: String { case flags, tasksJSON = "tasks-json", agent, previous, none }

    static func run(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) -> ExitCode {
        if parsed.value("notes") != nil && !parsed.positionals.isEmpty {
            throw ToolError.usage(
                "give the notes once: either the NOTES argument or --notes",
                usage: HelpFormatter.usageLine(command, path: ["save-state"]))
        }
        var notes = parsed.value("notes") ?? parsed.positionals.first
        if notes == "-" { notes = String(decoding: context.stdin.readAll(timeout: nil) ?? [], as: UTF8.self) }
        if let n = notes, n.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { notes = nil }
        let wantsCommit = parsed.flag("commit")
        let project = try Project.locate(context, repoRoot: parsed.value("repo-root"))

        // Everything that can fail on input is checked before anything is written.
        var newTasks: [TaskItem]? = nil
        var taskSource = TaskSource.none
        var sourceInfo: JSONValue? = nil
        if let agentName = parsed.value("from-agent") {
            let found = try AgentTaskSource.tasks(context, project: project, agent: agentName)
            newTasks = found.tasks
            sourceInfo = found.source
            taskSource = .agent
        }
        if let tasksFile = parsed.value("tasks-json") {
            let bytes: [UInt8]
            let name: String
            if tasksFile == "-" {
                bytes = context.stdin.readAll(timeout: nil) ?? []
                name = "<stdin>"
            } else {
                let path = context.absolute(tasksFile)
                guard let b = try AtomicFile.read(path, allowSpecial: true) else {
                    throw ToolError(.noInput, "file does not exist", file: path)
                }
                bytes = b
                name = path
            }
            newTasks = merge(
                newTasks ?? [], try TaskListParser.parse(try JSONFile.parse(bytes, path: name), source: name))
            taskSource = .tasksJSON
        }
        let flagged =
            parsed.values("completed").map { TaskItem(title: $0, status: .completed) }
            + parsed.values("in-progress").map { TaskItem(title: $0, status: .inProgress) }
            + parsed.values("pending").map { TaskItem(title: $0, status: .pending) }
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
            status = try g.status()
            if status.head != nil { lastCommit = try g.lastCommit() }
        } else {
            if wantsCommit {
                throw ToolError(
                    .failure, "not a git repository, so --commit cannot commit", hint: "save without --commit",
                    file: project.root)
            }
            gitNote = "not a git repository: git context left empty"
        }

        let statePath = project.path(stateFile)
        let progressPath = project.path(progressFile)
        let lock = try FileLock.acquire(for: statePath, timeout: FileLock.timeout(environment: context.environment))
        defer { lock.release() }

        let oldBytes = try AtomicFile.read(statePath)
        let oldState: SessionState? = try oldBytes.map { bytes throws(ToolError) in
            try SessionState(json: try JSONFile.parse(bytes, path: statePath), file: statePath)
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
        if let oldState, !parsed.flag("force") {
            let dropped = StateRules.droppedTasks(old: oldState, new: tasks)
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
        let state = CommittedRedaction.redact(
            SessionState(
                timestamp: Timestamps.iso8601(context.now), tasks: tasks, branch: status.branch,
                lastCommit: lastCommit?.hash, lastCommitMessage: lastCommit?.subject, modifiedFiles: modified,
                notes: notes, git: project.git != nil,
                source: sourceInfo ?? (taskSource == .previous ? oldState?.source : nil)),
            counts: &redactions)
        if let line = CommittedRedaction.report(context.tool, redactions) { context.stderr.line(line) }
        let newBytes = JSONWriter.pretty(state.json)

        var historyPath: String? = nil
        if let oldBytes, oldBytes != newBytes {
            historyPath = try keepHistory(oldBytes, project: project, oldState: oldState)
        }
        try AtomicFile.write(newBytes, to: statePath)
        try AtomicFile.write(ProgressRenderer.render(state), to: progressPath)

        var commit: GitCommit? = nil
        var commitNote: String? = nil
        if wantsCommit, let git, let repo = project.git {
            let result = try StateCommit.commit(
                git: git, repository: repo, root: project.root,
                paths: [stateFile, progressFile], message: commitMessage,
                head: status.head)
            commit = result
            if result == nil { commitNote = "nothing changed since the last commit; no commit made" }
        }

        let counts: [String: Int] = [
            "completed": state.tasks(.completed).count, "in_progress": state.tasks(.inProgress).count,
            "pending": state.tasks(.pending).count, "other": state.otherTasks.count,
        ]
        if parsed.flag("json") {
            var out: [String: JSONValue] = [
                "ok": true,
                "state_file": .string(statePath),
                "progress_file": .string(progressPath),
                "counts": .object(counts.mapValues { .int($0) }),
                "uncommitted_files": .int(modified.count),
                "git": .bool(project.git != nil),
                "branch": status.branch.map { .string($0) } ?? .null,
                "detached": .bool(status.detached),
                "tasks_source": .string(taskSource.rawValue),
                "history_file": historyPath.map { .string($0) } ?? .null,
                "commit": commit.map { ["hash": .string($0.hash), "message": .string($0.subject)] } ?? .null,
                "load_with": "/load",
            ]
            if let commitNote { out["commit_note"] = .string(commitNote) }
            if let gitNote { out["note"] = .string(gitNote) }
            if let sourceInfo { out["source"] = sourceInfo }
            context.stdout.write(JSONWriter.pretty(.object(out)))
        } else {
            var lines = [
                "Saved session state:", "  \(Paths.relative(statePath, to: context.workingDirectory))",
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
            if let sourceInfo, let agent = sourceInfo["agent"]?.stringValue {
                lines.append("Tasks: from \(agent) session \(sourceInfo["session_id"]?.stringValue ?? "?")")
            }
            if let gitNote {
                lines.append("Note: \(gitNote)")
            } else {
                if status.detached { lines.append("Note: HEAD is detached at \(status.head!.prefix(7))") }
                lines.append("Uncommitted files: \(modified.count)")
            }
            if let commit {
                lines.append(
                    "Committed: \(commit.shortHash) \(commit.subject)" + (status.detached ? " (on detached HEAD)" : ""))
            }
            if let commitNote { lines.append("Commit: \(commitNote)") }
            if let historyPath {
                lines.append("Previous state kept in \(Paths.relative(historyPath, to: context.workingDirectory))")
            }
            lines.append("Load with: /load")
            context.stdout.write(lines.joined(separator: "\n") + "\n")
        }
        return .ok
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
    static func keepHistory(_ bytes: [UInt8], project: Project, oldState: SessionState?) throws(ToolError) -> String {
        let folder = project.path(historyFolder)
        try FileInfo.makeDirectory(folder)
        var stamp = (oldState?.timestamp ?? "").filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        if stamp.isEmpty { stamp = "unknown" }
        var name = "claude-state-\(stamp).json"
        var n = 2
        while FileInfo.exists(folder + "/" + name) {
            name = "claude-state-\(stamp)-\(n).json"
            n += 1
        }
        let path = folder + "/" + name
        try AtomicFile.write(bytes, to: path)
        let kept = FileInfo.list(folder).filter { $0.hasPrefix("claude-state-") && $0.hasSuffix(".json") }.sorted()
        for old in kept.dropLast(historyLimit) { _ = unlinkFile(folder + "/" + old) }
        return path
    }

    @discardableResult
    static func unlinkFile(_ path: String) -> Bool {
        (try? FileManager.default.removeItem(atPath: path)) != nil
    }
}
