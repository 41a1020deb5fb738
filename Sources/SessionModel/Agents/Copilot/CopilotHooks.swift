extension AgentHooks {
    /// GitHub Copilot CLI: hooks in `<home>/hooks/agent-sessions.json`, `{"version":1,"hooks":{"event":[handler]}}`
    /// with `bash` commands; its sessionStart output is `{"additionalContext":"…"}`.
    public static let copilot = AgentHooks(
        file: { Paths.join($0, "hooks", "agent-sessions.json") }, shape: .flat,
        entries: { c in
            [
                .init(event: "sessionStart", handler: ["type": "command", "bash": .string(c.load), "timeoutSec": 10]),
                .init(event: "sessionStart", handler: ["type": "command", "bash": .string(c.start), "timeoutSec": 5]),
                .init(event: "preCompact", handler: ["type": "command", "bash": .string(c.save), "timeoutSec": 10]),
                .init(event: "sessionEnd", handler: ["type": "command", "bash": .string(c.save), "timeoutSec": 5]),
            ]
        },
        render: { brief in
            guard let brief else { return "" }
            return JSONWriter.compactString(["additionalContext": .string(brief)]) + "\n"
        })
}
