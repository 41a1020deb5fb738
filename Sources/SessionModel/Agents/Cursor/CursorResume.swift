extension ResumeAgentSpec {
    /// The Cursor Agent CLI (`cursor-agent`): it picks the chat id itself, so the project's newest CLI chat is found
    /// afterwards in its store (`CursorAgentChats`) and resumed with `cursor-agent --resume <chatId>`. IDE composers
    /// are skipped: `cursor-agent` cannot resume them. Options from `cursor-agent --help` and Cursor's CLI docs
    /// (docs.cursor.com/cli/using, 2026): `-c` is `--cloud` (a cloud agent, not our chat), `--continue` and `resume`
    /// pick the last chat themselves, `--workspace` and `--worktree` move the chat to another folder.
    public static let cursor = ResumeAgentSpec(
        agent: .cursor, binary: "cursor-agent", mode: .discovered,
        resumeArguments: { ["--resume", $0] }, newSessionArguments: { _ in [] },
        sessionOptions: ["--resume", "--continue", "-c", "--cloud", "--workspace", "-w", "--worktree"],
        nonChatOptions: help.union(["-v", "--version", "-p", "--print", "--list-models"]),
        subcommands: [
            "resume", "ls", "create-chat", "login", "logout", "mcp", "status", "whoami", "update", "upgrade",
            "models", "install-shell-integration", "uninstall-shell-integration", "help",
        ],
        valueOptions: [
            "--api-key", "-H", "--header", "--output-format", "--model", "--mode", "--sandbox", "--worktree-base",
            "-n", "--name",
        ],
        resumable: { CursorAgentChats.isChat($0.path) })
}
