extension AgentKind {
    public static let copilot = AgentKind(
        "copilot", displayName: "GitHub Copilot CLI", aliases: ["copilot-cli", "github-copilot"])
}

extension AgentEntry {
    /// GitHub Copilot CLI: `$COPILOT_HOME`, else `~/.copilot`.
    public static let copilot = AgentEntry(
        kind: .copilot, store: { CopilotStore(context: $0) }, homeVariable: "COPILOT_HOME",
        home: { CopilotStore(context: $0).root }, storeUnderHome: true, setup: true, loadStateHook: true,
        resume: .copilot, keepsTasks: true,
        resumeCommand: { "copilot --resume \(StoreSupport.shellQuote($0))" },
        runsUs: { $0["COPILOT_CLI"] == "1" })
}
