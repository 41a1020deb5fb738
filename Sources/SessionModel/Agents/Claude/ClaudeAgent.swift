extension AgentKind {
    public static let claude = AgentKind("claude", displayName: "Claude Code", aliases: ["claude-code", "claudecode"])
}

extension AgentEntry {
    /// Claude Code: `$CLAUDE_CONFIG_DIR`, else `~/.claude`.
    public static let claude = AgentEntry(
        kind: .claude, store: { ClaudeStore(environment: $0) }, homeVariable: "CLAUDE_CONFIG_DIR",
        home: { ClaudeStore(environment: $0).root }, storeUnderHome: true, setup: true, hooks: .claude,
        resume: .claude, commandFileExtension: "md", convert: .claude, keepsTasks: true,
        skillsFolder: .ownedBy(.claude),
        ownSkills: OwnSkills(
            folder: { ClaudePlugin($0).skillsFolder }, pluginBringsThem: { ClaudePlugin($0).isInstalled },
            pluginName: "Claude"),
        setupNote: { _ in "Claude Code: start a new session (skills and /commands load at start)." },
        nativeImport: .claude,
        nativeCompanions: { session, visit throws(SessionError) in
            try ClaudeSessionFiles.forEachRecord(transcript: session.path, id: session.id, visit)
        },
        resumeCommand: { "claude --resume \(StoreSupport.shellQuote($0))" },
        sessionIDVariables: ["CLAUDE_CODE_SESSION_ID"],
        runsUs: { $0["CLAUDECODE"] == "1" || $0["CLAUDE_CODE_SESSION_ID"] != nil },
        detectionRank: 0, hookPayloadSigns: HookPayloadSigns(transcriptPaths: ["/.claude/", "/projects/"]))
}
