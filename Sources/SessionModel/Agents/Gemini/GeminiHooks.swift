extension AgentHooks {
    /// Gemini CLI: hooks in `<home>/settings.json`, named handlers, timeouts in milliseconds. Its SessionStart stdout
    /// must be JSON: `{"hookSpecificOutput":{"hookEventName":"SessionStart","additionalContext":"…"}}`, `{}` when
    /// nothing was saved. Gemini does not tell the model its session id, so the brief says it.
    public static let gemini = AgentHooks(
        file: { Paths.join($0, "settings.json") }, shape: .nested,
        entries: { c in
            [
                .init(
                    event: "SessionStart",
                    handler: [
                        "type": "command", "name": "agent-sessions-load-state",
                        "command": .string(c.load), "timeout": 10000,
                    ]),
                .init(
                    event: "SessionStart",
                    handler: [
                        "type": "command", "name": "agent-sessions-save-session-start",
                        "command": .string(c.start), "timeout": 5000,
                    ]),
                .init(
                    event: "PreCompress",
                    handler: [
                        "type": "command", "name": "agent-sessions-save-session",
                        "command": .string(c.save), "timeout": 10000,
                    ]),
                .init(
                    event: "SessionEnd",
                    handler: [
                        "type": "command", "name": "agent-sessions-save-session",
                        "command": .string(c.save), "timeout": 5000,
                    ]),
            ]
        },
        render: { brief in
            guard let brief else { return "{}\n" }
            return JSONWriter.compactString([
                "hookSpecificOutput": ["hookEventName": "SessionStart", "additionalContext": .string(brief)]
            ]) + "\n"
        },
        afterInstall: "Gemini: /skills reload and /commands reload.",
        briefNote: { payload in
            payload?.sessionID.map {
                "\nThis Gemini session's id is \($0) (for save-session --agent gemini --session-id \($0)).\n"
            }
        })
}
