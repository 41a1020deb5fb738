/// How resume-session runs Gemini (see `ResumeAgentSpec`). Sources: /work/shared/docs/agent-stores.md and
/// the agent's `--help` (as of 2026).
extension ResumeAgentSpec {
    public static let gemini = ResumeAgentSpec(
        agent: .gemini, binary: "gemini", mode: .managedID,
        resumeArguments: { ["--resume", $0] }, newSessionArguments: { ["--session-id", $0] },
        sessionOptions: ["-r", "--resume", "--session-id", "--list-sessions", "--delete-session"],
        nonChatOptions: help.union(["-v", "--version", "-p", "--prompt"]),
        subcommands: ["mcp", "extensions", "extension", "skills", "hooks", "help"],
        valueOptions: [
            "-m", "--model", "--approval-mode", "-e", "--extensions", "--include-directories",
            "--allowed-tools", "--allowed-mcp-server-names", "-o", "--output-format", "-i",
            "--prompt-interactive",
        ])
}
