#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A git work tree: its top folder and its `.git` folder (absolute).
public struct GitRepository: Sendable, Equatable {
    public var root: String
    public var gitDirectory: String
}

/// `git status` in one call: branch, HEAD, changed paths.
public struct GitStatus: Sendable, Equatable {
    /// The branch name; nil when HEAD is detached.
    public var branch: String?
    /// The full HEAD commit; nil before the first commit.
    public var head: String?
    /// Paths (relative to the root) with any change: staged, unstaged, untracked, unmerged.
    public var changedFiles: [String]

    public var detached: Bool { branch == nil && head != nil }
}

public struct GitCommit: Sendable, Equatable {
    public var hash: String
    public var shortHash: String
    public var subject: String
}

/// The git calls the tools make. Every call goes through the environment's process runner (posix_spawn).
public struct Git: Sendable {
    public let environment: AgentEnvironment
    public let directory: String

    public init(environment: AgentEnvironment, directory: String) {
        self.environment = environment
        self.directory = directory
    }

    var gitVariables: [String: String] {
        var env = environment.variables
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_OPTIONAL_LOCKS"] = "0"  // status must not take index.lock: concurrent tools would collide on it
        env["LC_ALL"] = "C"
        env.removeValue(forKey: "GIT_DIR")
        env.removeValue(forKey: "GIT_WORK_TREE")
        return env
    }

    /// Runs git; nil when git itself cannot be started.
    public func run(_ arguments: [String], extraEnvironment: [String: String] = [:], input: [UInt8]? = nil)
        throws(SessionError) -> ProcessResult
    {
        var env = gitVariables
        for (k, v) in extraEnvironment { env[k] = v }
        return try environment.processRunner.run(
            "git", arguments, workingDirectory: directory, environment: env,
            input: input, timeout: 60)
    }

    /// Runs git and returns stdout; a failure becomes a one-line error naming the git command.
    public func output(_ arguments: [String], extraEnvironment: [String: String] = [:], input: [UInt8]? = nil)
        throws(SessionError) -> String
    {
        let result = try run(arguments, extraEnvironment: extraEnvironment, input: input)
        guard result.succeeded else {
            let message = result.stderrText.split(separator: "\n").first.map(String.init) ?? "exit \(result.status)"
            throw SessionError(.refused, "git \(arguments.first ?? "") failed: \(message)")
        }
        return result.stdoutText
    }

    /// The repository containing `directory`, or nil when it is not in one (or git is not installed).
    public func repository() throws(SessionError) -> GitRepository? {
        let result: ProcessResult
        do {
            result = try run(["rev-parse", "--show-toplevel", "--absolute-git-dir"])
        } catch {
            return nil  // no git on PATH: a folder without git context
        }
        guard result.succeeded else { return nil }
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.count >= 2 else { return nil }
        return GitRepository(root: lines[0], gitDirectory: lines[1])
    }

    public func status() throws(SessionError) -> GitStatus {
        let text = try output(["status", "--porcelain=v2", "--branch", "-z"])
        return Git.parseStatus(text)
    }

    /// Parses `git status --porcelain=v2 --branch -z`.
    public static func parseStatus(_ text: String) -> GitStatus {
        var status = GitStatus(branch: nil, head: nil, changedFiles: [])
        let fields = text.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < fields.count {
            let entry = fields[i]
            i += 1
            if entry.isEmpty { continue }
            if entry.hasPrefix("# branch.oid ") {
                let oid = String(entry.dropFirst("# branch.oid ".count))
                status.head = oid == "(initial)" ? nil : oid
            } else if entry.hasPrefix("# branch.head ") {
                let head = String(entry.dropFirst("# branch.head ".count))
                status.branch = head == "(detached)" ? nil : head
            } else if entry.hasPrefix("#") {
                continue
            } else {
                let kind = entry.first!
                let skip: Int
                switch kind {
                case "1": skip = 8
                case "2": skip = 9
                case "u": skip = 10
                case "?", "!": skip = 1
                default: continue
                }
                if kind == "!" { continue }
                let parts = entry.split(separator: " ", maxSplits: skip, omittingEmptySubsequences: false)
                if parts.count > skip { status.changedFiles.append(String(parts[skip])) }
                if kind == "2" { i += 1 }  // the original path of a rename follows
            }
        }
        return status
    }

    /// `status()` and `commit` (a query of HEAD's history, e.g. `StateAnchor.anchor`) at once: the git processes run
    /// side by side, so on two cores the pair costs about what the slower one does (issue #17). The commit is nil
    /// when there is no HEAD.
    public func status(
        alongside commit: @escaping @Sendable () throws(SessionError) -> GitCommit?
    ) throws(SessionError) -> (GitStatus, GitCommit?) {
        final class Slot: @unchecked Sendable { var value: Result<GitCommit?, SessionError> = .success(nil) }
        let slot = Slot()
        let thread = PlatformThread { slot.value = Result { () throws(SessionError) in try commit() } }
        let status: Result<GitStatus, SessionError> = Result { () throws(SessionError) in try self.status() }
        thread.join()
        let found = try status.get()
        return (found, found.head == nil ? nil : try slot.value.get())
    }

    /// HEAD's commit, or nil before the first commit.
    public func lastCommit() throws(SessionError) -> GitCommit? {
        let result = try run(["log", "-1", "--format=%H%x00%h%x00%s", "HEAD", "--"])
        guard result.succeeded else { return nil }
        let parts = result.stdoutText.trimmed(.newlines).split(
            separator: "\0",
            omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return nil }
        return GitCommit(hash: String(parts[0]), shortHash: String(parts[1]), subject: String(parts[2]))
    }

    /// Commits in HEAD that are not in `base`, newest first, at most `limit` (+1 to tell there are more).
    public func commits(since base: String, limit: Int) throws(SessionError) -> [GitCommit]? {
        let result = try run(["log", "--format=%H%x00%h%x00%s", "-n", String(limit + 1), "\(base)..HEAD", "--"])
        guard result.succeeded else { return nil }
        return result.stdoutText.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\0", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { return nil }
            return GitCommit(hash: String(parts[0]), shortHash: String(parts[1]), subject: String(parts[2]))
        }
    }

    /// Whether `commit` is an ancestor of HEAD (false also when the commit no longer exists).
    public func isAncestorOfHead(_ commit: String) throws(SessionError) -> Bool {
        try run(["merge-base", "--is-ancestor", commit, "HEAD"]).status == 0
    }

    /// A merge, rebase, cherry-pick, revert or bisect in progress, by name; nil when none.
    public static func operationInProgress(gitDirectory: String) -> String? {
        let markers: [(String, String)] = [
            ("MERGE_HEAD", "a merge"), ("rebase-merge", "a rebase"), ("rebase-apply", "a rebase or am"),
            ("CHERRY_PICK_HEAD", "a cherry-pick"), ("REVERT_HEAD", "a revert"), ("BISECT_LOG", "a bisect"),
        ]
        for (name, what) in markers where FileInfo.exists(gitDirectory + "/" + name) { return what }
        return nil
    }
}
