extension AgentKind {
    public static let copilot = AgentKind(
        "copilot", displayName: "GitHub Copilot CLI", aliases: ["copilot-cli", "github-copilot"])
}

extension AgentEntry {
    /// GitHub Copilot CLI: `$COPILOT_HOME`, else `~/.copilot`.
    public static let copilot = AgentEntry(
        kind: .copilot, store: { CopilotStore(environment: $0) }, homeVariable: "COPILOT_HOME",
        home: { CopilotStore(environment: $0).root }, storeUnderHome: true, setup: true, hooks: .copilot,
        resume: .copilot, keepsTasks: true,
        setupNote: { _ in "Copilot CLI: start a new session." },
        resumeCommand: { "copilot --resume \(StoreSupport.shellQuote($0))" },
        runsUs: { $0["COPILOT_CLI"] == "1" },
        detectionRank: 4, hookPayloadSigns: HookPayloadSigns(transcriptPaths: ["/.copilot/"], sharedKeys: ["sessionId"])
    )
}
