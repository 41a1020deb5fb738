extension AgentKind {
    public static let cursor = AgentKind("cursor", displayName: "Cursor")
}

extension AgentEntry {
    /// Cursor: configuration (commands, hooks) in `$CURSOR_CONFIG_DIR`, else `~/.cursor` — Cursor reads user hooks
    /// from `~/.cursor/hooks.json` whatever `XDG_CONFIG_HOME` says (rimio-ai/rimz#399). The Agent CLI's chats follow
    /// `CursorAgentChats.configDirectory` (which also honours `XDG_CONFIG_HOME`); the IDE's sessions live in its
    /// `User` folder (see CursorStore), so the store is not under this home.
    public static let cursor = AgentEntry(
        kind: .cursor, store: { CursorStore(environment: $0) }, homeVariable: "CURSOR_CONFIG_DIR",
        home: { AgentEntry.home($0, variable: "CURSOR_CONFIG_DIR", else: Paths.join($0.home, ".cursor")) },
        programs: ["cursor-agent", "cursor"], setup: true, hooks: .cursor, resume: .cursor, commandFileExtension: "md",
        keepsTasks: true,
        skillsFolder: .ownedBy(.claude), setupNote: { _ in "Cursor: restart it." },
        nativeExport: { session, _, out, redact, counts, environment throws(SessionError) in
            // A Cursor Agent CLI chat: its store.db (redacted, fail-closed); one with only a transcript: that file.
            if let chat = CursorAgentChats(environment: environment).store(for: session.id) {
                try CursorNativeExport.write(
                    store: chat, out: out, redact: redact, counts: &counts, environment: environment)
                return "db"
            }
            guard CursorAgentChats.isChat(session.path) else {
                throw SessionError(
                    .refused, "Cursor keeps IDE chats inside its own database: there is no native file to export",
                    remedy: .exportAs(formats: ["json, markdown or html"], unredactedCopy: false))
            }
            return nil  // a chat with only its transcript: that file
        },
        // A Cursor Agent CLI chat; an IDE composer has no resume by id (CursorStore's command says so when it knows
        // the id is one).
        resumeCommand: { "cursor-agent --resume \(StoreSupport.shellQuote($0))" },
        runsUs: { $0["CURSOR_AGENT"] == "1" || $0["CURSOR_TRACE_ID"] != nil },
        // Cursor's integrated terminal carries CURSOR_TRACE_ID: the agents started there are tried first.
        detectionRank: 5, hookPayloadSigns: HookPayloadSigns(ownKeys: ["conversation_id"]))
}
