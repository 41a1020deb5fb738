/// The session store of each agent of the environment's registry, located from its variables and HOME.
public enum AgentStores {
    public static func store(_ agent: AgentKind, environment: AgentEnvironment) -> any SessionStore {
        guard let entry = environment.registry.entry(agent) else {
            preconditionFailure("agent \(agent.rawValue) is not in the environment's registry")
        }
        return entry.store(environment)
    }
}
