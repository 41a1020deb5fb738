/// Where `save-state --from-agent` takes its task list from: the agent's own session store.
public enum AgentTaskSource {
    public struct Found: Sendable {
        public var tasks: [TaskItem]
        /// `{"agent","session_id","rule"}` recorded in the state.
        public var source: JSONValue
    }

    /// `agent` is `auto` (the running agent, else the newest session of any agent in this project) or an agent name.
    /// No session → 66 with a hint; a session whose agent keeps no task list → 66.
    public static func tasks(_ environment: AgentEnvironment, project: Project, agent: String) throws(SessionError)
        -> Found
    {
        let kind: AgentKind? =
            agent.lowercased() == "auto" ? nil : try AgentKind.parse(agent, registry: environment.registry)
        let current = try SessionDetector.detect(
            environment, projectPath: project.root, agent: kind, explicitID: nil,
            hookPayload: nil)
        guard let current else {
            let who = kind.map { "\($0.displayName) session" } ?? "agent session"
            throw SessionError(
                .missing, "no \(who) found for \(project.root)",
                remedy: kind == nil
                    ? .nameTheTaskAgent
                    : .words(
                        "run it from inside \(kind!.displayName), or check where its store is (e.g. CLAUDE_CONFIG_DIR, CODEX_HOME)"
                    )
            )
        }
        let store = AgentStores.store(current.agent, environment: environment)
        var summary = current.summary
        if summary == nil { summary = try store.session(id: current.id) }
        guard let summary else {
            throw SessionError(
                .missing,
                "\(current.agent.displayName) session \(current.id) (found by \(current.rule)) is not in \(store.location)",
                hint: "check the agent's store location (CLAUDE_CONFIG_DIR, CODEX_HOME, …)")
        }
        let tasks = try store.tasks(summary)
        guard let tasks else {
            throw SessionError(
                .missing,
                "\(current.agent.displayName) keeps no task list for session \(current.id)",
                remedy: .giveTheTasks,
                file: summary.path)
        }
        return Found(
            tasks: tasks,
            source: [
                "agent": .string(current.agent.rawValue), "session_id": .string(current.id),
                "rule": .string(current.rule),
            ])
    }
}
