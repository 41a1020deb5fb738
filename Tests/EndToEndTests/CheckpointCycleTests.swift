import Foundation
import SessionModel
import TestSupport
import Testing

/// Issue #13: the checkpoint cycle holds up to what agents and people type, and stays quiet in git. One test per
/// numbered case of the issue, on the built binaries, each in its own sandbox (temporary HOME).
@Suite struct CheckpointCycleTests {
    static let sourceRoot = RepoRoot.path

    func state(_ box: Sandbox, _ root: String) throws -> JSONValue {
        try box.json(box.read(root + "/.claude/claude-state.json") ?? "")
    }

    func porcelain(_ box: Sandbox, _ repo: String) throws -> String {
        try box.git(["status", "--porcelain", "--untracked-files=all"], in: repo)
    }

    // 1. A blank task is refused up front; a state that cannot be read says how to get back.
    @Test func blankTasksAreRefusedAndReadErrorsShowTheWayBack() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        for blank in ["", "   "] {
            let r = try box.run("save-state", ["--pending", blank], cwd: repo)
            #expect(r.status == 64)
            #expect(r.stderr.hasPrefix("save-state: error: missing value for '--pending'"), "\(r.stderr)")
        }
        #expect(try box.run("save-state", ["--completed", "ok", "--in-progress", "\n"], cwd: repo).status == 64)
        #expect(box.read(repo + "/.claude/claude-state.json") == nil)

        #expect(try box.run("save-state", ["--pending", "Good task", "first notes"], cwd: repo).status == 0)
        #expect(try box.run("save-state", ["--pending", "Good task", "--pending", "Second"], cwd: repo).status == 0)
        // The file is damaged (a hand edit): every read fails with 65, ending with the way back.
        let statePath = repo + "/.claude/claude-state.json"
        try box.write(statePath, #"{"pending": ["  "]}"#)
        for (tool, args) in [("load-state", [String]()), ("save-state", ["--force", "--pending", "X"])] {
            let r = try box.run(tool, args, cwd: repo)
            #expect(r.status == 65, "\(tool)")
            #expect(r.stderr.contains("claude-state.json: task 1 is empty"), "\(r.stderr)")
            #expect(
                r.stderr.hasSuffix(
                    "'save-state --restore' lists the 1 copy in .claude/state-history/ and "
                        + "'save-state --restore 1' restores the newest)\n"), "\(r.stderr)")
        }
        #expect(box.read(statePath) == #"{"pending": ["  "]}"#)  // never overwritten

        let list = try box.run("save-state", ["--restore"], cwd: repo)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.hasPrefix("Copies in .claude/state-history/, newest first:\n  1  claude-state-"))
        #expect(list.stdout.contains("1 task (1 unfinished), notes\n"))
        let restore = try box.run("save-state", ["--restore", "1"], cwd: repo)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.hasPrefix("Restored .claude/claude-state.json from .claude/state-history/"))
        #expect(restore.stdout.contains("The state it replaced is kept in .claude/state-history/"))
        #expect(try state(box, repo)["pending"] == .strings(["Good task"]))
        #expect(try state(box, repo)["context"]?["notes"] == "first notes")
        // The damaged state was kept too (nothing is lost), and load-state works again.
        let copies = FileInfo.list(repo + "/.claude/state-history")
        #expect(copies.contains { box.read(repo + "/.claude/state-history/" + $0) == #"{"pending": ["  "]}"# })
        #expect(try box.run("load-state", [], cwd: repo).stdout.contains("## Pending\n- Good task\n"))
        #expect(try box.run("save-state", ["--restore", "9"], cwd: repo).status == 66)
        #expect(try box.run("save-state", ["--restore", "--pending", "x"], cwd: repo).status == 64)
    }

    // 2. Notes are kept unless new notes are given; `--notes ''` clears them.
    @Test func notesAreKeptUnlessReplacedOrCleared() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        var r = try box.run("save-state", ["--pending", "A", "--notes", "the edge case"], cwd: repo)
        #expect(r.stdout.contains("\nNotes: added\n"))
        r = try box.run("save-state", ["--commit"], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\nNotes: kept\n"))
        #expect(try state(box, repo)["context"]?["notes"] == "the edge case")
        r = try box.run("save-state", ["--completed", "A", "--json"], cwd: repo)
        #expect(try box.json(r.stdout)["notes"] == "kept")
        #expect(try state(box, repo)["context"]?["notes"] == "the edge case")
        r = try box.run("save-state", ["new notes"], cwd: repo)
        #expect(r.stdout.contains("\nNotes: replaced\n"))
        #expect(try state(box, repo)["context"]?["notes"] == "new notes")
        r = try box.run("save-state", ["--notes", ""], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\nNotes: cleared\n"))
        #expect(try state(box, repo)["context"]?["notes"] == .null)
        #expect(try state(box, repo)["completed"] == .strings(["A"]))
    }

    // 3. `--commit` does not report itself, and makes no commit when nothing changed.
    @Test func stateCommitsAreQuiet() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let first = try box.git(["rev-parse", "HEAD"], in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        var r = try box.run("save-state", ["--pending", "A", "--commit"], cwd: repo)
        #expect(r.stdout.contains("Committed: "), "\(r.stderr)")
        for _ in 0..<2 {
            r = try box.run("save-state", ["--commit"], cwd: repo)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("Commit: nothing to commit"), "\(r.stdout)")
            #expect(!r.stdout.contains("Committed: "))
        }
        let json = try box.json(try box.run("save-state", ["--commit", "--json"], cwd: repo).stdout)
        #expect(json["commit"] == .null)
        #expect(json["written"] == false)
        #expect(try box.git(["rev-list", "--count", "HEAD"], in: repo) == "2\n")  // one state commit, not four
        #expect(try porcelain(box, repo) == "")

        // The checkpoint is anchored at the last real commit; "since then" leaves the state commits out.
        #expect(try state(box, repo)["context"]?["last_commit"] == .string(first))
        // HEAD is the state commit now.
        #expect(try box.run("save-state", ["--pending", "A", "--pending", "B"], cwd: repo).status == 0)
        #expect(try state(box, repo)["context"]?["last_commit"] == .string(first))
        #expect(try state(box, repo)["context"]?["last_commit_message"] == "first commit")
        #expect(try box.run("save-state", ["--commit"], cwd: repo).stdout.contains("Committed: "))
        var load = try box.run("load-state", [], cwd: repo)
        #expect(load.stdout.hasSuffix("## Since then\n- Nothing changed in git.\n"), "\(load.stdout)")
        try box.write("repo/work.txt", "w\n")
        try box.git(["add", "work.txt"], in: repo)
        try box.git(["commit", "-q", "-m", "real work"], in: repo)
        load = try box.run("load-state", [], cwd: repo)
        #expect(load.stdout.contains("- 1 new commit:\n"))
        #expect(load.stdout.contains(" real work\n"))
        #expect(!load.stdout.contains("chore: save session state"))
        let changes = try box.json(try box.run("load-state", ["--json"], cwd: repo).stdout)["changes"]
        #expect(changes?["commits_since"]?.arrayValue?.compactMap { $0["subject"]?.stringValue } == ["real work"])
    }

    // 4. Starting an agent (its SessionStart hooks, a shim launch) leaves `git status` exactly as it was.
    @Test func startingAnAgentLeavesGitStatusAlone() throws {
        let w = try ResumeSandbox()
        let box = w.box
        try FileManager.default.createDirectory(atPath: box.home + "/.claude", withIntermediateDirectories: true)
        let repo = try box.makeRepo("proj")
        #expect(try box.run("save-state", ["--pending", "ship it", "--commit"], cwd: repo).status == 0)
        #expect(try porcelain(box, repo) == "")
        let install = try box.run("setup-agents", ["install", "--hooks", "--source", Self.sourceRoot], cwd: box.root)
        #expect(install.status == 0, "\(install.stderr)")

        // Every SessionStart command setup-agents gave Claude, run as Claude runs them.
        let settings = try #require(try JSONFile.read(box.home + "/.claude/settings.json"))
        let commands = (settings["hooks"]?["SessionStart"]?.arrayValue ?? [])
            .compactMap { $0["hooks"]?.arrayValue }.flatMap { $0 }.compactMap { $0["command"]?.stringValue }
            .filter { $0.contains("load-state") || $0.contains("save-session") }
        #expect(commands.count == 2, "\(commands)")
        let id = "3f1c2b7a-0000-4000-8000-000000000001"
        let payload = #"{"session_id":"\#(id)","cwd":"\#(repo)","hook_event_name":"SessionStart","source":"startup"}"#
        for command in commands {
            let r = try SpawnProcessRunner().run(
                "/bin/sh", ["-c", command], workingDirectory: repo, environment: box.environment,
                input: Array(payload.utf8), timeout: 30)
            #expect(r.status == 0, "\(command): \(r.stderrText)")
            #expect(r.stderrText.isEmpty, "\(command): \(r.stderrText)")
        }
        #expect(try porcelain(box, repo) == "")

        // A shim launch (a new claude session through the resume-session shim).
        #expect(try w.resume(["setup", "claude"], cwd: repo).status == 0)
        let launch = try w.exec(
            w.shims + "/claude", ["hi"], cwd: repo, path: w.shims + ":" + w.bin + ":" + w.systemPath)
        #expect(launch.status == 0, "\(launch.stderr)")
        #expect(launch.stderr.hasPrefix("[agent-sessions] New claude session "))
        #expect(try w.record(repo, "claude")?["session_id"]?.stringValue != nil)
        #expect(try porcelain(box, repo) == "")
        #expect(box.read(repo + "/.gitignore") == nil)
        #expect(!FileInfo.exists(repo + "/docs/.ai"))

        // The session's entry is written when it ends: one entry, with the start noted at the start.
        let end = #"{"session_id":"\#(id)","cwd":"\#(repo)","hook_event_name":"SessionEnd","reason":"exit"}"#
        let r = try box.run("save-session", ["--hook", "claude", "--json"], cwd: repo, stdin: end)
        #expect(r.status == 0, "\(r.stderr)")
        let registry = try box.json(box.read(repo + "/docs/.ai/sessions.json") ?? "")
        let entries = registry["sessions"]?.arrayValue ?? []
        #expect(entries.count == 1)
        #expect(entries.first?["id"] == .string(id))
        #expect(entries.first?["started_at"]?.stringValue != nil)
    }

    // 5. An option's value is never one of the tool's own flags; `save-state help` is help.
    @Test func flagsAreNotSwallowedAsValues() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        for args in [["--pending", "--json"], ["--notes", "--commit"], ["--completed", "-h"]] {
            let r = try box.run("save-state", args, cwd: repo)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr.hasPrefix("save-state: error: missing value for '\(args[0])'"), "\(r.stderr)")
            #expect(r.stdout.isEmpty, "\(args): the swallowed --json is not obeyed either")
        }
        // `--json` as a flag after a valid value still gets a JSON error.
        let jsonError = try box.run("save-state", ["--pending", "x", "--bogus", "--json"], cwd: repo)
        #expect(jsonError.status == 64)
        #expect(try box.json(jsonError.stdout)["error"]?["code"] == 64)
        #expect(try box.run("save-state", ["--notes=--json"], cwd: repo).status == 0)  // explicit, so allowed
        #expect(try state(box, repo)["context"]?["notes"] == "--json")
        try FileManager.default.removeItem(atPath: repo + "/.claude")
        for tool in ["save-state", "load-state"] {
            let help = try box.run(tool, ["help"], cwd: repo)
            #expect(help.status == 0)
            #expect(help.stdout.hasPrefix("OVERVIEW: "), "\(tool)")
        }
        for word in ["status", "restore"] {
            let r = try box.run("save-state", [word], cwd: repo)
            #expect(r.status == 64)
            #expect(r.stderr.hasPrefix("save-state: error: '\(word)' is not a save-state command"), "\(r.stderr)")
        }
        #expect(!FileInfo.exists(repo + "/.claude"))
        #expect(try box.run("save-state", ["--notes", "status"], cwd: repo).status == 0)
    }

    // 6. Outside git: --repo-root is needed; the agent's own config folder is never written; --repo-root is resolved.
    @Test func outsideGitNeedsRepoRootAndNeverWritesTheAgentsFolder() throws {
        let box = Sandbox()
        let plain = box.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        for tool in ["save-state", "load-state"] {
            let r = try box.run(tool, ["x"].filter { _ in tool == "save-state" }, cwd: plain)
            #expect(r.status == 64, "\(tool)")
            #expect(r.stderr.contains("not in a git repository"), "\(r.stderr)")
            #expect(r.stderr.contains("--repo-root"), "\(r.stderr)")
        }
        #expect(!FileInfo.exists(plain + "/.claude"))
        // $HOME holds Claude's own config folder: never the checkpoint's, even when asked for or already there.
        try box.write("home/.claude/claude-state.json", #"{"pending":["old"]}"#)
        for (cwd, args) in [(box.home, ["x"]), (plain, ["--repo-root", box.home, "x"])] {
            let r = try box.run("save-state", args, cwd: cwd)
            #expect(r.status != 0)
            #expect(r.stderr.contains("the agent's own config folder"), "\(r.stderr)")
        }
        let custom = box.path("claude-config")
        try box.write("claude-config/claude-state.json", "{}")
        let r = try box.run(
            "save-state", ["--repo-root", box.root, "x"], cwd: plain, env: ["CLAUDE_CONFIG_DIR": custom])
        #expect(r.status == 0, "\(r.stderr)")  // box.root/.claude is not the config folder (that is claude-config)
        #expect(box.read(box.home + "/.claude/claude-state.json") == #"{"pending":["old"]}"#)
        #expect(box.read(custom + "/claude-state.json") == "{}")
        // A folder outside git that already holds a checkpoint is the project.
        #expect(try box.run("save-state", ["--repo-root", plain, "--pending", "P"], cwd: box.root).status == 0)
        let load = try box.run("load-state", [], cwd: plain)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stdout.contains("- P\n"))
        // --repo-root inside a repository means its top folder.
        let repo = try box.makeRepo()
        try FileManager.default.createDirectory(atPath: repo + "/sub/dir", withIntermediateDirectories: true)
        #expect(
            try box.run("save-state", ["--repo-root", repo + "/sub/dir", "--pending", "T"], cwd: plain).status == 0)
        #expect(FileInfo.isFile(repo + "/.claude/claude-state.json"))
        #expect(!FileInfo.exists(repo + "/sub/dir/.claude"))
    }

    // 7. --force names what it dropped; the history folder is gitignored once; load-state caps notes and tasks;
    // the output names a shell command.
    @Test func forceHistoryCapAndShellCommands() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        var r = try box.run("save-state", ["--pending", "A", "--in-progress", "B"], cwd: repo)
        #expect(r.stdout.hasSuffix("Load with: load-state (or /load in your agent)\n"))
        // The second save is the first to keep a history copy (its tasks differ), so it adds the ignore line. (A save
        // that changes only the timestamp keeps a copy too when the second has turned: no such save comes before it.)
        r = try box.run("save-state", ["--pending", "C", "--force", "--commit"], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Dropped (--force): \"B\" (in_progress), \"A\" (pending)\n"))
        #expect(r.stdout.contains("Added '.claude/state-history/' to .gitignore"))
        #expect(box.read(repo + "/.gitignore") == ".claude/state-history/\n")
        #expect(try porcelain(box, repo) == "")  // the new ignore line went into the state commit
        #expect(try box.json(try box.run("save-state", ["--json"], cwd: repo).stdout)["load_with"] == "load-state")
        r = try box.run("save-state", ["--pending", "C", "--pending", "D", "--json"], cwd: repo)
        let out = try box.json(r.stdout)
        #expect(out["dropped"] == .array([]))
        #expect(out["gitignore"] == nil)
        #expect(box.read(repo + "/.gitignore") == ".claude/state-history/\n")  // once

        let notes = String(repeating: "A line of notes that goes on for a while.\n", count: 2_600)  // ~108 KB
        #expect(try box.run("save-state", ["--notes", notes], cwd: repo).status == 0)
        let load = try box.run("load-state", [], cwd: repo)
        let head = load.stdout.components(separatedBy: "## Since then")[0]
        #expect(head.utf8.count < 9 * 1024, "\(head.utf8.count)")
        #expect(load.stdout.contains("more bytes of tasks and notes not shown: they are in .claude/claude-progress.md"))
        #expect(load.stdout.contains("## Since then\n"))
        let full = try box.json(try box.run("load-state", ["--json"], cwd: repo).stdout)
        #expect(full["state"]?["context"]?["notes"]?.stringValue?.utf8.count == notes.utf8.count)
    }
}

/// `save-state --dry-run` (issue #16: every command that writes has one) checks everything a save checks and writes
/// nothing: no state, no lock, no history copy, no commit.
@Suite struct SaveStateDryRunTests {
    @Test func dryRunChecksLikeASaveAndWritesNothing() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let first = try box.run("save-state", ["--pending", "Keep me", "--dry-run"], cwd: repo)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Dry run: would save .claude/claude-state.json (nothing written)\n"))
        #expect(FileInfo.kind(repo + "/.claude") == .missing)

        #expect(try box.run("save-state", ["--pending", "Keep me", "notes"], cwd: repo).status == 0)
        let before = box.read(repo + "/.claude/claude-state.json")
        let status = try box.git(["status", "--porcelain", "--untracked-files=all"], in: repo)
        // The same refusals as a real save: dropping an unfinished task is 1, a blank title 64.
        #expect(try box.run("save-state", ["--pending", "Other", "--dry-run"], cwd: repo).status == 1)
        #expect(try box.run("save-state", ["--pending", " ", "--dry-run"], cwd: repo).status == 64)
        let forced = try box.run(
            "save-state", ["--pending", "Other", "--force", "--commit", "--dry-run", "--json"], cwd: repo)
        #expect(forced.status == 0, "\(forced.stderr)")
        let json = try box.json(forced.stdout)
        #expect(json["dry_run"] == true)
        #expect(json["would_write"] == true)
        #expect(json["would_commit"] == true)
        #expect(json["dropped"]?.arrayValue?.count == 1)
        #expect(box.read(repo + "/.claude/claude-state.json") == before)
        #expect(try box.git(["status", "--porcelain", "--untracked-files=all"], in: repo) == status)
        #expect(
            try box.git(["rev-list", "--count", "HEAD"], in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
                == "1")
        #expect(FileInfo.kind(repo + "/.claude/state-history") == .missing)
        // --restore --dry-run names the copy it would restore and changes nothing.
        #expect(try box.run("save-state", ["--pending", "Keep me", "--pending", "Two"], cwd: repo).status == 0)
        let saved = box.read(repo + "/.claude/claude-state.json")
        let restore = try box.run("save-state", ["--restore", "1", "--dry-run"], cwd: repo)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.hasPrefix("Dry run: would restore .claude/claude-state.json from "), "\(restore.stdout)")
        #expect(box.read(repo + "/.claude/claude-state.json") == saved)
        #expect(FileInfo.list(repo + "/.claude/state-history").count == 1)
    }
}
