extension AgentKind {
    public static let cursor = AgentKind("cursor", displayName: "Cursor")
}

extension AgentEntry {
    /// Cursor: configuration (commands, hooks) in `$CURSOR_CONFIG_DIR`, else `~/.cursor`; the IDE's sessions live in
    /// its `User` folder (see CursorStore), so the store is not under this home.
    public static let cursor = AgentEntry(
        kind: .cursor, store: { CursorStore(context: $0) }, homeVariable: "CURSOR_CONFIG_DIR",
        home: { AgentEntry.home($0, variable: "CURSOR_CONFIG_DIR", else: Paths.join($0.home, ".cursor")) },
        programs: ["cursor-agent", "cursor"], setup: true, hooks: .cursor, commandFileExtension: "md",
        keepsTasks: true,
        skillsFolder: .claudeSkills, setupNote: { _ in "Cursor: restart it." },
        nativeExport: { _, _, _, _, _, _ in
            throw ToolError(
                .failure, "Cursor keeps sessions inside its own database: there is no native file to export",
                hint: "use --format json, markdown or html")
        },
        resumeCommand: {
            "Cursor cannot resume by id: open the project in Cursor and pick the chat from the chat history "
                + "(conversation \(StoreSupport.shellQuote($0)))"
        },
        runsUs: { $0["CURSOR_AGENT"] == "1" || $0["CURSOR_TRACE_ID"] != nil },
        // Cursor's integrated terminal carries CURSOR_TRACE_ID: the agents started there are tried first.
        detectionRank: 5, hookPayloadSigns: HookPayloadSigns(ownKeys: ["conversation_id"]))
}
