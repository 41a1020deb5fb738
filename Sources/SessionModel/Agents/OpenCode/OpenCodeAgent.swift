extension AgentKind {
    public static let opencode = AgentKind("opencode", displayName: "OpenCode", aliases: ["open-code"])
}

extension AgentEntry {
    /// OpenCode: configuration in `$OPENCODE_CONFIG_DIR`, else `<$XDG_CONFIG_HOME or ~/.config>/opencode`; sessions
    /// in its data folder (see OpenCodeStore).
    public static let opencode = AgentEntry(
        kind: .opencode, store: { OpenCodeStore(environment: $0) }, homeVariable: "OPENCODE_CONFIG_DIR",
        home: { environment in
            let config = AgentEntry.home(
                environment, variable: "XDG_CONFIG_HOME", else: Paths.join(environment.home, ".config"))
            return AgentEntry.home(environment, variable: "OPENCODE_CONFIG_DIR", else: Paths.join(config, "opencode"))
        }, setup: true, commandFileExtension: "md", keepsTasks: true,
        setupNote: { _ in "OpenCode: restart it." },
        nativeImport: .opencode,
        nativeExport: { session, store, out, redact, counts, environment throws(SessionError) in
            try OpenCodeExport.export(
                session, store: store, out: out, redact: redact, counts: &counts, environment: environment)
            return "json"
        },
        idRule: AgentIDRule(hint: "opencode session ids look like ses_…; paste only the id") { id in
            id.hasPrefix("ses_") && id.count > 4
                && id.utf8.dropFirst(4).allSatisfy {
                    ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A)
                }
        },
        resumeCommand: { "opencode --session \(StoreSupport.shellQuote($0))" },
        sessionIDVariables: ["OPENCODE_SESSION_ID"],
        runsUs: { $0["OPENCODE"] == "1" || $0["OPENCODE_SESSION_ID"] != nil },
        detectionRank: 3)
}
