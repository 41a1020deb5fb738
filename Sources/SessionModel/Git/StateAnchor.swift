/// Keeping the checkpoint quiet in git: commits that touch only the state files (`save-state --commit`'s
/// "chore: save session state") are bookkeeping, not work. The checkpoint is anchored at the last commit before them,
/// and load-state's "since then" leaves them out.
public enum StateAnchor {
    /// Paths (relative to the git top folder) whose commits are bookkeeping.
    static func isStatePath(_ path: String) -> Bool {
        path == CheckpointFiles.state || path == CheckpointFiles.progress
            || path.hasPrefix(CheckpointFiles.historyFolder + "/")
    }

    /// A commit whose changes are all state files (with, at most, the .gitignore line save-state adds along). A commit
    /// listing no file (a merge, an empty commit) is work.
    static func isBookkeeping(_ files: [String]) -> Bool {
        files.contains(where: isStatePath) && files.allSatisfy { isStatePath($0) || $0 == ".gitignore" }
    }

    /// `git log --name-only` over `revisions`, newest first: each commit with the files it changed. Nil when the log
    /// fails (a revision no longer exists).
    static func log(_ git: Git, _ revisions: [String], limit: Int, firstParent: Bool = false) throws(SessionError)
        -> [(commit: GitCommit, files: [String])]?
    {
        var args = ["log", "--format=%x1e%H%x00%h%x00%s", "--name-only", "-n", String(limit)]
        if firstParent { args.append("--first-parent") }
        let result = try git.run(args + revisions + ["--"])
        guard result.succeeded else { return nil }
        return result.stdoutText.split(separator: "\u{1e}").compactMap { record in
            let lines = record.split(separator: "\n", omittingEmptySubsequences: true)
            guard let head = lines.first else { return nil }
            let parts = head.split(separator: "\0", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { return nil }
            let commit = GitCommit(hash: String(parts[0]), shortHash: String(parts[1]), subject: String(parts[2]))
            return (commit, lines.dropFirst().map(String.init))
        }
    }

    /// The commit the checkpoint is anchored at: HEAD, or the last commit before the state-only commits on top of it.
    /// Nil before the first commit.
    public static func anchor(_ git: Git) throws(SessionError) -> GitCommit? {
        // Usually HEAD is a work commit: one commit's files tell. Only after state-only commits look further back.
        guard let head = try log(git, ["HEAD"], limit: 1, firstParent: true)?.first else { return nil }
        if !isBookkeeping(head.files) { return head.commit }
        guard let commits = try log(git, ["HEAD"], limit: 100, firstParent: true), let newest = commits.first else {
            return nil
        }
        return commits.first(where: { !isBookkeeping($0.files) })?.commit ?? newest.commit
    }

    /// Commits in HEAD not in `base` that are work (not state-only), newest first, at most `limit` + 1 (to tell there
    /// are more). Nil when `base` is not in this repository.
    public static func workCommits(_ git: Git, since base: String, limit: Int) throws(SessionError) -> [GitCommit]? {
        guard let commits = try log(git, ["\(base)..HEAD"], limit: 1000) else { return nil }
        return Array(commits.filter { !isBookkeeping($0.files) }.map(\.commit).prefix(limit + 1))
    }

    /// The bytes of `path` in HEAD, or nil when HEAD does not have it.
    public static func committedBytes(_ git: Git, _ path: String) throws(SessionError) -> [UInt8]? {
        let result = try git.run(["cat-file", "blob", "HEAD:" + path])
        return result.succeeded ? result.stdout : nil
    }

    /// Whether git ignores `path` (relative to the top folder).
    public static func isIgnored(_ git: Git, _ path: String) throws(SessionError) -> Bool {
        try git.run(["check-ignore", "-q", "--no-index", "--", path]).status == 0
    }
}
