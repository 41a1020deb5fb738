extension AgentKind {
    public static let codex = AgentKind("codex", displayName: "Codex CLI", aliases: ["codex-cli"])
}

extension AgentEntry {
    /// Codex CLI: `$CODEX_HOME`, else `~/.codex`.
    public static let codex = AgentEntry(
        kind: .codex, store: { CodexStore(environment: $0) }, homeVariable: "CODEX_HOME",
        home: { CodexStore(environment: $0).root }, storeUnderHome: true, setup: true, hooks: .codex,
        resume: .codex, convert: .codex, keepsTasks: true,
        setupNote: { "Codex: start a new session" + ($0 ? ", then trust the new hooks in /hooks." : ".") },
        nativeImport: .codex, countsTextlessAssistantMessages: false,
        resumeCommand: { "codex resume \(StoreSupport.shellQuote($0))" },
        sessionIDVariables: ["CODEX_THREAD_ID", "CODEX_SESSION_ID"],
        runsUs: { $0["CODEX_THREAD_ID"] != nil || $0["CODEX_SESSION_ID"] != nil || $0["CODEX_CI"] != nil },
        detectionRank: 1, hookPayloadSigns: HookPayloadSigns(transcriptPaths: ["/.codex/", "rollout-"]))
}
