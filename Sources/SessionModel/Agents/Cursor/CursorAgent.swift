extension AgentEntry {
    /// Cursor: configuration (commands, hooks) and the Agent CLI's chats in one folder, `CursorAgentChats.configDirectory`
    /// (`$CURSOR_CONFIG_DIR`, else `$XDG_CONFIG_HOME/cursor` when it exists, else `~/.cursor`); the IDE's sessions
    /// live in its `User` folder (see CursorStore), so the store is not under this home.
    public static let cursor = AgentEntry(
        kind: .cursor, store: { CursorStore(context: $0) }, homeVariable: "CURSOR_CONFIG_DIR",
        home: { CursorAgentChats.configDirectory($0) },
        programs: ["cursor-agent", "cursor"], setup: true, loadStateHook: true, resume: .cursor,
        commandFileExtension: "md", keepsTasks: true)
}
