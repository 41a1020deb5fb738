extension AgentEntry {
    /// Codex CLI: `$CODEX_HOME`, else `~/.codex`.
    public static let codex = AgentEntry(
        kind: .codex, store: { CodexStore(context: $0) }, homeVariable: "CODEX_HOME",
        home: { CodexStore(context: $0).root }, storeUnderHome: true, setup: true, loadStateHook: true,
        resume: .codex, convertTarget: true, keepsTasks: true,
        resumeCommand: { "codex resume \(StoreSupport.shellQuote($0))" })
}
