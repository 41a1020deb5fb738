extension AgentHooks {
    /// Claude Code: hooks in `<home>/settings.json`, `{"hooks":{"Event":[{"matcher":…,"hooks":[handler]}]}}`
    /// (timeouts in seconds); the SessionStart hook's stdout is put into the context as it is.
    public static let claude = AgentHooks(
        file: { Paths.join($0, "settings.json") }, shape: .nested,
        entries: { c in
            [
                .init(
                    event: "SessionStart", matcher: "startup|resume|clear|compact",
                    handler: ["type": "command", "command": .string(c.load), "timeout": 10]),
                .init(
                    event: "SessionStart", matcher: "startup|resume",
                    handler: ["type": "command", "command": .string(c.start), "timeout": 5]),
                .init(event: "PreCompact", handler: ["type": "command", "command": .string(c.save), "timeout": 10]),
                .init(event: "SessionEnd", handler: ["type": "command", "command": .string(c.save), "timeout": 5]),
            ]
        })
}
