/// How resume-session runs Codex (see `ResumeAgentSpec`). Sources: /work/shared/docs/agent-stores.md and
/// the agent's `--help` (as of 2026).
extension ResumeAgentSpec {
    public static let codex = ResumeAgentSpec(
        agent: .codex, binary: "codex", mode: .discovered,
        resumeArguments: { ["resume", $0] }, newSessionArguments: { _ in [] },
        // codex's `-c` is `--config key=value`, not continue; sessions are chosen by subcommands.
        sessionOptions: [],
        nonChatOptions: help.union(["-V", "--version"]),
        subcommands: [
            "resume", "fork", "exec", "e", "review", "login", "logout", "mcp", "mcp-server",
            "app-server", "app", "completion", "sandbox", "debug", "apply", "a", "cloud", "features",
            "help", "delete", "archive", "unarchive",
        ],
        valueOptions: [
            "-c", "--config", "-m", "--model", "-p", "--profile", "-s", "--sandbox", "-a",
            "--ask-for-approval", "-C", "--cd", "-i", "--image", "--add-dir", "--enable", "--disable",
            "--local-provider",
        ])
}
