/// The session store of each agent, located from the context's environment and HOME.
public enum AgentStores {
    public static func store(_ agent: AgentKind, context: ToolContext) -> any SessionStore {
        switch agent {
        case .claude: return ClaudeStore(context: context)
        case .codex: return CodexStore(context: context)
        case .gemini: return GeminiStore(context: context)
        case .copilot: return CopilotStore(context: context)
        case .cursor: return CursorStore(context: context)
        case .aider: return AiderStore(context: context)
        case .opencode: return OpenCodeStore(context: context)
        case .agy: return AgyStore(context: context)
        }
    }
}
