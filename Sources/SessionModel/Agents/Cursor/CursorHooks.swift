extension AgentHooks {
    /// Cursor: hooks in `<home>/hooks.json`, `{"version":1,"hooks":{"event":[handler]}}`; its sessionStart output is
    /// `{"additional_context":"…"}`.
    public static let cursor = AgentHooks(
        file: { Paths.join($0, "hooks.json") }, shape: .flat,
        entries: { c in
            [
                .init(event: "sessionStart", handler: ["command": .string(c.load), "timeout": 10]),
                .init(event: "sessionStart", handler: ["command": .string(c.start), "timeout": 5]),
                .init(event: "preCompact", handler: ["command": .string(c.save), "timeout": 10]),
                .init(event: "sessionEnd", handler: ["command": .string(c.save), "timeout": 5]),
            ]
        },
        render: { brief in
            guard let brief else { return "" }
            return JSONWriter.compactString(["additional_context": .string(brief)]) + "\n"
        },
        afterInstall: "Cursor: restart it.")
}
