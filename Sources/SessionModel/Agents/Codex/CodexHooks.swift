extension AgentHooks {
    /// Codex CLI: hooks in `<home>/hooks.json`, the shape of Claude Code's (timeouts in seconds, SessionEnd 3);
    /// the SessionStart hook's stdout is put into the context as it is.
    public static let codex = AgentHooks(
        file: { Paths.join($0, "hooks.json") }, shape: .nested,
        entries: { c in
            [
                .init(
                    event: "SessionStart", matcher: "startup|resume|clear|compact",
                    handler: ["type": "command", "command": .string(c.load), "timeout": 10]),
                .init(
                    event: "SessionStart", matcher: "startup|resume",
                    handler: ["type": "command", "command": .string(c.start), "timeout": 5]),
                .init(event: "PreCompact", handler: ["type": "command", "command": .string(c.save), "timeout": 10]),
                .init(event: "SessionEnd", handler: ["type": "command", "command": .string(c.save), "timeout": 3]),
            ]
        },
        // Codex runs new hooks only once they are trusted.
        afterInstall: "Codex: trust the new hooks in /hooks.")
}
