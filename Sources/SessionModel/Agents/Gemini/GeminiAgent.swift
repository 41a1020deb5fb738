extension AgentKind {
    public static let gemini = AgentKind("gemini", displayName: "Gemini CLI", aliases: ["gemini-cli"])
}

extension AgentEntry {
    /// Gemini CLI: `<$GEMINI_CLI_HOME or HOME>/.gemini`.
    public static let gemini = AgentEntry(
        kind: .gemini, store: { GeminiStore(environment: $0) }, homeVariable: "GEMINI_CLI_HOME",
        home: { GeminiStore(environment: $0).root }, storeUnderHome: true, setup: true, hooks: .gemini,
        resume: .gemini, commandFileExtension: "toml", convert: .gemini, keepsTasks: true,
        setupNote: { _ in "Gemini CLI: run /skills reload and /commands reload." },
        nativeImport: .gemini,
        resumeCommand: { "gemini --resume \(StoreSupport.shellQuote($0))" },
        sessionIDVariables: ["GEMINI_SESSION_ID"],
        runsUs: { $0["GEMINI_CLI"] == "1" || $0["GEMINI_SESSION_ID"] != nil },
        detectionRank: 2, hookPayloadSigns: HookPayloadSigns(transcriptPaths: ["/.gemini/"]))
}
