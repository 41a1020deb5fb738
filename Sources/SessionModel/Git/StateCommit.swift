/// Commits chosen files alone, whatever else is staged: the commit is built in a temporary index from HEAD plus
/// those files (force-added, so gitignored files work), then HEAD moves with a compare-and-swap. The user's index
/// keeps everything they had staged; only the committed paths are refreshed to the new HEAD.
/// Commit hooks are not run (this is plumbing); the author is the repository's configured identity; the commit is
/// signed when `commit.gpgsign` asks for it (a signing failure is refused, never an unsigned commit).
///
/// Safe at every kill point. The user's index is changed the way `git commit` changes it: its new content (the
/// committed paths refreshed) is written into `.git/index.lock`, which we hold from before HEAD moves until after
/// it has moved, then renamed over `.git/index`. Killed before HEAD moved: no commit, `.git/index` untouched.
/// Killed after: the commit, and the agreeing index waiting in `.git/index.lock` (git refuses to write the index
/// meanwhile, so nothing can silently commit the old state files back). The next run finishes either case
/// (`recover`): it rolls the index forward when HEAD is our commit, else removes the lock; and it removes the
/// temporary files of runs that no longer exist. Our files in the git folder, `<pid>` being the writer:
/// `agent-sessions-<pid>.lock` (a hard link to the `index.lock` we hold: proof it is ours), `agent-sessions-<pid>.commit`
/// (the commit HEAD is being moved to), `agent-sessions-index-<pid>` (the commit's index) and
/// `agent-sessions-index-<pid>.user` (the user's index being prepared).
public enum StateCommit {
    /// The new commit, or nil when the files are unchanged against HEAD (no empty commit).
    public static func commit(
        git: Git, repository: GitRepository, root: String, paths: [String], message: String,
        head: String?
    ) throws(SessionError) -> GitCommit? {
        if let op = Git.operationInProgress(gitDirectory: repository.gitDirectory) {
            throw SessionError(
                .refused, "\(op) is in progress; refusing to commit the state now",
                remedy: .saveWithoutCommit)
        }
        // Paths relative to the git top folder (root may be a subfolder with --repo-root).
        let prefix = Paths.relative(root, to: repository.root)
        let repoPaths = paths.map { root == repository.root ? $0 : prefix + "/" + $0 }
        let topGit = Git(environment: git.environment, directory: repository.root)
        recover(git: topGit, repository: repository)

        let files = Files(gitDirectory: repository.gitDirectory, pid: PlatformFacts.processID)
        defer {
            PlatformFacts.unlink(files.index)
            PlatformFacts.unlink(files.userIndex)
        }
        // 1. The commit, built aside: nothing the user sees changes.
        let env = ["GIT_INDEX_FILE": files.index]
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
        let sign = try topGit.run(["config", "--bool", "--get", "commit.gpgsign"]).stdoutText.hasPrefix("true")
        var args = ["commit-tree", tree, "-m", message]
        if let head { args += ["-p", head] }
        if sign { args.append("-S") }
        let result = try topGit.run(args)
        guard result.succeeded else {
            let text = result.stderrText
            let first = text.split(separator: "\n").first.map(String.init) ?? "exit \(result.status)"
            if text.contains("Please tell me who you are") || text.contains("identity") {
                throw SessionError(
                    .refused, "git has no author identity, so the state cannot be committed",
                    hint: "set it with git config user.name and git config user.email; the state itself was saved")
            }
            if sign {
                throw SessionError(
                    .refused, "commit.gpgsign is set but the commit could not be signed: \(first)",
                    remedy: .fixSigningOrSaveWithoutCommit)
            }
            throw SessionError(.refused, "git commit-tree failed: \(first)")
        }
        let commit = result.stdoutText.trimmed(.whitespacesAndNewlines)

        // 2. Hold git's index lock, as `git commit` does, and put the user's refreshed index into it.
        try files.takeIndexLock()
        var holding = true
        defer { if holding { files.releaseIndexLock() } }
        if let current = try AtomicFile.read(files.liveIndex) {
            try AtomicFile.write(current, to: files.userIndex)
        }
        let reset = try topGit.run(
            ["reset", "-q", commit, "--"] + repoPaths, extraEnvironment: ["GIT_INDEX_FILE": files.userIndex])
        guard reset.succeeded, let refreshed = try AtomicFile.read(files.userIndex) else {
            let first = reset.stderrText.split(separator: "\n").first.map(String.init) ?? ""
            throw SessionError(.refused, "cannot prepare git's index for the commit: \(first); nothing was committed")
        }
        try files.fillIndexLock(refreshed)
        try AtomicFile.write(commit + "\n", to: files.marker)

        // 3. HEAD moves (compare-and-swap), then the index that agrees with it replaces the old one.
        let old = head ?? String(repeating: "0", count: 40)
        let update = try topGit.run(["update-ref", "-m", "save-state: \(message)", "HEAD", commit, old])
        guard update.succeeded else {
            throw SessionError(
                .busy, "HEAD moved while the state was being committed; nothing was committed",
                remedy: .commitAgain)
        }
        files.installIndexLock()
        holding = false
        return GitCommit(hash: commit, shortHash: String(commit.prefix(7)), subject: message)
    }

    /// Finishes what killed runs left in the git folder: an `index.lock` of ours becomes the index when HEAD is the
    /// commit that run made (it had moved HEAD), else is removed (it had not); temp files of dead runs are removed.
    /// A live run's files are never touched.
    public static func recover(git: Git, repository: GitRepository) {
        let dir = repository.gitDirectory
        let dead = Set(AbandonedTemps.names(in: dir, writer: Files.writer).compactMap(Files.writer))
        for pid in dead.sorted() {
            let files = Files(gitDirectory: dir, pid: pid)
            if files.ownsIndexLock() {
                // ignored: an unreadable marker means "not proven": the lock is released, as documented above
                let target = (try? AtomicFile.read(files.marker)).flatMap { $0 }.map {
                    String(decoding: $0, as: UTF8.self).trimmed(.whitespacesAndNewlines)
                }
                // ignored: without git the HEAD is unknown, so the lock is released (never installed unproven)
                let head = (try? git.run(["rev-parse", "-q", "--verify", "HEAD"]))?.stdoutText
                    .trimmed(.whitespacesAndNewlines)
                if let target, !target.isEmpty, head == target {
                    files.installIndexLock()
                } else {
                    files.releaseIndexLock()
                }
            }
            for path in files.all { PlatformFacts.unlink(path) }
        }
    }

    /// The files one run keeps in the git folder.
    struct Files {
        static let prefix = "agent-sessions-"
        let gitDirectory: String
        let pid: Int32

        /// The pid in the name of one of our files in the git folder (AtomicFile temps of them included: a leading
        /// dot), nil for any other name or for this process.
        static func writer(_ found: String) -> Int32? {
            let name = found.hasPrefix(".") ? found.dropFirst() : Substring(found)
            guard name.hasPrefix(Files.prefix) else { return nil }
            var rest = name.dropFirst(Files.prefix.count)
            if rest.hasPrefix("index-") { rest = rest.dropFirst(6) }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard let pid = Int32(digits), pid > 0, pid != PlatformFacts.processID else { return nil }
            return pid
        }

        var own: String { gitDirectory + "/\(Files.prefix)\(pid).lock" }
        var marker: String { gitDirectory + "/\(Files.prefix)\(pid).commit" }
        var index: String { gitDirectory + "/\(Files.prefix)index-\(pid)" }
        var userIndex: String { index + ".user" }
        var liveIndex: String { gitDirectory + "/index" }
        var indexLock: String { gitDirectory + "/index.lock" }
        /// Everything of this run, git's own locks of our temp indexes and AtomicFile temps included.
        var all: [String] {
            let names = FileInfo.list(gitDirectory).filter {
                $0.hasPrefix("\(Files.prefix)\(pid).") || $0.hasPrefix("\(Files.prefix)index-\(pid).")
                    || $0 == "\(Files.prefix)index-\(pid)" || $0.hasPrefix(".\(Files.prefix)\(pid).")
                    || $0.hasPrefix(".\(Files.prefix)index-\(pid).")
            }
            return names.map { gitDirectory + "/" + $0 }
        }

        /// Takes `.git/index.lock` (created empty under our own name, then linked: never someone else's).
        func takeIndexLock() throws(SessionError) {
            PlatformFacts.unlink(own)
            do {
                FileCalls.close(try FileCalls.open(own, [.write, .create, .exclusive]))
            } catch {
                throw SessionError(
                    .cannotCreate, "cannot write in the git folder: \(error.message)", file: gitDirectory)
            }
            do { try FileCalls.link(own, to: indexLock) } catch let failure {
                PlatformFacts.unlink(own)
                if failure.exists {
                    throw SessionError(
                        .busy, "git's index is locked by another git command; nothing was committed",
                        hint: "try again when it has finished (if none is running, remove the lock file)",
                        file: indexLock)
                }
                throw SessionError(
                    .cannotCreate, "cannot lock git's index: \(failure.message)", file: indexLock)
            }
        }

        /// Whether `.git/index.lock` is the file this run linked.
        func ownsIndexLock() -> Bool {
            guard let a = FileCalls.status(own, followLinks: false),
                let b = FileCalls.status(indexLock, followLinks: false)
            else { return false }
            return a.sameFile(as: b)
        }

        /// Writes the new index into the lock we hold (same file as `own`), synced.
        func fillIndexLock(_ bytes: [UInt8]) throws(SessionError) {
            do {
                let fd = try FileCalls.open(own, [.write, .truncate, .noFollow])
                defer { FileCalls.close(fd) }
                try FileCalls.writeAll(fd, bytes)
                try FileCalls.sync(fd)
            } catch {
                throw SessionError(.cannotCreate, "cannot write: \(error.message)", file: indexLock)
            }
        }

        /// The lock becomes the index (git's own commit step), then our files go.
        func installIndexLock() {
            if ownsIndexLock() { PlatformFacts.rename(indexLock, liveIndex) }
            PlatformFacts.unlink(own)
            PlatformFacts.unlink(marker)
        }

        /// Gives the lock up unused: the index stays as it was.
        func releaseIndexLock() {
            if ownsIndexLock() { PlatformFacts.unlink(indexLock) }
            PlatformFacts.unlink(own)
            PlatformFacts.unlink(marker)
        }
    }
}
