/// How resume-session runs Claude (see `ResumeAgentSpec`). Sources: /work/shared/docs/agent-stores.md and
/// the agent's `--help` (as of 2026).
extension ResumeAgentSpec {
    public static let claude = ResumeAgentSpec(
        agent: .claude, binary: "claude", mode: .managedID,
        resumeArguments: { ["-r", $0] }, newSessionArguments: { ["--session-id", $0] },
        sessionOptions: [
            "-r", "--resume", "-c", "--continue", "--session-id", "--fork-session", "--from-pr",
            "--no-session-persistence",
        ],
        nonChatOptions: help.union(["-v", "--version", "-p", "--print"]),
        subcommands: [
            "mcp", "config", "doctor", "update", "upgrade", "install", "plugin", "plugins", "auth",
            "login", "logout", "setup-token", "migrate-installer", "agents", "attach", "help",
        ],
        valueOptions: [
            "--model", "--permission-mode", "--add-dir", "--allowedTools", "--allowed-tools",
            "--disallowedTools", "--disallowed-tools", "--tools", "--settings", "--setting-sources",
            "--output-format", "--input-format", "--mcp-config", "--append-system-prompt",
            "--system-prompt", "--agent", "--agents", "--fallback-model", "--betas", "--plugin-dir",
            "--max-turns", "--permission-prompt-tool", "--json-schema", "--max-budget-usd",
        ])
}
