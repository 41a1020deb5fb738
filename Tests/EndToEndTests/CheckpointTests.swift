import Foundation
import SessionModel
import Testing

/// save-state / load-state, run as built binaries in temporary git repositories with a temporary HOME.
@Suite struct CheckpointTests {
    @Test func saveThenLoadRoundTrip() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        try box.write("repo/work.txt", "x\n")
        let save = try box.run(
            "save-state",
            [
                "Remember the edge case", "--completed", "Write parser",
                "--in-progress", "Wire CLI", "--pending", "Add tests", "--pending", "Docs",
            ],
            cwd: repo)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stdout.contains("Completed: 1  In progress: 1  Pending: 2"))
        #expect(save.stdout.contains("Uncommitted files: 1"))
        #expect(save.stdout.hasSuffix("Load with: load-state (or /load in your agent)\n"))

        let state = try box.json(box.read(repo + "/.claude/claude-state.json") ?? "")
        #expect(state["version"] == "1.0")
        #expect(state["pending"] == .strings(["Add tests", "Docs"]))
        #expect(state["context"]?["branch"] == "main")
        #expect(state["context"]?["last_commit_message"] == "first commit")
        #expect(state["context"]?["modified_files"] == .strings(["work.txt"]))
        #expect(state["context"]?["notes"] == "Remember the edge case")
        let progress = box.read(repo + "/.claude/claude-progress.md") ?? ""
        #expect(progress.hasPrefix("# Session Progress\n\n**Last Updated**: "))
        #expect(progress.contains("## In Progress\n- [ ] Wire CLI\n"))

        // Work happens, then the next session loads.
        try box.git(["add", "work.txt"], in: repo)
        try box.git(["commit", "-q", "-m", "second commit"], in: repo)
        let load = try box.run("load-state", [], cwd: repo + "/")
        #expect(load.status == 0, "\(load.stderr)")
        #expect(load.stdout.contains("## In progress\n- Wire CLI\n"))
        #expect(load.stdout.contains("- 1 new commit:\n"))
        #expect(load.stdout.contains(" second commit\n"))

        let json = try box.json(try box.run("load-state", ["--json"], cwd: repo).stdout)
        #expect(json["ok"] == true)
        #expect(json["changes"]?["commits_since"]?.arrayValue?.count == 1)
        #expect(json["changes"]?["head_contains_saved_commit"] == true)

        let todo = try box.json(try box.run("load-state", ["--format", "todowrite"], cwd: repo).stdout)
        #expect(
            todo.arrayValue?.compactMap { $0["content"]?.stringValue } == [
                "Write parser", "Wire CLI", "Add tests", "Docs",
            ])
    }

    @Test func tasksJSONFromStdinAndFile() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let todos =
            #"{"todos":[{"content":"A","status":"completed","activeForm":"Doing A"},{"content":"B","status":"cancelled"}]}"#
        let fromStdin = try box.run("save-state", ["--tasks-json", "-", "--json"], cwd: repo, stdin: todos)
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        let out = try box.json(fromStdin.stdout)
        #expect(out["counts"]?["completed"] == 1)
        #expect(out["counts"]?["other"] == 1)
        #expect(out["tasks_source"] == "tasks-json")
        let file = try box.write("tasks.json", #"[{"subject":"C","status":"pending"}]"#)
        let fromFile = try box.run("save-state", ["--tasks-json", file, "--pending", "D"], cwd: repo)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let state = try box.json(box.read(repo + "/.claude/claude-state.json") ?? "")
        #expect(state["pending"] == .strings(["C", "D"]))
        #expect(state["completed"] == .strings([]))
        // B (cancelled) was not unfinished, A was completed: nothing unfinished dropped, so no refusal.
    }

    @Test func commitOnlyTheStateFilesAndLeaveOtherStagedWorkStaged() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        try box.write("repo/staged.txt", "mine\n")
        try box.git(["add", "staged.txt"], in: repo)
        let save = try box.run("save-state", ["--pending", "Next", "--commit"], cwd: repo)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stdout.contains("Committed: "))
        let files = try box.git(["show", "--name-only", "--format=%s", "HEAD"], in: repo)
        #expect(files == "chore: save session state\n\n.claude/claude-progress.md\n.claude/claude-state.json\n")
        let staged = try box.git(["diff", "--cached", "--name-only"], in: repo)
        #expect(staged == "staged.txt\n")
        // The committed files are clean in the user's index and tree.
        let status = try box.git(["status", "--porcelain"], in: repo)
        #expect(status == "A  staged.txt\n")
        // Saving again with the same content at the same second makes no empty commit.
        let head = try box.git(["rev-parse", "HEAD"], in: repo)
        let again = try box.run("save-state", ["--commit", "--json"], cwd: repo)
        #expect(again.status == 0, "\(again.stderr)")
        let out = try box.json(again.stdout)
        if out["commit"] == .null {
            #expect(out["commit_note"]?.stringValue?.contains("nothing to commit") == true)
            #expect(try box.git(["rev-parse", "HEAD"], in: repo) == head)
        } else {
            #expect(try box.git(["rev-parse", "HEAD~1"], in: repo) == head)
        }
    }

    @Test func commitForceAddsGitignoredStateFiles() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        try box.write("repo/.gitignore", ".claude/\n")
        let save = try box.run("save-state", ["--pending", "X", "--commit"], cwd: repo)
        #expect(save.status == 0, "\(save.stderr)")
        let tracked = try box.git(["ls-files", ".claude"], in: repo)
        #expect(tracked == ".claude/claude-progress.md\n.claude/claude-state.json\n")
    }

    @Test func commitRefusesDuringAMergeAndOutsideGit() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let gitDir = try box.git(["rev-parse", "--absolute-git-dir"], in: repo).trimmingCharacters(in: .newlines)
        try box.write(gitDir + "/MERGE_HEAD", "0000000000000000000000000000000000000000\n")
        let merge = try box.run("save-state", ["--pending", "X", "--commit"], cwd: repo)
        #expect(merge.status == 1)
        #expect(merge.stderr.contains("a merge is in progress"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/.claude/claude-state.json"))

        let plain = box.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        let noGit = try box.run("save-state", ["--pending", "X", "--commit", "--repo-root", plain], cwd: plain)
        #expect(noGit.status == 1)
        #expect(noGit.stderr.contains("not a git repository"))
    }

    @Test func detachedHeadIsFineButSaid() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        try box.git(["checkout", "-q", "--detach"], in: repo)
        let save = try box.run("save-state", ["--pending", "X", "--commit"], cwd: repo)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stdout.contains("Note: HEAD is detached at "))
        #expect(save.stdout.contains("(on detached HEAD)"))
        #expect(box.read(repo + "/.claude/claude-progress.md")?.contains("**Branch**: (detached at ") == true)
    }

    @Test func notAGitRepositoryStillSaves() throws {
        let box = Sandbox()
        let plain = box.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        // Outside git the folder is named (#13); then it is the project, also for load-state run there.
        let save = try box.run("save-state", ["--pending", "X", "--repo-root", plain], cwd: plain)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stdout.contains("Note: not a git repository: git context left empty"))
        let state = try box.json(box.read(plain + "/.claude/claude-state.json") ?? "")
        #expect(state["context"]?["branch"] == .null)
        #expect(state["context"]?["git"] == false)
        let load = try box.run("load-state", [], cwd: plain)
        #expect(load.status == 0)
        #expect(load.stdout.contains("(no git context)"))
    }

    @Test func corruptStateIsNeverOverwritten() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let path = try box.write(
            "repo/.claude/claude-state.json", "{\n  \"version\": \"1.0\",\n  \"pending\": [\"a\",]\n}\n")
        let before = box.read(path)
        let save = try box.run("save-state", ["--pending", "X", "--force"], cwd: repo)
        #expect(save.status == 65)
        #expect(
            save.stderr
                == "save-state: error: \(path):3:19: invalid JSON: expected a value, found ']' (the file was left unchanged; fix or delete the file; 'save-state --restore' restores a copy once .claude/state-history/ holds one)\n"
        )
        let load = try box.run("load-state", [], cwd: repo)
        #expect(load.status == 65)
        #expect(box.read(path) == before)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.claude/claude-progress.md"))
    }

    @Test func noStateIsExit66WithAHint() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let load = try box.run("load-state", [], cwd: repo)
        #expect(load.status == 66)
        #expect(load.stderr.hasSuffix("no saved state in this project (run save-state to create one)\n"))
    }

    @Test func dropGuardRefusesUntilForced() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        #expect(try box.run("save-state", ["--in-progress", "Keep me", "--pending", "And me"], cwd: repo).status == 0)
        // Notes only: the tasks are kept.
        let notes = try box.run("save-state", ["just notes"], cwd: repo)
        #expect(notes.status == 0)
        #expect(notes.stdout.contains("Tasks: kept from the previous save"))
        // A new list that forgets "And me" is refused, nothing written.
        let before = box.read(repo + "/.claude/claude-state.json")
        let refused = try box.run("save-state", ["--completed", "Keep me", "--json"], cwd: repo)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refusing to drop 1 unfinished task of the previous save: \"And me\""))
        let error = try box.json(refused.stdout)
        #expect(error["error"]?["details"]?["dropped"]?.arrayValue?.first?["content"] == "And me")
        #expect(box.read(repo + "/.claude/claude-state.json") == before)
        // --force drops it; the previous state is kept in the history.
        let forced = try box.run("save-state", ["--completed", "Keep me", "--force"], cwd: repo)
        #expect(forced.status == 0)
        let history = try FileManager.default.contentsOfDirectory(atPath: repo + "/.claude/state-history")
        #expect(history.count == 2)
        #expect(history.allSatisfy { $0.hasPrefix("claude-state-") && $0.hasSuffix(".json") })
    }

    @Test func twentyConcurrentSavesLeaveParseableFiles() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let statuses = concurrently(20) { i in
            (try? box.run(
                "save-state", ["--completed", "task \(i)", "--force"], cwd: repo,
                env: ["AGENT_SESSIONS_LOCK_TIMEOUT": "60"]))?.status ?? -1
        }
        #expect(statuses.count == 20 && statuses.allSatisfy { $0 == 0 }, "\(statuses)")
        let state = try box.json(box.read(repo + "/.claude/claude-state.json") ?? "")
        #expect(state["completed"]?.arrayValue?.count == 1)
        for name in try FileManager.default.contentsOfDirectory(atPath: repo + "/.claude/state-history") {
            _ = try box.json(box.read(repo + "/.claude/state-history/" + name) ?? "")
        }
        #expect(!FileManager.default.fileExists(atPath: repo + "/.claude/claude-state.json.lock"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo + "/.claude").filter {
            $0.contains(".tmp-")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func keepsFilePermissionsAndRefusesSymlinks() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        #expect(try box.run("save-state", ["--pending", "X"], cwd: repo).status == 0)
        let path = repo + "/.claude/claude-state.json"
        chmod(path, 0o600)
        #expect(try box.run("save-state", ["--pending", "X"], cwd: repo).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let target = try box.write("elsewhere.md", "keep\n")
        try FileManager.default.removeItem(atPath: repo + "/.claude/claude-progress.md")
        try FileManager.default.createSymbolicLink(
            atPath: repo + "/.claude/claude-progress.md", withDestinationPath: target)
        let save = try box.run("save-state", ["--pending", "X"], cwd: repo)
        #expect(save.status == 73)
        #expect(save.stderr.contains("is a symbolic link; refusing to replace it"))
        #expect(box.read(target) == "keep\n")
    }

    @Test func repoRootOptionAndUsageErrors() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let save = try box.run("save-state", ["--pending", "X", "--repo-root", repo], cwd: box.root)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(FileManager.default.fileExists(atPath: repo + "/.claude/claude-state.json"))
        let missing = try box.run("save-state", ["--repo-root", box.path("nope")], cwd: box.root)
        #expect(missing.status == 66)
        let twice = try box.run("save-state", ["a", "--notes", "b"], cwd: repo)
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("give the notes once"))
    }
}
