#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Commits chosen files alone, whatever else is staged: the commit is built in a temporary index from HEAD plus
/// those files (force-added, so gitignored files work), then HEAD moves with a compare-and-swap. The user's index
/// keeps everything they had staged; only the committed paths are refreshed to the new HEAD.
/// Commit hooks are not run (this is plumbing); the author is the repository's configured identity.
public enum StateCommit {
    /// The new commit, or nil when the files are unchanged against HEAD (no empty commit).
    public static func commit(
        git: Git, repository: GitRepository, root: String, paths: [String], message: String,
        head: String?
    ) throws(ToolError) -> GitCommit? {
        // Paths relative to the git top folder (root may be a subfolder with --repo-root).
        let prefix = Paths.relative(root, to: repository.root)
        let repoPaths = paths.map { root == repository.root ? $0 : prefix + "/" + $0 }
        let topGit = Git(context: git.context, directory: repository.root)
        let index = repository.gitDirectory + "/agent-sessions-index-\(getpid())"
        defer { unlink(index) }
        let env = ["GIT_INDEX_FILE": index]
        if let head {
            _ = try topGit.output(["read-tree", head], extraEnvironment: env)
        } else {
            _ = try topGit.output(["read-tree", "--empty"], extraEnvironment: env)
        }
        _ = try topGit.output(["add", "-f", "--"] + repoPaths, extraEnvironment: env)
        let tree = try topGit.output(["write-tree"], extraEnvironment: env).trimmed(.whitespacesAndNewlines)
        if let head {
            let headTree = try topGit.output(["rev-parse", head + "^{tree}"]).trimmed(.whitespacesAndNewlines)
            if headTree == tree { return nil }
        }
        var args = ["commit-tree", tree, "-m", message]
        if let head { args += ["-p", head] }
        let result = try topGit.run(args)
        guard result.succeeded else {
            let text = result.stderrText
            if text.contains("Please tell me who you are") || text.contains("identity") {
                throw ToolError(
                    .failure, "git has no author identity, so the state cannot be committed",
                    hint: "set it with git config user.name and git config user.email; the state itself was saved")
            }
            throw ToolError(.failure, "git commit-tree failed: \(text.split(separator: "\n").first ?? "")")
        }
        let commit = result.stdoutText.trimmed(.whitespacesAndNewlines)
        let old = head ?? String(repeating: "0", count: 40)
        let update = try topGit.run(["update-ref", "-m", "save-state: \(message)", "HEAD", commit, old])
        guard update.succeeded else {
            throw ToolError(
                .tempFail, "HEAD moved while the state was being committed; nothing was committed",
                hint: "run save-state --commit again")
        }
        // Refresh just these paths in the user's index so they do not show as changed; other staged work stays.
        _ = try topGit.run(["reset", "-q", commit, "--"] + repoPaths)
        return GitCommit(hash: commit, shortHash: String(commit.prefix(7)), subject: message)
    }
}
