extension AgentEntry {
    /// Gemini CLI: `<$GEMINI_CLI_HOME or HOME>/.gemini`.
    public static let gemini = AgentEntry(
        kind: .gemini, store: { GeminiStore(context: $0) }, homeVariable: "GEMINI_CLI_HOME",
        home: { GeminiStore(context: $0).root }, storeUnderHome: true, setup: true, loadStateHook: true,
        resume: .gemini, commandFileExtension: "toml", convertTarget: true, keepsTasks: true,
        resumeCommand: { "gemini --resume \(StoreSupport.shellQuote($0))" })
}
