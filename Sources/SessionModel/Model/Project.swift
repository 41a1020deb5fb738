/// The folder a tool works on: the git top folder of the working directory (or of `--repo-root`), or that folder
/// itself when it is not in a git repository.
public struct Project: Sendable {
    /// Physical path (symlinks resolved).
    public var root: String
    public var git: GitRepository?

    public static func locate(_ environment: AgentEnvironment, repoRoot: String?) throws(SessionError) -> Project {
        if let repoRoot {
            let path = Paths.physical(environment.absolute(repoRoot))
            switch FileInfo.kind(path, followLinks: true) {
            case .missing: throw SessionError(.missing, "folder does not exist", file: path)
            case .directory: break
            default: throw SessionError(.invalidValue, "not a folder", remedy: .nameTheProject, file: path)
            }
            // A subfolder of a repository means that repository, as when the tool is run from there.
            if let repo = try Git(environment: environment, directory: path).repository() {
                return Project(root: Paths.physical(repo.root), git: repo)
            }
            return Project(root: path, git: nil)
        }
        let cwd = Paths.physical(environment.workingDirectory)
        if let repo = try Git(environment: environment, directory: cwd).repository() {
            return Project(root: repo.root, git: repo)
        }
        return Project(root: cwd, git: nil)
    }

    public func path(_ relative: String) -> String { Paths.join(root, relative) }

    /// `relative` in the project, for writing: refused (73) when a symlink on the way leads outside the project
    /// (the containment rule, `Containment.check`).
    public func writablePath(_ relative: String) throws(SessionError) -> String {
        let p = path(relative)
        try Containment.check(p, inside: root)
        return p
    }

    /// `relative` (a folder) in the project, for writing in, by the same rule: the folder itself is checked too.
    public func writableFolder(_ relative: String) throws(SessionError) -> String {
        let p = path(relative)
        try Containment.check(folder: p, inside: root)
        return p
    }
    public var name: String { Paths.basename(root) }
}
