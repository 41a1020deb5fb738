extension AgentKind {
    public static let agy = AgentKind("agy", displayName: "Antigravity", aliases: ["antigravity"])
}

extension AgentEntry {
    /// Antigravity CLI: `~/.gemini/antigravity-cli` (no variable moves it).
    public static let agy = AgentEntry(
        kind: .agy, store: { AgyStore(environment: $0) }, home: { AgyStore(environment: $0).root },
        storeUnderHome: true,
        resume: .agy, keepsTasks: true,
        nativeExport: { session, _, out, redact, counts, _ throws(SessionError) in
            // A conversation with only its inbox: the message files, one JSON line each (redacted).
            guard AgyInbox.isInbox(session.path) else { return nil }
            try AgyInbox.exportNative(session.path, out: out, redact: redact, counts: &counts)
            return "jsonl"
        },
        resumeCommand: { "agy --conversation \(StoreSupport.shellQuote($0))" })
}
