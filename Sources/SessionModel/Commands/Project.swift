/// The folder a tool works on: the git top folder of the working directory, or `--repo-root`, or the working
/// directory itself when it is not in a git repository.
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
            let repo = try Git(context: context, directory: path).repository()
            return Project(root: path, git: repo)
        }
        let cwd = Paths.physical(context.workingDirectory)
        if let repo = try Git(context: context, directory: cwd).repository() {
            return Project(root: repo.root, git: repo)
        }
        return Project(root: cwd, git: nil)
    }

    public func path(_ relative: String) -> String { Paths.join(root, relative) }
    public var name: String { Paths.basename(root) }
}
