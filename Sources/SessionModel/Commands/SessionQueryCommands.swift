/// `export-session list|current|inspect`: what the session stores see, for people and for the contract tests.
///
/// JSON shapes (one object on stdout, sorted keys):
/// - `current`: `{"agent","session_id","rule","transcript_path"}` (`CurrentSession.json`).
/// - `list`: `{"sessions":[{"agent","id","path","project_path","started_at","updated_at","title","message_count"}]}`,
///   newest first.
/// - `inspect`: `{"agent","id","path","title","started_at","updated_at","messages":{"user","assistant","system"},
///   "tool_calls","tool_results","compactions","tasks":[{"title","status"}]|null,"skipped":{type:count},
///   "malformed":["path:line: reason"]}`.
public enum SessionQueryCommands {
    static let agentOption = OptionSpec.value(
        "agent", "name",
        "The agent (\(AgentRegistry.names(AgentRegistry.standard.kinds))); default: the one running us, else all."
    )

    /// `current` and `list`: which agent, which project, how to print.
    struct QueryOptions: CommandOptions {
        static let options = [agentOption, SharedOptions.repoRoot, SharedOptions.json]

        var agent: AgentKind?
        var repoRoot: String?
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            agent = try parsed.agent(agentOption, context)
            repoRoot = parsed.value(SharedOptions.repoRoot)
            json = parsed.flag(SharedOptions.json)
        }
    }

    /// `inspect [ID]`: the query options and the session (`<id>` or `--session`, once).
    struct InspectOptions: CommandOptions {
        static let session = OptionSpec.value("session", "id", "The session id or a unique prefix (same as <id>).")
        static let options = [agentOption, session, SharedOptions.repoRoot, SharedOptions.json]
        static let positionals = [
            PositionalSpec("id", "The session id or a unique prefix of it (default: the current session).")
        ]

        var agent: AgentKind?
        /// The session asked for; nil: the current one.
        var id: String?
        var repoRoot: String?
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            agent = try parsed.agent(agentOption, context)
            repoRoot = parsed.value(SharedOptions.repoRoot)
            if parsed.value(Self.session) != nil && !parsed.positionals.isEmpty {
                throw ToolError.usage("give the id once: as <id> or with --session")
            }
            id = parsed.positionals.first ?? parsed.value(Self.session)
            json = parsed.flag(SharedOptions.json)
        }
    }

    public static var current: Command {
        Command(
            name: "current",
            abstract: "Show which agent session is the current one, and which rule found it.",
            discussion: """
                Rules, in order: the agent's environment variable (CLAUDE_CODE_SESSION_ID, CODEX_THREAD_ID, …), a hook \
                payload on stdin (session_id, transcript_path), the newest session of this project. Exit 66 when none.
                """,
            options: QueryOptions.self, run: { try runCurrent($0, $1) })
    }

    public static var list: Command {
        Command(
            name: "list",
            abstract: "List the agent sessions of this project, newest first.",
            options: QueryOptions.self, run: { try runList($0, $1) })
    }

    public static var inspect: Command {
        Command(
            name: "inspect",
            abstract: "Read a session through the store and count what it holds (default: the current session).",
            options: InspectOptions.self, run: { try runInspect($0, $1) })
    }

    // MARK: current

    /// The current session, reading a hook payload from stdin only when no environment variable decides.
    static func findCurrent(_ context: ToolContext, projectPath: String, agent: AgentKind?) throws -> CurrentSession? {
        let env = context.environment
        let viaEnv = SessionDetector.sessionIDVariables(context.registry).contains { kind, variable in
            (agent == nil || agent == kind) && !(env[variable] ?? "").isEmpty
        }
        let payload = viaEnv ? nil : HookPayload.read(context, timeout: 0.3)
        return try SessionDetector.detect(
            context, projectPath: projectPath, agent: agent, explicitID: nil,
            hookPayload: payload)
    }

    static func noSession(_ agent: AgentKind?, project: String) -> ToolError {
        ToolError(
            .noInput, "no \(agent.map { "\($0.displayName) " } ?? "agent ")session found for \(project)",
            hint:
                "run it from inside the agent (it sets e.g. CLAUDE_CODE_SESSION_ID or CODEX_THREAD_ID), or pass --agent; the stores honour CLAUDE_CONFIG_DIR and CODEX_HOME"
        )
    }

    static func runCurrent(_ options: QueryOptions, _ context: ToolContext) throws -> ExitCode {
        let agent = options.agent
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        guard let current = try findCurrent(context, projectPath: project.root, agent: agent) else {
            throw noSession(agent, project: project.root)
        }
        CurrentReport(current: current).write(context, json: options.json)
        return .ok
    }

    /// `current`: the session and the rule that found it.
    struct CurrentReport: CommandReport {
        var current: CurrentSession

        var json: JSONValue { current.json }
        func text(_ context: ToolContext) -> String {
            "\(current.agent.rawValue) session \(current.id) (found by \(current.rule))\n"
        }
    }

    // MARK: list

    static func runList(_ options: QueryOptions, _ context: ToolContext) throws -> ExitCode {
        let agent = options.agent
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        var sessions: [SessionSummary] = []
        if let agent {
            sessions = try AgentStores.store(agent, context: context).sessions(projectPath: project.root)
        } else {
            for kind in context.registry.kinds {
                do {
                    sessions += try AgentStores.store(kind, context: context).sessions(projectPath: project.root)
                } catch {
                    context.stderr.line("\(context.tool): warning: cannot list \(kind.displayName) sessions: \(error)")
                }
            }
        }
        sessions.sort(by: SessionSummary.newestFirst)
        for i in sessions.indices { sessions[i].title = Redactor.redactedText(sessions[i].title) }
        ListReport(sessions: sessions, agent: agent, projectRoot: project.root).write(context, json: options.json)
        return .ok
    }

    /// `list`: the sessions, newest first (titles redacted).
    struct ListReport: CommandReport {
        var sessions: [SessionSummary]
        /// The agent asked for (nil: all), for the empty list's line.
        var agent: AgentKind?
        var projectRoot: String

        var json: JSONValue { ["sessions": .array(sessions.map(\.json))] }
        func text(_ context: ToolContext) -> String {
            if sessions.isEmpty { return "No \(agent.map { $0.displayName + " " } ?? "")sessions for \(projectRoot)\n" }
            return context.listText(
                ListTable(
                    headers: ["AGENT", "ID", "UPDATED", "TITLE"],
                    rows: sessions.map { s in
                        [s.agent.rawValue, s.id, s.updatedAt ?? s.startedAt ?? "-", s.title ?? ""]
                    }))
        }
    }

    // MARK: inspect

    /// What `inspect` counts while streaming a transcript.
    struct Counts {
        var user = 0
        var assistant = 0
        var system = 0
        var toolCalls = 0
        var toolResults = 0
        var compactions = 0
        var title: String?

        /// Main-thread messages only (sidechains are subagents). `user` counts prompts, not tool-result lines.
        /// `assistant` counts assistant messages as the agent's store reads them; one without text counts only when the
        /// agent's entry says so (`countsTextlessAssistantMessages`), else its tool calls count in `tool_calls` only.
        mutating func add(_ event: TranscriptEvent, countsTextless: Bool) {
            switch event {
            case .message(let m):
                guard !m.isSidechain else { return }
                toolCalls += m.toolCalls.count
                toolResults += m.toolResults.count
                switch m.role {
                case .user: if m.isPrompt { user += 1 }
                case .assistant:
                    if m.text.isEmpty && !countsTextless { break }
                    assistant += 1
                case .system: system += 1
                }
            case .compaction: compactions += 1
            case .title(let t): title = t
            }
        }
    }

    static func runInspect(_ options: InspectOptions, _ context: ToolContext) throws -> ExitCode {
        let agentOpt = options.agent
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        var store: any SessionStore
        var summary: SessionSummary?
        if let id = options.id {
            if let kind = agentOpt
                ?? SessionDetector.runningAgent(environment: context.environment, registry: context.registry)
            {
                store = AgentStores.store(kind, context: context)
                summary = try store.session(id: id)
            } else {
                store = AgentStores.store(context.registry.kinds[0], context: context)
                for kind in context.registry.kinds {
                    let s = AgentStores.store(kind, context: context)
                    // ignored: a store that cannot be read does not have the session; the next agent's store is asked
                    if let found = try? s.session(id: id) {
                        store = s
                        summary = found
                        break
                    }
                }
            }
            if summary == nil {
                let kinds = agentOpt.map { [$0] } ?? context.registry.kinds
                let lookup: StoreLookup = { AgentStores.store($0, context: context) }
                if let found = try SessionExporter.byPrefix(id, kinds: kinds, stores: lookup, projectPath: project.root)
                {
                    summary = found
                    store = lookup(found.agent)
                }
            }
            guard summary != nil else {
                throw ToolError(
                    .noInput, "no \(agentOpt.map { $0.displayName + " " } ?? "")session \(id)",
                    hint: agentOpt == nil ? "name the agent with --agent" : "looked in \(store.location)")
            }
        } else {
            guard let current = try findCurrent(context, projectPath: project.root, agent: agentOpt) else {
                throw noSession(agentOpt, project: project.root)
            }
            store = AgentStores.store(current.agent, context: context)
            summary = try current.summary ?? store.session(id: current.id)
            guard summary != nil else {
                throw ToolError(
                    .noInput,
                    "\(current.agent.displayName) session \(current.id) (found by \(current.rule)) is not in \(store.location)"
                )
            }
        }
        let session = summary!
        var counts = Counts()
        let countsTextless = context.registry.entry(session.agent)?.countsTextlessAssistantMessages ?? true
        let stats = try store.read(session) { counts.add($0, countsTextless: countsTextless) }
        let title = Redactor.redactedText(counts.title ?? session.title)
        let tasks = try store.tasks(session).map { list in
            list.map { t in
                var t = t
                t.title = Redactor.redactedText(t.title) ?? ""
                return t
            }
        }
        InspectReport(
            session: session, counts: counts, stats: stats, title: title, tasks: tasks,
            resume: store.resumeCommand(id: session.id)
        ).write(context, json: options.json)
        return .ok
    }

    /// `inspect`: what the store read in one session.
    struct InspectReport: CommandReport {
        var session: SessionSummary
        var counts: Counts
        var stats: ReadStats
        /// Redacted.
        var title: String?
        /// Redacted titles; nil when the agent keeps no task list.
        var tasks: [TaskItem]?
        var resume: String

        var json: JSONValue {
            func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
            return [
                "agent": .string(session.agent.rawValue), "id": .string(session.id), "path": .string(session.path),
                "title": opt(title), "started_at": opt(session.startedAt), "updated_at": opt(session.updatedAt),
                "messages": [
                    "user": .int(counts.user), "assistant": .int(counts.assistant), "system": .int(counts.system),
                ],
                "tool_calls": .int(counts.toolCalls), "tool_results": .int(counts.toolResults),
                "compactions": .int(counts.compactions),
                "tasks": tasks.map { list in
                    .array(list.map { ["title": .string($0.title), "status": .string($0.status.word)] })
                } ?? .null,
                "skipped": .object(stats.skipped.mapValues { .int($0) }), "malformed": .strings(stats.malformed),
            ]
        }

        func text(_ context: ToolContext) -> String {
            var lines = ["\(session.agent.displayName) session \(session.id)", "  file: \(session.path)"]
            if let title { lines.append("  title: \(title)") }
            lines.append("  messages: \(counts.user) prompts, \(counts.assistant) assistant, \(counts.system) system")
            lines.append(
                "  tool calls: \(counts.toolCalls), tool results: \(counts.toolResults), compactions: \(counts.compactions)"
            )
            if let tasks {
                lines.append("  tasks: \(tasks.count)")
                for t in tasks { lines.append("    [\(t.status.word)] \(t.title)") }
            } else {
                lines.append("  tasks: none kept")
            }
            if !stats.skipped.isEmpty {
                let parts = stats.skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                lines.append("  skipped records: " + parts.joined(separator: ", "))
            }
            for m in stats.malformed { lines.append("  malformed: \(m)") }
            lines.append("  resume: \(resume)")
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
