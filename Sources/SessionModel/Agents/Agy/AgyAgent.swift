extension AgentKind {
    public static let agy = AgentKind("agy", displayName: "Antigravity", aliases: ["antigravity"])
}

extension AgentEntry {
    /// Antigravity CLI: `~/.gemini/antigravity-cli` (no variable moves it).
    public static let agy = AgentEntry(
        kind: .agy, store: { AgyStore(environment: $0) }, home: { AgyStore(environment: $0).root },
        storeUnderHome: true,
        resume: .agy, keepsTasks: true,
        resumeCommand: { "agy --conversation \(StoreSupport.shellQuote($0))" })
}
