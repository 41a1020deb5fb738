/// Where `save-state --from-agent` takes its task list from: the agent's own session store.
public enum AgentTaskSource {
    public struct Found: Sendable {
        public var tasks: [TaskItem]
        /// `{"agent","session_id","rule"}` recorded in the state.
        public var source: JSONValue
    }

    public static func tasks(_ context: ToolContext, project: Project, agent: String) throws(ToolError) -> Found {
        throw ToolError(.failure, "--from-agent is not available in this build")
    }
}
