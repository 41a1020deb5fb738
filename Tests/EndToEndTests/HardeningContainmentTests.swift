import Foundation
import SessionModel
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue #12: writes stay inside the project (or the agent's store), and an interrupted run leaves nothing wrong.
@Suite struct HardeningContainmentTests {
    static let transcript = RepoRoot.fixture("export/synthetic.transcript.jsonl")

    /// A folder outside the project, and a link to it planted at `relative` in `repo`.
    static func plant(_ sb: Sandbox, repo: String, _ relative: String, outside: String = "outside") throws -> String {
        let target = sb.path(outside)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: Paths.dirname(repo + "/" + relative), withIntermediateDirectories: true)
        #expect(symlink(target, repo + "/" + relative) == 0)
        return target
    }

    /// A Codex rollout (native) with `id`, as Codex CLI writes it.
    static func rollout(id: String, cwd: String = "/elsewhere") -> String {
        """
        {"timestamp":"2026-11-21T08:23:59.430Z","type":"session_meta","payload":{"id":"\(id)","timestamp":"2026-11-21T08:23:59.430Z","cwd":"\(cwd)","originator":"codex_cli_rs","cli_version":"0.50.0"}}
        {"timestamp":"2026-11-21T08:24:00.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"hello \(id)"}]}}

        """
    }

    // MARK: 1. symlinks

    enum WritePath: String, CaseIterable, Sendable {
        case stateFolder = "save-state: .claude"
        case historyFolder = "save-state: .claude/state-history"
        case lockFile = "save-state: .claude/claude-state.json.lock"
        case registryFolder = "save-session: docs/.ai"
        case codexExports = "export-session: .codex/sessions"
        case claudeExports = "export-session: .claude/sessions"
        case codexStore = "export-session import: ~/.codex/sessions/<year>"
        case resumeRecord = "resume-session: .ai"
    }

    @Test(arguments: WritePath.allCases)
    func aSymlinkLeadingOutsideIsRefused(_ path: WritePath) throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let codexHome = sb.path("codex-home")
        let env = [
            "CODEX_HOME": codexHome, "CLAUDE_CODE_SESSION_ID": "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10",
            "CLAUDECODE": "1",
        ]
        var tool = "save-state"
        var args = ["notes"]
        var outside = ""
        var link = ""
        switch path {
        case .stateFolder:
            link = ".claude"
            outside = try Self.plant(sb, repo: repo, link)
        case .historyFolder:
            #expect(try sb.run("save-state", ["first"], cwd: repo).status == 0)
            link = ".claude/state-history"
            outside = try Self.plant(sb, repo: repo, link)
            args = ["second"]
        case .lockFile:
            try FileManager.default.createDirectory(atPath: repo + "/.claude", withIntermediateDirectories: true)
            outside = sb.path("outside")
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            link = ".claude/claude-state.json.lock"
            #expect(symlink(outside + "/planted.lock", repo + "/" + link) == 0)
        case .registryFolder:
            link = "docs/.ai"
            outside = try Self.plant(sb, repo: repo, link)
            tool = "save-session"
            args = ["--summary", "did x"]
        case .codexExports, .claudeExports:
            link = path == .codexExports ? ".codex/sessions" : ".claude/sessions"
            outside = try Self.plant(sb, repo: repo, link)
            tool = "export-session"
            var input = Self.transcript
            if path == .claudeExports {
                input = try sb.write(
                    "claude.transcript.jsonl",
                    try #require(sb.read(Self.transcript)).replacingOccurrences(
                        of: #""agent":"codex""#, with: #""agent":"claude""#))
            }
            args = ["--input", input, "--format", "html"]
        case .codexStore:
            let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()))
            try FileManager.default.createDirectory(
                atPath: codexHome + "/sessions", withIntermediateDirectories: true)
            outside = sb.path("outside")
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            link = codexHome + "/sessions/" + year
            #expect(symlink(outside, link) == 0)
            tool = "export-session"
            args = ["import", try sb.write("r.jsonl", Self.rollout(id: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"))]
        case .resumeRecord:
            link = ".ai"
            outside = try Self.plant(sb, repo: repo, link)
            tool = "resume-session"
            args = ["reset"]
        }
        let before = sb.bytes(repo + "/.claude/claude-state.json") ?? []
        let out = try sb.run(tool, args, cwd: repo, env: env)
        let shownLink = link.hasPrefix("/") ? link : repo + "/" + link
        #expect(out.status == 73, "\(path.rawValue): \(out.status) \(out.stderr)")
        #expect(out.stderr.contains(shownLink), "\(path.rawValue): \(out.stderr)")
        #expect(out.stderr.contains(outside), "the target is named: \(out.stderr)")
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(!out.stdout.contains("git add"))
        #expect(sb.tree(outside).isEmpty, "\(path.rawValue) wrote outside: \(sb.tree(outside))")
        #expect(FileInfo.kind(shownLink) == .symlink, "the link stays")
        #expect((sb.bytes(repo + "/.claude/claude-state.json") ?? []) == before)
    }

    @Test func aSymlinkStayingInsideIsFollowedAndOutIsTheUsersChoice() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        try FileManager.default.createDirectory(atPath: repo + "/real-claude", withIntermediateDirectories: true)
        #expect(symlink(repo + "/real-claude", repo + "/.claude") == 0)
        let saved = try sb.run("save-state", ["notes"], cwd: repo)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(FileInfo.isFile(repo + "/real-claude/claude-state.json"))
        // --out names a folder explicitly: anywhere, through links too.
        let away = try Self.plant(sb, repo: repo, "exports", outside: "away")
        let out = try sb.run(
            "export-session", ["--input", Self.transcript, "--format", "html", "--out", "exports"], cwd: repo)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(sb.tree(away).count == 1)
    }

    // MARK: 2. --commit at every kill point

    /// The git command lines save-state --commit runs, as `case` patterns.
    static let commitSteps = [
        "read-tree *", "add -f *", "write-tree", "rev-parse *^{tree}", "config --bool --get commit.gpgsign",
        "commit-tree *", "reset -q *", "update-ref *",
    ]

    static func realGit() throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = String(dir) + "/git"
            if access(p, X_OK) == 0 { return p }
        }
        throw ToolError(.noInput, "git not found")
    }

    @Test(arguments: commitSteps, ["before", "after"])
    func commitKilledAtAnyStepLeavesNoCommitOrAnAgreeingIndex(step: String, when: String) throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        #expect(try sb.run("save-state", ["base", "--commit"], cwd: repo).status == 0)
        try sb.write("repo/staged.txt", "the user's staged work\n")
        try sb.git(["add", "staged.txt"], in: repo)
        let wrapper = sb.path("wrapper")
        try sb.write(
            "wrapper/git",
            """
            #!/bin/sh
            case "$*" in
            $KILL_MATCH)
              if [ "$KILL_WHEN" = before ]; then kill -9 $PPID; exit 1; fi
              \(try Self.realGit()) "$@"; rc=$?; kill -9 $PPID; exit $rc ;;
            esac
            exec \(try Self.realGit()) "$@"

            """)
        chmod(wrapper + "/git", 0o755)
        let oldHead = try sb.git(["rev-parse", "HEAD"], in: repo)
        let oldIndex = try #require(sb.bytes(repo + "/.git/index"))
        let killed = try sb.run(
            "save-state", ["new notes", "--commit"], cwd: repo,
            env: ["PATH": wrapper + ":" + sb.environment["PATH"]!, "KILL_MATCH": step, "KILL_WHEN": when])
        let context = "killed \(when) '\(step)' (exit \(killed.status))"
        #expect(killed.status != 0, "\(context): not killed")
        let movedHead = try sb.git(["rev-parse", "HEAD"], in: repo) != oldHead
        if movedHead {
            // Until the next run, git cannot write the old index over the commit: its lock holds the new one.
            #expect(FileInfo.isFile(repo + "/.git/index.lock"), "\(context): HEAD moved, index unguarded")
        }

        let next = try sb.run("save-state", ["later"], cwd: repo)
        #expect(next.status == 0, "\(context): \(next.stderr)")
        let head = try sb.git(["rev-parse", "HEAD"], in: repo)
        if head == oldHead {
            #expect(sb.bytes(repo + "/.git/index") == oldIndex, "\(context): no commit but the index changed")
        } else {
            #expect(try sb.git(["rev-parse", "HEAD^"], in: repo) == oldHead)
            let cached = try sb.git(
                [
                    "diff", "--cached", "--name-only", "HEAD", "--", ".claude/claude-state.json",
                    ".claude/claude-progress.md",
                ], in: repo)
            #expect(cached.isEmpty, "\(context): the index disagrees with the commit: \(cached)")
            let staged = try sb.git(["diff", "--cached", "--name-only"], in: repo)
            #expect(staged == "staged.txt\n", "\(context): the user's staged work: \(staged)")
        }
        #expect(!FileInfo.exists(repo + "/.git/index.lock"), "\(context): index.lock left")
        let leftovers = FileInfo.list(repo + "/.git").filter { $0.contains("agent-sessions") }
        #expect(leftovers.isEmpty, "\(context): \(leftovers)")
        // And git works normally afterwards.
        try sb.git(["commit", "-q", "-m", "user commit"], in: repo)
        let committedState = try sb.git(["show", "HEAD:.claude/claude-state.json"], in: repo)
        #expect(committedState.contains(head == oldHead ? "base" : "new notes"), "\(context): reverted")
    }

    @Test func commitIsRefusedDuringBisectAndSignedWhenAsked() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        // The fake gpg programs are written first: a script exec'd right after it was written can fail with ETXTBSY
        // while a child that another test is spawning still holds the write descriptor (fork before exec).
        try sb.write("bad-gpg", "#!/bin/sh\necho 'gpg: no secret key' >&2\nexit 2\n")
        chmod(sb.path("bad-gpg"), 0o755)
        try sb.write(
            "good-gpg",
            "#!/bin/sh\ncat >/dev/null\nprintf '\\n[GNUPG:] SIG_CREATED D 1 8 00 1 ABC\\n' >&2\n"
                + "printf '%s\\n' '-----BEGIN PGP SIGNATURE-----' '' 'ZmFrZQ==' '-----END PGP SIGNATURE-----'\n")
        chmod(sb.path("good-gpg"), 0o755)
        try sb.git(["bisect", "start"], in: repo)
        let bisect = try sb.run("save-state", ["notes", "--commit"], cwd: repo)
        #expect(bisect.status == 1)
        #expect(bisect.stderr.contains("a bisect is in progress"), "\(bisect.stderr)")
        try sb.git(["bisect", "reset"], in: repo)
        let head = try sb.git(["rev-parse", "HEAD"], in: repo)

        try sb.git(["config", "commit.gpgsign", "true"], in: repo)
        try sb.git(["config", "gpg.program", sb.path("bad-gpg")], in: repo)
        let failed = try sb.run("save-state", ["notes", "--commit"], cwd: repo)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("commit.gpgsign is set but the commit could not be signed"), "\(failed.stderr)")
        #expect(try sb.git(["rev-parse", "HEAD"], in: repo) == head, "no unsigned commit")
        #expect(!FileInfo.exists(repo + "/.git/index.lock"))

        try sb.git(["config", "gpg.program", sb.path("good-gpg")], in: repo)
        let signed = try sb.run("save-state", ["notes", "--commit"], cwd: repo)
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try sb.git(["cat-file", "-p", "HEAD"], in: repo).contains("gpgsig -----BEGIN PGP SIGNATURE-----"))
    }

    // MARK: 3. killed exports

    @Test func killedExportsLeaveNoTempFiles() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let lines = try #require(sb.read(Self.transcript)).split(separator: "\n").map(String.init)
        let message = try #require(lines.first { $0.contains("\"id\":\"m2\"") })
        var big = lines[0] + "\n"
        big.reserveCapacity(16 << 20)
        for _ in 0..<(6 << 20) / message.utf8.count { big += message + "\n" }
        let input = try sb.write("big.transcript.jsonl", big)
        let folder = repo + "/.codex/sessions"
        let t0 = Monotonic.now()
        let probe = try sb.start("export-session", ["--input", input, "--format", "html"], cwd: repo, tag: "probe")
        #expect(probe.wait() == 0, "\(probe.stderr)")
        let duration = Monotonic.now() - t0
        for name in FileInfo.list(folder) { unlink(folder + "/" + name) }
        var rng = SplitMix64(seed: Hardening.seed)
        for trial in 0..<Hardening.crashTrials {
            let run = try sb.start(
                "export-session", ["--input", input, "--format", "html"], cwd: repo, tag: "t\(trial)")
            usleep(UInt32(Double.random(in: 0.2...0.9, using: &rng) * duration * 1_000_000))  // the kill moment
            run.kill(SIGKILL)
            run.wait()
        }
        // Temp files named by writers that were killed (a file system without O_TMPFILE) go with the next named
        // write in that folder: StreamingFileTempTests.namedWriterRemovesDeadWritersTempsAndKeepsLiveOnes.
        let last = try sb.run("export-session", ["--input", Self.transcript, "--format", "html"], cwd: repo)
        #expect(last.status == 0, "\(last.stderr)")
        let status = try sb.git(["status", "--porcelain", "--untracked-files=all"], in: repo)
        let listed = status.split(separator: "\n")
        #expect(listed.allSatisfy { $0.hasPrefix("?? .codex/sessions/") && $0.hasSuffix(".html") }, "\(status)")
        #expect(!status.contains(".tmp"), "\(status)")
    }

    // MARK: 4. exact ids

    @Test func importMatchesWholeIdsNeverASuffix() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let codexHome = sb.path("codex-home")
        let env = ["CODEX_HOME": codexHome]
        let longID = "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
        let tailID = "8a9b-0c1d2e3f4a5b"  // the tail of the other id
        let other = try sb.write(
            codexHome + "/sessions/2026/01/02/rollout-2026-01-02T03-04-05-\(longID).jsonl", Self.rollout(id: longID))
        let file = try sb.write("tail.jsonl", Self.rollout(id: tailID))
        let out = try sb.run("export-session", ["import", file, "--force", "--json"], cwd: repo, env: env)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(FileInfo.isFile(other), "the unrelated rollout was moved aside")
        #expect(!FileInfo.exists(other + ".replaced"))
        #expect(try sb.json(out.stdout)["replaced"] == nil)
        // Lookups by id are exact too: the long id finds its own rollout, the tail finds the imported one.
        let found = try sb.run(
            "export-session", ["--agent", "codex", "--session", tailID, "--format", "json", "--out", sb.path("x")],
            cwd: repo, env: env)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(sb.tree(sb.path("x")).count == 1)
        let exported = try #require(sb.read(sb.path("x/" + sb.tree(sb.path("x"))[0])))
        #expect(exported.contains("hello \(tailID)") && !exported.contains("hello \(longID)"))
    }

    // MARK: 5. setup-agents

    static let repoRoot = RepoRoot.path

    /// Every entry under a folder: kind, link text, mode and content hash.
    static func snapshot(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        for rel in Sandbox.walk(root) {
            let path = root + "/" + rel
            switch FileInfo.kind(path) {
            case .symlink: out[rel] = "link " + (Containment.readLink(path) ?? "?")
            case .directory: out[rel] = "dir"
            default: out[rel] = "file " + ContentHash.of(((try? AtomicFile.read(path)) ?? nil) ?? [])
            }
        }
        return out
    }

    @Test func aSymlinkedSettingsFileIsEditedAtItsTargetAndUninstallGivesBackEveryByte() throws {
        let sb = Sandbox()
        let dotfiles = sb.path("dotfiles")
        try sb.write(dotfiles + "/claude-settings.json", "{\"model\": \"opus\"}\n")
        try FileManager.default.createDirectory(atPath: sb.home + "/.claude", withIntermediateDirectories: true)
        #expect(symlink(dotfiles + "/claude-settings.json", sb.home + "/.claude/settings.json") == 0)
        let home = Self.snapshot(sb.home)
        let dots = Self.snapshot(dotfiles)
        let install = try sb.run(
            "setup-agents", ["install", "--hooks", "--source", Self.repoRoot, "--bin-dir", "/opt/as/bin"], cwd: sb.root)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(FileInfo.kind(sb.home + "/.claude/settings.json") == .symlink, "the link stays a link")
        let edited = try #require(try JSONFile.read(dotfiles + "/claude-settings.json"))
        #expect(edited["model"] == "opus")
        #expect(!HookMerge.ours(in: edited, shape: .nested).isEmpty)
        #expect(FileInfo.list(dotfiles) == ["claude-settings.json"], "no temp file left at the target")
        let uninstall = try sb.run("setup-agents", ["uninstall"], cwd: sb.root)
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(Self.snapshot(sb.home) == home)
        #expect(Self.snapshot(dotfiles) == dots)
    }

    @Test func anInstallThatCannotFinishWritesNothing() throws {
        let sb = Sandbox()
        try FileManager.default.createDirectory(atPath: sb.home + "/.cursor", withIntermediateDirectories: true)
        #expect(symlink(sb.path("nowhere/hooks.json"), sb.home + "/.cursor/hooks.json") == 0)
        try sb.write("home/.claude/settings.json", "{}\n")
        let home = Self.snapshot(sb.home)
        let install = try sb.run(
            "setup-agents", ["install", "--hooks", "--source", Self.repoRoot, "--bin-dir", "/opt/as/bin"], cwd: sb.root)
        #expect(install.status == 73, "\(install.stderr)")
        #expect(install.stderr.contains(sb.home + "/.cursor/hooks.json"), "\(install.stderr)")
        #expect(Self.snapshot(sb.home) == home, "checked before the first write")
    }

    @Test func aKilledInstallIsRemovedByUninstall() throws {
        let sb = Sandbox()
        try sb.write("home/.claude/settings.json", "{\"model\": \"opus\"}\n")
        // A home has ~/.local/share already; an install killed before its first manifest write cannot know whether it
        // made that folder (docs/guarantees.md, Known limits), only its own agent-sessions folder inside it.
        try FileManager.default.createDirectory(atPath: sb.home + "/.local/share", withIntermediateDirectories: true)
        let home = Self.snapshot(sb.home)
        let args = ["install", "--hooks", "--mode", "copy", "--source", Self.repoRoot, "--bin-dir", "/opt/as/bin"]
        let t0 = Monotonic.now()
        let probe = try sb.start("setup-agents", args, cwd: sb.root, tag: "probe")
        #expect(probe.wait() == 0, "\(probe.stderr)")
        let duration = Monotonic.now() - t0
        #expect(try sb.run("setup-agents", ["uninstall"], cwd: sb.root).status == 0)
        #expect(Self.snapshot(sb.home) == home)
        var rng = SplitMix64(seed: Hardening.seed)
        for trial in 0..<Hardening.crashTrials {
            let run = try sb.start("setup-agents", args, cwd: sb.root, tag: "t\(trial)")
            let delay = Double.random(in: 0.1...0.9, using: &rng) * duration
            usleep(UInt32(delay * 1_000_000))  // the kill moment
            run.kill(SIGKILL)
            let status = run.wait()
            let uninstall = try sb.run("setup-agents", ["uninstall"], cwd: sb.root)
            #expect(uninstall.status == 0, "trial \(trial): \(uninstall.stderr)")
            let left = Self.snapshot(sb.home).filter { home[$0.key] != $0.value }
            // At most the one write the kill interrupted before it was recorded may be left.
            #expect(left.count <= 1, "trial \(trial) (kill after \(Int(delay * 1000)) ms, exit \(status)): \(left)")
            for (rel, _) in left { try? FileManager.default.removeItem(atPath: sb.home + "/" + rel) }
        }
    }

    // MARK: 6. shim fallback

    @Test(arguments: ["trailing slash", "symlinked folder"])
    func shimFallbackFindsTheAgentWhateverTheShimFolderIsCalled(_ spelling: String) throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo()
        try AtomicFile.write(
            Array(
                Shims.script(agent: "claude", executable: w.box.path("gone/resume-session"), directory: w.shims)
                    .utf8), to: w.shims + "/claude", defaultMode: 0o755)
        var onPath = w.shims + "/"
        if spelling == "symlinked folder" {
            onPath = w.box.path("shims-link")
            #expect(symlink(w.shims, onPath) == 0)
        }
        // Run through the folder as PATH spells it, by `sh <file>` (an exec of a script written a moment ago can fail
        // with ETXTBSY while another test's child still holds it, and sh would then bypass the shim).
        let out = try w.exec(
            "/bin/sh", [onPath + (onPath.hasSuffix("/") ? "" : "/") + "claude", "-x"], cwd: repo,
            path: onPath + ":" + w.bin + ":" + w.systemPath)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("is missing; running claude without resume"), "\(out.stderr)")
        #expect(w.take().map(\.program) == ["claude@1"])
    }

    // MARK: 7. claude-state.json keys

    @Test func unknownKeysSurviveASaveAndADuplicatedKeyIsRefused() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let state = repo + "/.claude/claude-state.json"
        try sb.write(
            state,
            """
            {"version":"1.0","timestamp":"2026-01-01T00:00:00Z","completed":[],"in_progress":[],"pending":["a"],
             "x_team":{"owner":"ana"},"context":{"notes":"n","x_ticket":"T-1"}}

            """)
        let saved = try sb.run("save-state", ["new"], cwd: repo)
        #expect(saved.status == 0, "\(saved.stderr)")
        let json = try #require(Hardening.parses(sb.bytes(state)))
        #expect(json["x_team"] == ["owner": "ana"])
        #expect(json["context"]?["x_ticket"] == "T-1")
        #expect(json["context"]?["notes"] == "new")

        let duplicated = "{\"version\":\"1.0\",\n\"pending\":[\"a\"],\n\"pending\":[]}\n"
        try sb.write(state, duplicated)
        for args in [["new"], ["--json"]] {
            let tool = args == ["--json"] ? "load-state" : "save-state"
            let out = try sb.run(tool, args, cwd: repo)
            #expect(out.status == 65, "\(tool): \(out.stderr)")
            #expect(out.stderr.contains("duplicate key \"pending\"") && out.stderr.contains(":3"), "\(out.stderr)")
        }
        #expect(sb.read(state) == duplicated)
    }
}
