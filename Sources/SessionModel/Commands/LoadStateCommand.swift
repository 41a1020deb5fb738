#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `load-state`: print the saved checkpoint and what changed since, for the agent starting a session.
public enum LoadStateCommand {
    public static var command: Command {
        Command(
            name: "load-state",
            abstract: "Load the saved session state and show what changed since it was saved.",
            discussion: "Reads .claude/claude-state.json in the project. Exit 66 when nothing was saved yet.",
            options: [
                .value("format", "format", "Output format.", choices: ["markdown", "json", "todowrite"]),
                .value(
                    "repo-root", "dir", "The project folder (default: the git top folder of the working directory)."),
                .flag("json", "Print JSON (same as --format json)."),
                .value(
                    "job", "id",
                    "Print the whole context of a job from the session journal instead (see save-session --job)."),
                .value(
                    "hook", "agent",
                    "Run as the agent's SessionStart hook: read its payload on stdin, print the brief in that agent's context shape (\(AgentRegistry.names(AgentRegistry.standard.entries.filter(\.loadStateHook).map(\.kind)))), print nothing when nothing was saved, always exit 0."
                ),
            ],
            action: { parsed, context in try run(parsed, context) })
    }

    public struct Loaded: Sendable {
        public var project: Project
        public var statePath: String
        public var state: SessionState
        public var changes: StateChanges
    }

    /// Reads the state and compares it with the repository now. Missing → 66, corrupt → 65.
    public static func load(_ context: ToolContext, repoRoot: String?) throws(ToolError) -> Loaded {
        try load(context, project: try Project.locateForState(context, repoRoot: repoRoot))
    }

    /// Reads the state of `project`. A state that cannot be read → 65 ending with the way back (save-state --restore).
    public static func load(_ context: ToolContext, project: Project) throws(ToolError) -> Loaded {
        let statePath = project.path(SaveStateCommand.stateFile)
        let state = try StateRestore.readable(project: project) { () throws(ToolError) -> SessionState? in
            guard let json = try JSONFile.read(statePath) else { return nil }
            return try SessionState(json: json, file: statePath)
        }
        guard let state else {
            throw ToolError(
                .noInput, "no saved state in this project", hint: "run save-state to create one",
                file: statePath)
        }
        return Loaded(
            project: project, statePath: statePath, state: state,
            changes: try changes(context, project: project, state: state))
    }

    static func changes(_ context: ToolContext, project: Project, state: SessionState) throws(ToolError) -> StateChanges
    {
        guard project.git != nil else { return StateChanges(git: false) }
        let git = Git(context: context, directory: project.root)
        let status = try git.status()
        let own: Set<String> = [SaveStateCommand.stateFile, SaveStateCommand.progressFile, ".claude/"]
        var changes = StateChanges(
            git: true, currentBranch: status.branch, currentHead: status.head,
            modifiedNow: status.changedFiles.filter {
                !own.contains($0) && !$0.hasPrefix(SaveStateCommand.historyFolder + "/") && !$0.hasSuffix(".lock")
            })
        if let saved = state.lastCommit, let head = status.head, saved != head {
            // Commits that touch only the state files (save-state --commit) are not news.
            if let commits = try StateAnchor.workCommits(git, since: saved, limit: StateBrief.commitCap) {
                changes.moreCommits = commits.count > StateBrief.commitCap
                changes.commitsSince = Array(commits.prefix(StateBrief.commitCap))
                changes.headContainsSavedCommit = try git.isAncestorOfHead(saved)
            } else {
                changes.savedCommitMissing = true
                changes.headContainsSavedCommit = false
            }
        } else if state.lastCommit != nil && status.head == nil {
            changes.headContainsSavedCommit = false
        }
        return changes
    }

    static func run(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) -> ExitCode {
        if let agent = parsed.value("hook") {
            return LoadStateHook.run(agent: context.registry.entry(named: agent.lowercased()), context)
        }
        let format = parsed.flag("json") ? "json" : (parsed.value("format") ?? "markdown")
        if let job = parsed.value("job") {
            return try JobContext.print(context, repoRoot: parsed.value("repo-root"), job: job, json: format == "json")
        }
        let loaded = try load(context, repoRoot: parsed.value("repo-root"))
        switch format {
        case "json":
            let out: JSONValue = [
                "ok": true,
                "state_file": .string(loaded.statePath),
                "state": loaded.state.json,
                "changes": loaded.changes.json(for: loaded.state),
            ]
            context.stdout.write(JSONWriter.pretty(out))
        case "todowrite":
            context.stdout.write(JSONWriter.pretty(StateBrief.todoWrite(loaded.state)))
            let others = loaded.state.otherTasks.count
            if others > 0 {
                context.stderr.line(
                    "load-state: \(others) task\(others == 1 ? "" : "s") with other statuses left out of the TodoWrite list"
                )
            }
        default:
            context.stdout.write(
                StateBrief.markdown(
                    loaded.state, changes: loaded.changes, now: context.now, budget: StateBrief.taskNotesBudget))
        }
        return .ok
    }
}
