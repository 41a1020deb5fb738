/// The session store of each agent, located from the context's environment and HOME.
public enum AgentStores {
    public static func store(_ agent: AgentKind, context: ToolContext) -> any SessionStore {
        guard let entry = AgentRegistry.standard.entry(agent) else {
            preconditionFailure("agent \(agent.rawValue) is not in AgentRegistry.standard")
        }
        return entry.store(context)
    }
}
