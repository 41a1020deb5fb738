/// The project as the commands locate it: from the tool context (`--repo-root` or the working directory), and for
/// save-state / load-state with the checkpoint's rules. `Project` itself is in Model/.
extension Project {
    public static func locate(_ context: ToolContext, repoRoot: String?) throws(ToolError) -> Project {
        try core { () throws(SessionError) in try locate(context.agentEnvironment, repoRoot: repoRoot) }
    }

    /// The project of save-state / load-state. Outside a git repository the working directory is a project only when
    /// it already holds a checkpoint (`.claude/claude-state.json`); otherwise `--repo-root` is needed (64). The agent's
    /// own config folder (`$CLAUDE_CONFIG_DIR`, `~/.claude`) is never the checkpoint's folder (1).
    public static func locateForState(_ context: ToolContext, repoRoot: String?) throws(ToolError) -> Project {
        try locateForState(context.agentEnvironment, repoRoot: repoRoot)
    }

    /// `locateForState` in `environment` (the load-state hook's: the payload's folder, a bounded git).
    public static func locateForState(_ environment: AgentEnvironment, repoRoot: String?) throws(ToolError)
        -> Project
    {
        let project = try core { () throws(SessionError) in try locate(environment, repoRoot: repoRoot) }
        let claudeFolder = Paths.physical(project.path(".claude"))
        let configFolder = Paths.physical(ClaudeStore(environment: environment).root)
        let homeFolder = Paths.physical(Paths.join(environment.home, ".claude"))
        if claudeFolder == configFolder || claudeFolder == homeFolder {
            throw ToolError(
                .failure,
                "\(project.root)/.claude is the agent's own config folder; the checkpoint does not go there",
                hint: "run it inside your project's git repository, or pass --repo-root <project folder>",
                file: project.root)
        }
        if project.git == nil && repoRoot == nil && !FileInfo.isFile(project.path(SaveStateCommand.stateFile)) {
            throw ToolError(
                .usage, "not in a git repository, so the project folder is unknown",
                hint: "run it inside your project's git repository, or pass --repo-root <project folder>")
        }
        return project
    }

}
