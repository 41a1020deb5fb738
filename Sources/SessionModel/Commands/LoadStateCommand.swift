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
            options: Options.self, run: { try run($0, $1) })
    }

    /// What `load-state` prints, and where from.
    enum Format: String, CaseIterable { case markdown, json, todowrite }

    struct Options: CommandOptions {
        static let format = OptionSpec.value(
            "format", "format", "Output format.", choices: Format.allCases.map(\.rawValue))
        static let json = SharedOptions.json("Print JSON (same as --format json).")
        static let job = OptionSpec.value(
            "job", "id", "Print the whole context of a job from the session journal instead (see save-session --job).")
        static let hook = OptionSpec.value(
            "hook", "agent",
            "Run as the agent's SessionStart hook: read its payload on stdin, print the brief in that agent's context shape (\(AgentRegistry.names(AgentRegistry.standard.entries.filter(\.loadStateHook).map(\.kind)))), print nothing when nothing was saved, always exit 0."
        )
        static let options = [format, SharedOptions.repoRoot, json, job, hook]

        var format: Format
        var repoRoot: String?
        var job: String?
        /// The agent whose hook this run is; kept as given (a hook never fails, not even on a wrong name).
        var hook: String?

        init(_ parsed: ParsedArguments, _ context: ToolContext) {
            format =
                parsed.flag(Self.json)
                ? .json : (parsed.value(Self.format).flatMap(Format.init(rawValue:)) ?? .markdown)
            repoRoot = parsed.value(SharedOptions.repoRoot)
            job = parsed.value(Self.job)
            hook = parsed.value(Self.hook)
        }
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
        try load(context.agentEnvironment, project: project)
    }

    /// `load` in `environment` (the load-state hook's: the payload's folder, a bounded git).
    public static func load(_ environment: AgentEnvironment, project: Project) throws(ToolError) -> Loaded {
        let statePath = project.path(SaveStateCommand.stateFile)
        let state = try StateRestore.readable(project: project) { () throws(ToolError) -> SessionState? in
            guard let json = try core({ () throws(SessionError) in try JSONFile.read(statePath) }) else { return nil }
            return try core { () throws(SessionError) in try SessionState(json: json, file: statePath) }
        }
        guard let state else {
            throw ToolError(
                .noInput, "no saved state in this project", hint: "run save-state to create one",
                file: statePath)
        }
        return Loaded(
            project: project, statePath: statePath, state: state,
            changes: try changes(environment, project: project, state: state))
    }

    static func changes(_ environment: AgentEnvironment, project: Project, state: SessionState) throws(ToolError)
        -> StateChanges
    {
        guard project.git != nil else { return StateChanges(git: false) }
        let git = Git(environment: environment, directory: project.root)
        let status = try core { () throws(SessionError) in try git.status() }
        let own: Set<String> = [SaveStateCommand.stateFile, SaveStateCommand.progressFile, ".claude/"]
        var changes = StateChanges(
            git: true, currentBranch: status.branch, currentHead: status.head,
            modifiedNow: status.changedFiles.filter {
                !own.contains($0) && !$0.hasPrefix(SaveStateCommand.historyFolder + "/") && !$0.hasSuffix(".lock")
            })
        if let saved = state.lastCommit, let head = status.head, saved != head {
            // Commits that touch only the state files (save-state --commit) are not news.
            if let commits = try core({ () throws(SessionError) in
                try StateAnchor.workCommits(git, since: saved, limit: StateBrief.commitCap)
            }) {
                changes.moreCommits = commits.count > StateBrief.commitCap
                changes.commitsSince = Array(commits.prefix(StateBrief.commitCap))
                changes.headContainsSavedCommit = try core { () throws(SessionError) in try git.isAncestorOfHead(saved)
                }
            } else {
                changes.savedCommitMissing = true
                changes.headContainsSavedCommit = false
            }
        } else if state.lastCommit != nil && status.head == nil {
            changes.headContainsSavedCommit = false
        }
        return changes
    }

    static func run(_ options: Options, _ context: ToolContext) throws(ToolError) -> ExitCode {
        if let agent = options.hook {
            let payload = HookPayload.read(context, timeout: LoadStateHook.stdinTimeout)
            context.stdout.write(
                LoadStateHook.output(
                    agent: context.registry.entry(named: agent.lowercased()), payload: payload,
                    environment: context.agentEnvironment))
            return .ok
        }
        if let job = options.job {
            return try JobContext.print(context, repoRoot: options.repoRoot, job: job, json: options.format == .json)
        }
        let loaded = try load(context, repoRoot: options.repoRoot)
        if options.format == .todowrite {
            let report = TodoWriteReport(state: loaded.state)
            report.write(context, json: false)
            if let note = report.note { context.stderr.line("load-state: " + note) }
            return .ok
        }
        loaded.write(context, json: options.format == .json)
        return .ok
    }
}

/// The brief: the saved state and what changed since, as markdown for the agent or as JSON.
extension LoadStateCommand.Loaded: CommandReport {
    public var json: JSONValue {
        [
            "ok": true,
            "state_file": .string(statePath),
            "state": state.json,
            "changes": changes.json(for: state),
        ]
    }

    public func text(_ context: ToolContext) -> String {
        StateBrief.markdown(state, changes: changes, now: context.now, budget: StateBrief.taskNotesBudget)
    }
}

extension LoadStateCommand {
    /// `--format todowrite`: the saved tasks as the TodoWrite tool's list. Its text is that JSON too (the agent pastes
    /// it); tasks of other statuses are left out, and `note` says how many.
    struct TodoWriteReport: CommandReport {
        var state: SessionState

        var json: JSONValue { StateBrief.todoWrite(state) }

        func text(_ context: ToolContext) -> String { String(decoding: JSONWriter.pretty(json), as: UTF8.self) }

        /// For stderr: how many tasks the list leaves out (nil: none).
        var note: String? {
            let others = state.otherTasks.count
            guard others > 0 else { return nil }
            return "\(others) task\(others == 1 ? "" : "s") with other statuses left out of the TodoWrite list"
        }
    }
}
