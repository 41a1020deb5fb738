/// The session store of each agent of the context's registry, located from its environment and HOME.
public enum AgentStores {
    public static func store(_ agent: AgentKind, context: ToolContext) -> any SessionStore {
        guard let entry = context.registry.entry(agent) else {
            preconditionFailure("agent \(agent.rawValue) is not in the context's registry")
        }
        return entry.store(context)
    }
}
