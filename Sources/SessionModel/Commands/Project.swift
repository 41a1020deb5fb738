/// The folder a tool works on: the git top folder of the working directory (or of `--repo-root`), or that folder
/// itself when it is not in a git repository.
public struct Project: Sendable {
    /// Physical path (symlinks resolved).
    public var root: String
    public var git: GitRepository?

    public static func locate(_ context: ToolContext, repoRoot: String?) throws(ToolError) -> Project {
        if let repoRoot {
            let path = Paths.physical(context.absolute(repoRoot))
            switch FileInfo.kind(path, followLinks: true) {
            case .missing: throw ToolError(.noInput, "folder does not exist", file: path)
            case .directory: break
            default: throw ToolError(.usage, "--repo-root must be a folder", file: path)
            }
            // A subfolder of a repository means that repository, as when the tool is run from there.
            if let repo = try Git(context: context, directory: path).repository() {
                return Project(root: Paths.physical(repo.root), git: repo)
            }
            return Project(root: path, git: nil)
        }
        let cwd = Paths.physical(context.workingDirectory)
        if let repo = try Git(context: context, directory: cwd).repository() {
            return Project(root: repo.root, git: repo)
        }
        return Project(root: cwd, git: nil)
    }

    /// The project of save-state / load-state. Outside a git repository the working directory is a project only when
    /// it already holds a checkpoint (`.claude/claude-state.json`); otherwise `--repo-root` is needed (64). The agent's
    /// own config folder (`$CLAUDE_CONFIG_DIR`, `~/.claude`) is never the checkpoint's folder (1).
    public static func locateForState(_ context: ToolContext, repoRoot: String?) throws(ToolError) -> Project {
        let project = try locate(context, repoRoot: repoRoot)
        let claudeFolder = Paths.physical(project.path(".claude"))
        let configFolder = Paths.physical(ClaudeStore(context: context).root)
        let homeFolder = Paths.physical(Paths.join(context.home, ".claude"))
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

    public func path(_ relative: String) -> String { Paths.join(root, relative) }

    /// `relative` in the project, for writing: refused (73) when a symlink on the way leads outside the project
    /// (the containment rule, `Containment.check`).
    public func writablePath(_ relative: String) throws(ToolError) -> String {
        let p = path(relative)
        try Containment.check(p, inside: root)
        return p
    }

    /// `relative` (a folder) in the project, for writing in, by the same rule: the folder itself is checked too.
    public func writableFolder(_ relative: String) throws(ToolError) -> String {
        let p = path(relative)
        try Containment.check(folder: p, inside: root)
        return p
    }
    public var name: String { Paths.basename(root) }
}
