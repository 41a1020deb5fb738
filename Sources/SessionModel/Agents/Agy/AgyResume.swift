/// How resume-session runs Antigravity (see `ResumeAgentSpec`). Sources: /work/shared/docs/agent-stores.md and
/// the agent's `--help` (as of 2026).
extension ResumeAgentSpec {
    public static let agy = ResumeAgentSpec(
        agent: .agy, binary: "agy", mode: .discovered,
        resumeArguments: { ["--conversation", $0] }, newSessionArguments: { _ in [] },
        sessionOptions: ["-c", "--continue", "--conversation"],
        nonChatOptions: help.union(["-v", "--version"]),
        subcommands: ["auth", "login", "logout", "update", "mcp", "help"],
        valueOptions: ["--model"])
}
