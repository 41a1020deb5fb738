/// Where `save-state --from-agent` takes its task list from: the agent's own session store.
public enum AgentTaskSource {
    public struct Found: Sendable {
        public var tasks: [TaskItem]
        /// `{"agent","session_id","rule"}` recorded in the state.
        public var source: JSONValue
    }

    /// `agent` is `auto` (the running agent, else the newest session of any agent in this project) or an agent name.
    /// No session → 66 with a hint; a session whose agent keeps no task list → 66.
    public static func tasks(_ environment: AgentEnvironment, project: Project, agent: String) throws(ToolError)
        -> Found
    {
        let kind: AgentKind? =
            agent.lowercased() == "auto" ? nil : try AgentKind.parse(agent, registry: environment.registry)
        let current: CurrentSession?
        do {
            current = try SessionDetector.detect(
                environment, projectPath: project.root, agent: kind, explicitID: nil,
                hookPayload: nil)
        } catch let error as ToolError {
            throw error
        } catch {
            throw ToolError(.failure, "cannot look for the agent session: \(error)")
        }
        guard let current else {
            let who = kind.map { "\($0.displayName) session" } ?? "agent session"
            throw ToolError(
                .noInput, "no \(who) found for \(project.root)",
                hint: kind == nil
                    ? "run it from inside the agent, or name the agent: --from-agent claude|codex|…"
                    : "run it from inside \(kind!.displayName), or check where its store is (e.g. CLAUDE_CONFIG_DIR, CODEX_HOME)"
            )
        }
        let store = AgentStores.store(current.agent, environment: environment)
        let summary: SessionSummary?
        do {
            summary = try current.summary ?? store.session(id: current.id)
        } catch let error as ToolError {
            throw error
        } catch {
            throw ToolError(.failure, "cannot read \(current.agent.displayName) session \(current.id): \(error)")
        }
        guard let summary else {
            throw ToolError(
                .noInput,
                "\(current.agent.displayName) session \(current.id) (found by \(current.rule)) is not in \(store.location)",
                hint: "check the agent's store location (CLAUDE_CONFIG_DIR, CODEX_HOME, …)")
        }
        let tasks: [TaskItem]?
        do {
            tasks = try store.tasks(summary)
        } catch let error as ToolError {
            throw error
        } catch {
            throw ToolError(
                .failure, "cannot read the task list of \(current.agent.displayName) session \(current.id): \(error)")
        }
        guard let tasks else {
            throw ToolError(
                .noInput,
                "\(current.agent.displayName) keeps no task list for session \(current.id)",
                hint: "give the tasks with --completed/--in-progress/--pending or --tasks-json",
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
