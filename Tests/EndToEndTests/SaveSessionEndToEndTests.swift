import Foundation
import SessionModel
import Testing

private let id1 = "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"
private let id2 = "6c2d8f3b-4a5e-4d9f-8b7c-1e3f5a7b9d21"
private let codexID = "01a1fd34-82b8-7850-8047-159de68d9e13"
private let registry = "docs/.ai/sessions.json"

private func entries(_ sb: Sandbox, _ repo: String) throws -> [JSONValue] {
    let text = try #require(sb.read(repo + "/" + registry))
    return SessionRegistry.entries(try sb.json(text))
}

@Suite struct SaveSessionEndToEndTests {
    @Test func detectsTheSessionFromTheEnvironmentAndSaysWhichRule() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let r = try sb.run(
            "save-session", ["--summary", "did x", "--tags", "a,b"], cwd: repo,
            env: ["CLAUDE_CODE_SESSION_ID": id1, "CLAUDECODE": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Found claude session \(id1) (rule: env:CLAUDE_CODE_SESSION_ID)"))
        #expect(r.stdout.contains("Resume: claude --resume \(id1)"))
        let list = try entries(sb, repo)
        #expect(list.count == 1)
        #expect(Set(list[0].objectValue!.keys) == ["id", "agent", "summary", "created_at", "tags"])
        #expect(
            list[0]["agent"] == "claude" && list[0]["summary"] == "did x" && list[0]["tags"] == .strings(["a", "b"]))

        let j = try sb.run("save-session", ["--json"], cwd: repo, env: ["CLAUDE_CODE_SESSION_ID": id1])
        let out = try sb.json(j.stdout)
        #expect(out["detection"]?["rule"] == "env:CLAUDE_CODE_SESSION_ID")
        #expect(out["created"] == false)
        #expect(out["entry"]?["summary"] == "did x")
        #expect(out["metrics_unknown"] != nil)
    }

    @Test func nothingDetectedIsExit66WithAHint() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let r = try sb.run("save-session", ["--summary", "x"], cwd: repo)
        #expect(r.status == 66)
        #expect(r.stderr.contains("--session-id ID --agent NAME"))
        #expect(!FileInfo.exists(repo + "/" + registry))
        let j = try sb.run("save-session", ["--json"], cwd: repo)
        #expect(try sb.json(j.stdout)["error"]?["code"] == 66)
    }

    @Test func explicitIDUpdatesByIDMergesTagsAndValidatesThePaste() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let sub = repo + "/sub"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        var r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id1, "--summary", "one",
                "--tags", "a", "--tags", "b,c",
            ], cwd: sub)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("rule:"))  // given, not detected
        r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id1, "--summary", "two",
                "--tags", "c,d",
            ], cwd: sb.root, env: [:])
        #expect(r.status == 0, "\(r.stderr)")  // outside git the working folder is the project
        #expect(FileInfo.exists(sb.root + "/" + registry))
        #expect(try entries(sb, repo)[0]["summary"] == "one")
        r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id1, "--summary", "two",
                "--tags", "c,d", "--repo-root", repo,
            ], cwd: sb.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Updated session \(id1)"))
        let list = try entries(sb, repo)
        #expect(list.count == 1)
        #expect(list[0]["summary"] == "two")
        #expect(list[0]["tags"] == .strings(["a", "b", "c", "d"]))
        #expect(list[0]["updated_at"] != nil)

        let before = sb.read(repo + "/" + registry)
        let bad = try sb.run("save-session", ["--agent", "claude", "--session-id", "claude --resume abc"], cwd: repo)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("not a Claude Code session id"))
        #expect(sb.read(repo + "/" + registry) == before)
        let other = try sb.run("save-session", ["--agent", "gemini", "--session-id", id1], cwd: repo)
        #expect(other.status == 65)
        let unknown = try sb.run("save-session", ["--agent", "vim", "--session-id", id1], cwd: repo)
        #expect(unknown.status == 64)
    }

    @Test func dryRunRecordsNothing() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let dry = try sb.run("save-session", ["--agent", "claude", "--session-id", id1, "--dry-run"], cwd: repo)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("Would record claude session \(id1) in docs/.ai/sessions.json"))
        #expect(FileInfo.kind(repo + "/docs") == .missing)
        let json = try sb.run("save-session", ["--agent", "claude", "--session-id", "nope", "--dry-run"], cwd: repo)
        #expect(json.status != 0)  // the id is still checked
        let start = try sb.run(
            "save-session", ["start", "--agent", "claude", "--session-id", id1, "--dry-run"], cwd: repo)
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stdout.hasPrefix("Would open a journal session for claude session \(id1)"))
        #expect(FileInfo.kind(repo + "/docs") == .missing)
        let driver = try sb.run("save-session", ["install-merge-driver", "--dry-run"], cwd: repo)
        #expect(driver.status == 0, "\(driver.stderr)")
        #expect(driver.stdout.contains("Would add 'docs/.ai/sessions.json merge=agent-sessions' to .gitattributes"))
        #expect(driver.stdout.contains("Would set git config merge.agent-sessions.driver"))
        #expect(FileInfo.kind(repo + "/.gitattributes") == .missing)
        #expect(!(try sb.git(["config", "--local", "--list"], in: repo)).contains("merge.agent-sessions"))
    }

    @Test func listAndShowWithEveryFilter() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        for (agent, id, tags, job) in [
            ("claude", id1, "x", "J1"), ("codex", codexID, "y", "J2"),
            ("opencode", "ses_abc123", "x,y", "J1"),
        ] {
            let r = try sb.run(
                "save-session",
                [
                    "--agent", agent, "--session-id", id, "--summary", "s-\(agent)",
                    "--tags", tags, "--job", job,
                ], cwd: repo)
            #expect(r.status == 0, "\(r.stderr)")
        }
        var r = try sb.run("save-session", ["list"], cwd: repo)
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 3)
        r = try sb.run("save-session", ["list", "--agent", "codex", "--json"], cwd: repo)
        var out = try sb.json(r.stdout)
        #expect(out["count"] == 1)
        #expect(out["sessions"]?.arrayValue?.first?["resume_command"] == .string("codex resume \(codexID)"))
        r = try sb.run("save-session", ["list", "--tag", "x", "--json"], cwd: repo)
        #expect(try sb.json(r.stdout)["count"] == 2)
        r = try sb.run("save-session", ["list", "--job", "J1", "--json"], cwd: repo)
        out = try sb.json(r.stdout)
        // Newest first, like every list.
        #expect(out["sessions"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["ses_abc123", id1])
        r = try sb.run("save-session", ["list", "--tag", "none"], cwd: repo)
        #expect(r.stdout.contains("No sessions"))

        r = try sb.run("save-session", ["show", "ses_abc123"], cwd: repo)
        #expect(r.status == 0)
        #expect(r.stdout.contains("Resume: opencode --session ses_abc123"))
        #expect(r.stdout.contains("summary: s-opencode"))
        r = try sb.run("save-session", ["show", "01a1fd34", "--json"], cwd: repo)  // unique prefix
        out = try sb.json(r.stdout)
        #expect(out["resume_command"] == .string("codex resume \(codexID)"))
        #expect(out["journal"]?.arrayValue?.first?["job_id"] == "J2")
        r = try sb.run("save-session", ["show", "nope"], cwd: repo)
        #expect(r.status == 66)
        r = try sb.run("save-session", ["show", "--repo-root", repo, id1], cwd: sb.root)
        #expect(r.stdout.contains("Resume: claude --resume \(id1)"))
    }

    @Test func jsonStoreKeepsEveryJournalFlagOnTheEntry() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let flowFile = try sb.write("flow.txt", "user: fix\nagent: fixed\n")
        let r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id1, "--summary", "s", "--job", "J", "--title", "Fix login",
                "--accomplishment", "a1", "--accomplishment", "a2", "--decision", "d1", "--pending", "p1",
                "--bug-fixed", "b1", "--error", "e1", "--breakthrough", "found it", "--next", "write docs",
                "--flow", "@" + flowFile,
            ], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Session saved: session_"))
        #expect(r.stdout.contains("Job: J"))
        #expect(r.stdout.contains("Quality score: 8/10"))  // 5 + 2 + 1 + 1 - 1
        #expect(r.stdout.contains("Accomplishments (2):"))
        #expect(r.stdout.contains("Bugs fixed (1):"))
        #expect(r.stdout.contains("Errors (1):"))
        #expect(r.stdout.contains("Breakthrough: found it"))
        #expect(r.stdout.contains("Next session priority: write docs"))
        #expect(r.stdout.contains("Pending (1):"))
        #expect(r.stdout.contains("Duration: unknown (no transcript found)"))
        #expect(r.stdout.contains("Exchanges: unknown"))
        let e = try entries(sb, repo)[0]
        #expect(e["job_id"] == "J" && e["title"] == "Fix login")
        #expect(e["accomplishments"] == .strings(["a1", "a2"]) && e["decisions"] == .strings(["d1"]))
        #expect(e["pending"] == .strings(["p1"]) && e["bugs_fixed"] == .strings(["b1"]))
        #expect(e["errors_encountered"] == .strings(["e1"]))
        #expect(e["conversation_flow"] == "user: fix\nagent: fixed\n")
        #expect(e["quality_score"] == 8)
        #expect(e["total_exchanges"] == .null)
        #expect(e["summary"] == "s")

        let q = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id1, "--quality", "3",
                "--flow", "inline flow", "--json",
            ], cwd: repo)
        let out = try sb.json(q.stdout)
        #expect(out["journal"]?["quality_score"] == 3)
        #expect(out["journal"]?["accomplishments"] == .strings(["a1", "a2"]))
        #expect(out["journal"]?["conversation_flow"] == "inline flow")
        #expect(
            try sb.run(
                "save-session", ["--agent", "claude", "--session-id", id1, "--quality", "11"],
                cwd: repo
            ).status == 64)
        #expect(
            try sb.run(
                "save-session", ["--agent", "claude", "--session-id", id1, "--flow", "@/nope/x"],
                cwd: repo
            ).status == 66)

        let job = try sb.run("load-state", ["--job", "J"], cwd: repo)
        #expect(job.status == 0, "\(job.stderr)")
        #expect(job.stdout.contains("# Job J: 1 session"))
        #expect(job.stdout.contains("Resume the last session: claude --resume \(id1)"))
    }

    @Test func sqliteStoreLifecycleGitignoreAndLoadStateJob() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        try sb.write(repo + "/.gitignore", "build/")  // no trailing newline
        var r = try sb.run(
            "save-session",
            [
                "start", "--agent", "claude", "--session-id", id1, "--store", "sqlite",
                "--job", "J7", "--title", "first", "--json",
            ], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        var out = try sb.json(r.stdout)
        let journalID = try #require(out["journal_id"]?.stringValue)
        #expect(out["opened"] == true)
        #expect(out["gitignore"] != nil)
        #expect(sb.read(repo + "/.gitignore") == "build/\ndocs/.ai/sessions.db*\n")
        #expect(try sb.git(["status", "--porcelain"], in: repo).contains("sessions.db") == false)

        r = try sb.run(
            "save-session", ["start", "--agent", "claude", "--session-id", id1, "--store", "sqlite"],
            cwd: repo)
        #expect(r.stdout == "Already open: journal session \(journalID) for claude \(id1)\n")
        try sb.write(repo + "/docs/.ai/config.json", "{\"store\": \"sqlite\"}\n")
        r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id1, "--summary", "done",
                "--accomplishment", "built", "--next", "ship",
            ], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Session saved: \(journalID)"))
        #expect(r.stdout.contains("Job: J7"))
        #expect(r.stdout.contains("Quality score: 6/10"))
        #expect(!r.stdout.contains(".gitignore"))  // said only the first time
        #expect(sb.read(repo + "/.gitignore") == "build/\ndocs/.ai/sessions.db*\n")
        let e = try entries(sb, repo)[0]
        #expect(e["journal_id"] == nil)  // the SQLite store keeps the journal in the db
        #expect(e["summary"] == "done")

        r = try sb.run(
            "save-session",
            [
                "--agent", "codex", "--session-id", codexID, "--job", "J7",
                "--pending", "tests", "--next", "tests first",
            ], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id1, "--store", "json", "--job", "JX",
                "--json",
            ], cwd: repo)
        #expect(try sb.json(r.stdout)["store"] == "json")

        r = try sb.run("load-state", ["--job", "J7"], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("# Job J7: 2 sessions"))
        #expect(r.stdout.contains("built"))
        #expect(r.stdout.contains("Next: tests first"))
        #expect(r.stdout.contains("Resume the last session: codex resume \(codexID)"))
        r = try sb.run("load-state", ["--job", "J7", "--json"], cwd: repo)
        out = try sb.json(r.stdout)
        #expect(out["sessions"]?.arrayValue?.map { $0["agent"] } == ["claude", "codex"])
        #expect(out["resume_command"] == .string("codex resume \(codexID)"))
        #expect(try sb.run("load-state", ["--job", "nope"], cwd: repo).status == 66)
        r = try sb.run("save-session", ["list", "--job", "J7", "--json"], cwd: repo)
        #expect(try sb.json(r.stdout)["count"] == 2)
        r = try sb.run("save-session", ["show", id1], cwd: repo)
        #expect(r.stdout.contains("Journal \(journalID) (job J7): first"))

        try sb.write(repo + "/docs/.ai/config.json", "{\"store\": \"mongo\"}\n")
        #expect(try sb.run("save-session", ["--agent", "claude", "--session-id", id1], cwd: repo).status == 65)
    }

    @Test func sqliteLockedByAnotherProcessIsExit75AndNothingIsLost() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        var r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id1, "--store", "sqlite",
                "--accomplishment", "one",
            ], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        let db = try SQLiteDatabase(path: repo + "/docs/.ai/sessions.db", readOnly: false, busyTimeout: 100)
        try db.execute("BEGIN IMMEDIATE")
        try db.execute("INSERT INTO sessions(id, agent, created_at) VALUES ('session_aaaaaaaaaaaa', 'claude', 'T')")
        r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id2, "--store", "sqlite",
                "--accomplishment", "two",
            ], cwd: repo,
            env: ["AGENT_SESSIONS_LOCK_TIMEOUT": "0.3"])
        #expect(r.status == 75)
        #expect(r.stderr.contains("locked"))
        try db.execute("COMMIT")
        r = try sb.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", id2, "--store", "sqlite",
                "--accomplishment", "two",
            ], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try db.rows("SELECT agent_session_id, accomplishments FROM sessions ORDER BY rowid")
        #expect(rows == [[.text(id1), .text("[\"one\"]")], [.null, .text("[]")], [.text(id2), .text("[\"two\"]")]])
        #expect(try entries(sb, repo).count == 2)
    }

    @Test func endHookRecordsIDAndTranscriptAndAlwaysExits0() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let transcript = sb.home + "/.claude/projects/-repo/\(id1).jsonl"
        let payload = """
            {"session_id":"\(id1)","transcript_path":"\(transcript)","cwd":"\(repo)","hook_event_name":"SessionEnd","reason":"other"}
            """
        var r = try sb.run("save-session", ["--hook", "claude"], cwd: sb.root, stdin: payload)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.isEmpty)
        var e = try entries(sb, repo)
        #expect(e.count == 1)
        #expect(e[0]["id"]?.stringValue == id1 && e[0]["agent"] == "claude")
        #expect(e[0]["transcript_path"]?.stringValue == transcript)

        // PreCompact of the same session: updated, not duplicated; --json prints the result.
        let pre = payload.replacingOccurrences(of: "SessionEnd", with: "PreCompact")
        r = try sb.run("save-session", ["--hook", "claude", "--json", "--tags", "auto"], cwd: repo, stdin: pre)
        #expect(r.status == 0)
        #expect(try sb.json(r.stdout)["event"] == "PreCompact")
        e = try entries(sb, repo)
        #expect(e.count == 1)
        #expect(e[0]["tags"] == .strings(["auto"]))

        // A payload from a subfolder records in the project's top folder.
        try FileManager.default.createDirectory(atPath: repo + "/src/deep", withIntermediateDirectories: true)
        let fromSub = payload.replacingOccurrences(of: "\"cwd\":\"\(repo)\"", with: "\"cwd\":\"\(repo)/src/deep\"")
            .replacingOccurrences(of: id1, with: "9d3e0a4c-5b6f-4e0a-9c8d-2f4a6b8c0e32")
        r = try sb.run("save-session", ["--hook", "claude"], cwd: sb.root, stdin: fromSub)
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(try entries(sb, repo).count == 2)
        #expect(!FileInfo.exists(repo + "/src/deep/docs"))

        // No payload and no env: exit 0, the reason on stderr, nothing written.
        let empty = try sb.makeRepo("empty")
        r = try sb.run("save-session", ["--hook", "claude"], cwd: empty, stdin: "not json")
        #expect(r.status == 0)
        #expect(r.stderr.contains("hook:"))
        #expect(!FileInfo.exists(empty + "/" + registry))
        // Unknown agent, bad id: still exit 0.
        #expect(try sb.run("save-session", ["--hook", "vim"], cwd: repo, stdin: payload).status == 0)
        let badID = payload.replacingOccurrences(of: id1, with: "abc")
        r = try sb.run("save-session", ["--hook", "claude"], cwd: repo, stdin: badID)
        #expect(r.status == 0 && r.stderr.contains("not a Claude Code session id"))

        // A registry lock held elsewhere: bounded wait, exit 0, said on stderr.
        let lock = try FileLock.acquire(for: repo + "/" + registry, timeout: 1)
        r = try sb.run(
            "save-session", ["--hook", "claude"], cwd: repo, env: ["AGENT_SESSIONS_LOCK_TIMEOUT": "30"],
            stdin: payload.replacingOccurrences(of: id1, with: id2))
        lock.release()
        #expect(r.status == 0)
        #expect(r.stderr.contains("lock"))
        #expect(try entries(sb, repo).count == 2)

        // A corrupt registry: exit 0, untouched.
        try sb.write(repo + "/" + registry, "{\"sessions\": [")
        r = try sb.run("save-session", ["--hook", "claude"], cwd: repo, stdin: payload)
        #expect(r.status == 0)
        #expect(r.stderr.contains("invalid JSON"))
        #expect(sb.read(repo + "/" + registry) == "{\"sessions\": [")
    }

    @Test func startHookNotesTheStartOutsideTheWorkTree() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let payload = """
            {"session_id":"\(id1)","cwd":"\(repo)","hook_event_name":"SessionStart","source":"startup"}
            """
        // Starting an agent leaves git status as it was (#13): no registry, no journal, no .gitignore line.
        var r = try sb.run(
            "save-session", ["start", "--hook", "claude", "--store", "sqlite", "--json"], cwd: repo, stdin: payload)
        #expect(r.status == 0)
        #expect(try sb.json(r.stdout)["noted"] == true)
        r = try sb.run("save-session", ["start", "--hook", "claude", "--job", "J"], cwd: repo, stdin: payload)
        #expect(r.status == 0 && r.stdout.isEmpty)  // a SessionStart hook's stdout goes into the model's context
        #expect(try sb.git(["status", "--porcelain", "--untracked-files=all"], in: repo) == "")
        #expect(!FileInfo.exists(repo + "/docs"))
        // The JSON store: a plain save opens and closes the journal the start noted, from the noted start.
        let other = try sb.makeRepo("other")
        r = try sb.run(
            "save-session", ["start", "--hook", "claude", "--job", "J"], cwd: other,
            stdin: payload.replacingOccurrences(of: repo, with: other))
        #expect(r.status == 0 && r.stdout.isEmpty)
        #expect(try sb.git(["status", "--porcelain", "--untracked-files=all"], in: other) == "")
        r = try sb.run("save-session", ["--agent", "claude", "--session-id", id1], cwd: other)
        #expect(r.status == 0, "\(r.stderr)")
        let e = try entries(sb, other)[0]
        #expect(e["journal_id"] != nil && e["job_id"] == "J")
        #expect(e["ended_at"]?.stringValue != nil && e["started_at"]?.stringValue != nil)
        #expect(r.stdout.contains("Session saved: \(e["journal_id"]!.stringValue!)"))
    }

    @Test func hundredConcurrentWritersGiveHundredEntries() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        try FileManager.default.createDirectory(atPath: sb.root + "/out", withIntermediateDirectories: true)
        let script = """
            i=1
            while [ $i -le 100 ]; do
              id=$(printf '00000000-0000-4000-8000-%012d' $i)
              ( "$BIN" --agent claude --session-id "$id" --summary "writer $i" --tags "t$i" \
                  >"$OUT/$i.out" 2>"$OUT/$i.err"; echo $? >"$OUT/$i.rc" ) &
              i=$((i + 1))
            done
            wait
            """
        var env = sb.environment
        env["BIN"] = Binaries.path("save-session")
        env["OUT"] = sb.root + "/out"
        env["AGENT_SESSIONS_LOCK_TIMEOUT"] = "120"
        let result = try SpawnProcessRunner().run(
            "/bin/sh", ["-c", script], workingDirectory: repo,
            environment: env, input: nil, timeout: 600)
        #expect(result.status == 0)
        var failures: [String] = []
        for i in 1...100 {
            let rc = sb.read(sb.root + "/out/\(i).rc")?.trimmingCharacters(in: .whitespacesAndNewlines)
            if rc != "0" { failures.append("\(i): rc=\(rc ?? "?") \(sb.read(sb.root + "/out/\(i).err") ?? "")") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        let list = try entries(sb, repo)
        #expect(list.count == 100)
        #expect(Set(list.compactMap { $0["id"]?.stringValue }).count == 100)
        #expect(!FileInfo.exists(repo + "/" + registry + ".lock"))
        let leftovers = FileInfo.list(repo + "/docs/.ai").filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func conflictMarkerFileIsReportedWithTheFixAndLeftUntouched() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let text = """
            {
              "sessions": [
            <<<<<<< HEAD
                {"id": "\(id1)", "agent": "claude", "summary": "", "created_at": "T", "tags": []}
            =======
                {"id": "\(id2)", "agent": "claude", "summary": "", "created_at": "T", "tags": []}
            >>>>>>> feature
              ]
            }

            """
        try sb.write(repo + "/" + registry, text)
        for args in [
            ["--agent", "claude", "--session-id", codexID.replacingOccurrences(of: "7850", with: "4850")],
            ["list"], ["show", id1], ["start", "--agent", "claude", "--session-id", id1],
        ] {
            let r = try sb.run("save-session", args, cwd: repo)
            #expect(r.status == 65, "\(args)")
            #expect(
                r.stderr.contains("docs/.ai/sessions.json:3: the session registry contains git merge conflict markers"))
            #expect(r.stderr.contains("install-merge-driver"))
            #expect(sb.read(repo + "/" + registry) == text)
        }
    }

    @Test func corruptJSONIsExit65AndLeftUntouched() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        for text in ["{\"sessions\": [ {\"id\": 1 ", "", "[]", "{\"sessions\": \"x\"}"] {
            try sb.write(repo + "/" + registry, text)
            for args in [["--agent", "claude", "--session-id", id1], ["list"], ["--hook", "claude"]] {
                let r = try sb.run("save-session", args, cwd: repo, env: ["CLAUDE_CODE_SESSION_ID": id1])
                #expect(r.status == (args.first == "--hook" ? 0 : 65), "\(args) \(text)")
                #expect(r.stderr.contains("docs/.ai/sessions.json"))
                #expect(sb.read(repo + "/" + registry) == text)
            }
        }
        try sb.write(repo + "/" + registry, "{\"sessions\": [\n  {\"id\": \"x\",\n  }\n]}\n")
        let r = try sb.run("save-session", ["list"], cwd: repo)
        #expect(r.stderr.contains("docs/.ai/sessions.json:3:"))
    }

    @Test func mergeDriverMakesTwoBranchesMergeCleanly() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        var r = try sb.run("save-session", ["install-merge-driver"], cwd: repo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Added 'docs/.ai/sessions.json merge=agent-sessions' to .gitattributes"))
        r = try sb.run("save-session", ["install-merge-driver", "--json"], cwd: repo)
        #expect(try sb.json(r.stdout)["changed"] == false)  // idempotent
        #expect(sb.read(repo + "/.gitattributes") == "docs/.ai/sessions.json merge=agent-sessions\n")
        let driver = try sb.git(["config", "--get", "merge.agent-sessions.driver"], in: repo)
        #expect(
            driver == Binaries.path("save-session").replacingOccurrences(of: "//", with: "/")
                + " merge-driver %O %A %B\n"
                || driver.hasSuffix("save-session merge-driver %O %A %B\n"))
        #expect(try sb.git(["config", "--get", "merge.agent-sessions.name"], in: repo).contains("agent-sessions"))

        let base = "11111111-1111-4111-8111-111111111111"
        func save(_ id: String, _ summary: String, tags: String = "t") throws {
            let r = try sb.run(
                "save-session",
                [
                    "--agent", "claude", "--session-id", id, "--summary", summary,
                    "--tags", tags,
                ], cwd: repo)
            #expect(r.status == 0, "\(r.stderr)")
        }
        try save(base, "base")
        try sb.git(["add", "-A"], in: repo)
        try sb.git(["commit", "-qm", "base"], in: repo)
        try sb.git(["checkout", "-qb", "feature"], in: repo)
        try save(id1, "feature work")
        try sb.git(["commit", "-qam", "feature"], in: repo)
        try sb.git(["checkout", "-q", "main"], in: repo)
        try save(id2, "main work")
        try save(base, "base updated on main", tags: "main")
        try sb.git(["commit", "-qam", "main"], in: repo)
        try sb.git(["merge", "-q", "--no-edit", "feature"], in: repo)  // throws on conflict
        let list = try entries(sb, repo)
        #expect(list.compactMap { $0["id"]?.stringValue } == [base, id2, id1])
        #expect(list[0]["summary"] == "base updated on main")
        #expect(try sb.git(["status", "--porcelain"], in: repo).isEmpty)
        #expect(!(sb.read(repo + "/" + registry) ?? "").contains("<<<<<<<"))
    }

    @Test func withoutTheDriverTheConflictIsCaughtAndTheHintedFixWorks() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        func save(_ id: String) throws {
            #expect(try sb.run("save-session", ["--agent", "claude", "--session-id", id], cwd: repo).status == 0)
        }
        try save("11111111-1111-4111-8111-111111111111")
        try sb.git(["add", "-A"], in: repo)
        try sb.git(["commit", "-qm", "base"], in: repo)
        try sb.git(["checkout", "-qb", "feature"], in: repo)
        try save(id1)
        try sb.git(["commit", "-qam", "feature"], in: repo)
        try sb.git(["checkout", "-q", "main"], in: repo)
        try save(id2)
        try sb.git(["commit", "-qam", "main"], in: repo)
        #expect(throws: ToolError.self) { try sb.git(["merge", "-q", "--no-edit", "feature"], in: repo) }
        let r = try sb.run("save-session", ["list"], cwd: repo)
        #expect(r.status == 65)
        // The fix the message gives.
        #expect(try sb.run("save-session", ["install-merge-driver"], cwd: repo).status == 0)
        try sb.git(["checkout", "-m", registry], in: repo)
        try sb.git(["add", registry], in: repo)
        #expect(try entries(sb, repo).count == 3)
    }

    @Test func mergeDriverCommandRefusesGarbage() throws {
        let sb = Sandbox()
        let ours = "{\n  \"sessions\": []\n}\n"
        let a = try sb.write("A", ours)
        let o = try sb.write("O", ours)
        let b = try sb.write("B", "{\"sessions\": [}")
        var r = try sb.run("save-session", ["merge-driver", o, a, b], cwd: sb.root)
        #expect(r.status == 65)
        #expect(sb.read(a) == ours)
        try sb.write(
            "B",
            "{\"sessions\": [{\"id\": \"\(id1)\", \"agent\": \"claude\", \"summary\": \"\", \"created_at\": \"T\", \"tags\": []}]}"
        )
        r = try sb.run("save-session", ["merge-driver", "O", "A", "B"], cwd: sb.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try SessionRegistry.entries(sb.json(sb.read(a) ?? "")).count == 1)
        #expect(try sb.run("save-session", ["merge-driver", "O", "A"], cwd: sb.root).status == 64)
        #expect(try sb.run("save-session", ["install-merge-driver"], cwd: sb.root).status == 1)  // not a repo
    }

    @Test func helpListsTheSubcommands() throws {
        let sb = Sandbox()
        let r = try sb.run("save-session", ["--help"], cwd: sb.root)
        #expect(r.status == 0)
        for word in ["start", "list", "show", "merge-driver", "install-merge-driver", "--hook", "--store"] {
            #expect(r.stdout.contains(word))
        }
    }
}

@Suite struct CopilotEndHookTests {
    /// Copilot CLI 1.0.78+ fires `sessionEnd` after every turn of a `-p` run (agent-stores.md §10): the hook keeps one
    /// entry per session and, once the entry says it all, does not rewrite the registry.
    @Test func sessionEndAfterEveryTurnKeepsOneEntryAndLeavesTheRegistryAlone() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let id = "55555555-aaaa-4bbb-8ccc-000000000005"
        let payload = #"{"sessionId":"\#(id)","cwd":"\#(repo)","timestamp":1790000000000,"reason":"complete"}"#
        var r = try sb.run("save-session", ["--hook", "copilot", "--json"], cwd: repo, stdin: payload)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""created": true"#))
        let first = try #require(sb.read(repo + "/" + registry))
        for _ in 0..<3 {
            r = try sb.run("save-session", ["--hook", "copilot", "--json"], cwd: repo, stdin: payload)
            #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
            #expect(r.stdout.contains(#""unchanged": true"#))
        }
        #expect(sb.read(repo + "/" + registry) == first)
        #expect(try entries(sb, repo).count == 1)
        // A turn that brings something new (a tag) is still recorded, on the same entry.
        r = try sb.run("save-session", ["--hook", "copilot", "--tags", "ci"], cwd: repo, stdin: payload)
        #expect(r.status == 0)
        let e = try entries(sb, repo)
        #expect(e.count == 1 && e[0]["tags"]?.arrayValue?.contains("ci") == true)
    }
}
