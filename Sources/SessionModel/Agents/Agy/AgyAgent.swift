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
            if AgyInbox.isInbox(session.path) {
                try AgyInbox.exportNative(session.path, out: out, redact: redact, counts: &counts)
                return "jsonl"
            }
            // Without a transcript only agy's own database (`conversations/<id>.db`) has the conversation.
            if session.path.hasSuffix(".db"), FileInfo.isFile(session.path) {
                throw SessionError(
                    .refused,
                    "Antigravity keeps this session only in its database: there is no native file to export",
                    remedy: .exportAs(formats: ["json, markdown or html"], unredactedCopy: false))
            }
            return nil
        },
        resumeCommand: { "agy --conversation \(StoreSupport.shellQuote($0))" })
}
