/// How resume-session runs Copilot (see `ResumeAgentSpec`). Sources: /work/shared/docs/agent-stores.md and
/// the agent's `--help` (as of 2026).
extension ResumeAgentSpec {
    public static let copilot = ResumeAgentSpec(
        agent: .copilot, binary: "copilot", mode: .managedID,
        resumeArguments: { ["--resume", $0] }, newSessionArguments: { ["--session-id", $0] },
        sessionOptions: ["--resume", "--continue", "--session-id", "--clear"],
        nonChatOptions: help.union(["-v", "--version", "-p", "--prompt"]),
        subcommands: ["help", "update", "login", "logout", "mcp", "plugin", "init"],
        valueOptions: [
            "--model", "--add-dir", "--allow-tool", "--deny-tool", "--log-dir", "--log-level",
            "--agent",
        ],
        // Older session managers kept Copilot's id in plain-text files.
        legacyIDFiles: { root, gitDirs in
            gitDirs.map { Paths.join($0, "copilot-session") } + [Paths.join(root, ".copilot-session")]
        })
}
