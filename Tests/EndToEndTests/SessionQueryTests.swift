import Foundation
import SessionModel
import TestSupport
import Testing

/// `export-session list|current|inspect` and `save-state --from-agent`, run as built binaries against temporary
/// Claude and Codex stores (CLAUDE_CONFIG_DIR / CODEX_HOME in the sandbox).
@Suite("Session queries end to end")
struct SessionQueryEndToEndTests {
    static let claudeID = "c1a0de00-0000-4000-8000-000000000001"
    static let codexID = "019c0000-0000-7000-8000-0000000000c0"

    let sb = Sandbox()

    var claudeHome: String { sb.path("cc") }
    var codexHome: String { sb.path("codexhome") }
    var storeEnv: [String: String] { ["CLAUDE_CONFIG_DIR": claudeHome, "CODEX_HOME": codexHome] }

    /// A Claude session in `repo`: a prompt, one API message over two lines (text + Bash), its result, a TaskCreate,
    /// a final text; task files 1 (completed) and 2 (pending). Timestamps 2026-01-01T10:00Z.
    @discardableResult
    func writeClaudeSession(repo: String, withTasks: Bool = true) throws -> String {
        let enc = ClaudeProjectFolder.encode(repo)
        func line(_ type: String, _ uuid: String, _ ts: String, _ message: String, extra: String = "") -> String {
            #"{"type":"\#(type)","uuid":"\#(uuid)","parentUuid":null,"timestamp":"2026-01-01T10:00:\#(ts)Z","cwd":"\#(repo)","sessionId":"\#(Self.claudeID)","isSidechain":false\#(extra),"message":\#(message)}"#
        }
        let lines = [
            #"{"type":"queue-operation","operation":"enqueue","timestamp":"2026-01-01T10:00:00.000Z","content":"Build it"}"#,
            line("user", "u1", "01.000", #"{"role":"user","content":"Build it"}"#),
            line(
                "assistant", "a1", "02.000",
                #"{"id":"msg_1","role":"assistant","model":"m","content":[{"type":"text","text":"Looking."}]}"#),
            line(
                "assistant", "a2", "02.100",
                #"{"id":"msg_1","role":"assistant","model":"m","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}}]}"#
            ),
            line(
                "user", "u2", "03.000",
                #"{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"README"}]}"#),
            line(
                "assistant", "a3", "04.000",
                #"{"id":"msg_2","role":"assistant","model":"m","content":[{"type":"tool_use","id":"toolu_2","name":"TaskCreate","input":{"subject":"Write docs"}}]}"#
            ),
            line(
                "user", "u3", "05.000",
                #"{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_2","content":"Task #1 created"}]}"#
            ),
            line(
                "assistant", "a4", "06.000",
                #"{"id":"msg_3","role":"assistant","model":"m","content":[{"type":"text","text":"done"}]}"#),
            "{not json",
        ]
        let path = try sb.write("cc/projects/\(enc)/\(Self.claudeID).jsonl", lines.joined(separator: "\n") + "\n")
        if withTasks {
            try sb.write(
                "cc/tasks/\(Self.claudeID)/1.json",
                #"{"id":"1","subject":"Write docs","status":"completed","blocks":[],"blockedBy":[]}"#)
            try sb.write(
                "cc/tasks/\(Self.claudeID)/2.json",
                #"{"id":"2","subject":"Review docs","status":"pending","blocks":[],"blockedBy":[]}"#)
            try sb.write("cc/tasks/\(Self.claudeID)/.lock", "")
        }
        return path
    }

    /// A Codex rollout in `repo` with an exec_command call and an update_plan call; modified at `modified`.
    @discardableResult
    func writeCodexSession(repo: String, modified: Double) throws -> String {
        func env(_ i: Int, _ type: String, _ payload: String) -> String {
            #"{"timestamp":"2026-01-01T09:00:0\#(i).000Z","ordinal":\#(i),"type":"\#(type)","payload":\#(payload)}"#
        }
        let args =
            #"{\"plan\":[{\"step\":\"Parse\",\"status\":\"completed\"},{\"step\":\"Test\",\"status\":\"in_progress\"}]}"#
        let lines = [
            env(
                0, "session_meta",
                #"{"id":"\#(Self.codexID)","timestamp":"2026-01-01T09:00:00.000Z","cwd":"\#(repo)","originator":"codex_exec","cli_version":"0.163.0","source":"exec","history_mode":"paginated"}"#
            ),
            env(
                1, "response_item",
                #"{"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context>\n</environment_context>"}]}"#
            ),
            env(
                2, "response_item",
                #"{"type":"message","role":"user","content":[{"type":"input_text","text":"Plan it"}]}"#),
            env(
                3, "event_msg",
                #"{"type":"item_completed","item":{"type":"UserMessage","content":[{"type":"text","text":"Plan it"}]}}"#
            ),
            env(
                4, "response_item",
                #"{"type":"function_call","name":"exec_command","arguments":"{\"cmd\":\"ls\"}","call_id":"c1"}"#),
            env(5, "response_item", #"{"type":"function_call_output","call_id":"c1","output":"README"}"#),
            env(
                6, "response_item",
                #"{"type":"function_call","name":"update_plan","arguments":"\#(args)","call_id":"c2"}"#),
            env(7, "response_item", #"{"type":"function_call_output","call_id":"c2","output":"Plan updated"}"#),
            env(
                8, "response_item",
                #"{"type":"message","role":"assistant","content":[{"type":"output_text","text":"done"}]}"#),
        ]
        let path = try sb.write(
            "codexhome/sessions/2026/01/01/rollout-2026-01-01T09-00-00-\(Self.codexID).jsonl",
            lines.joined(separator: "\n") + "\n")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: modified)], ofItemAtPath: path)
        return path
    }

    func run(_ tool: String, _ args: [String], cwd: String, env: [String: String] = [:]) throws -> ToolOutput {
        var all = storeEnv
        for (k, v) in env { all[k] = v }
        return try sb.run(tool, args, cwd: cwd, env: all)
    }

    @Test func currentFromTheEnvironmentVariable() throws {
        let repo = try sb.makeRepo()
        let transcript = try writeClaudeSession(repo: repo)
        let out = try run(
            "export-session", ["current", "--json"], cwd: repo,
            env: ["CLAUDECODE": "1", "CLAUDE_CODE_SESSION_ID": Self.claudeID])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try sb.json(out.stdout)
        #expect(
            json == [
                "agent": "claude", "session_id": .string(Self.claudeID), "rule": "env:CLAUDE_CODE_SESSION_ID",
                "transcript_path": .string(transcript),
            ])

        let text = try run("export-session", ["current"], cwd: repo, env: ["CLAUDE_CODE_SESSION_ID": Self.claudeID])
        #expect(text.stdout == "claude session \(Self.claudeID) (found by env:CLAUDE_CODE_SESSION_ID)\n")

        let codex = try run("export-session", ["current", "--json"], cwd: repo, env: ["CODEX_THREAD_ID": Self.codexID])
        #expect(
            try sb.json(codex.stdout) == [
                "agent": "codex", "session_id": .string(Self.codexID),
                "rule": "env:CODEX_THREAD_ID", "transcript_path": nil,
            ])
    }

    @Test func currentFallsBackToTheNewestSessionOfTheProject() throws {
        let repo = try sb.makeRepo()
        try writeClaudeSession(repo: repo)  // 2026-01-01T10:00:06Z
        try writeCodexSession(repo: repo, modified: 1_767_258_000)  // 2026-01-01T09:00:00Z
        let out = try run("export-session", ["current", "--json"], cwd: repo)
        #expect(out.status == 0, "\(out.stderr)")
        let json = try sb.json(out.stdout)
        #expect(json["rule"] == "newest")
        #expect(json["agent"] == "claude")
        let codex = try run("export-session", ["current", "--agent", "codex", "--json"], cwd: repo)
        #expect(try sb.json(codex.stdout)["session_id"] == .string(Self.codexID))
    }

    @Test func currentWithNothingIsMissingInput() throws {
        let repo = try sb.makeRepo()
        let out = try run("export-session", ["current", "--json"], cwd: repo)
        #expect(out.status == 66)
        #expect(out.stderr.contains("no agent session found"))
        let json = try sb.json(out.stdout)
        #expect(json["error"]?["hint"]?.stringValue?.contains("CLAUDE_CODE_SESSION_ID") == true)
    }

    @Test func listsEveryAgentsSessionsNewestFirst() throws {
        let repo = try sb.makeRepo()
        let transcript = try writeClaudeSession(repo: repo)
        let rollout = try writeCodexSession(repo: repo, modified: 1_767_258_000)
        let out = try run("export-session", ["list", "--json"], cwd: repo)
        #expect(out.status == 0, "\(out.stderr)")
        let sessions = try #require(try sb.json(out.stdout)["sessions"]?.arrayValue)
        #expect(sessions.map { $0["id"] } == [.string(Self.claudeID), .string(Self.codexID)])
        #expect(
            sessions[0] == [
                "agent": "claude", "id": .string(Self.claudeID), "path": .string(transcript),
                "project_path": .string(repo), "started_at": "2026-01-01T10:00:00.000Z",
                "updated_at": "2026-01-01T10:00:06.000Z", "title": "Build it", "message_count": nil,
            ])
        #expect(sessions[1]["path"] == .string(rollout))
        #expect(sessions[1]["updated_at"] == "2026-01-01T09:00:00.000Z")

        let claudeOnly = try run("export-session", ["list", "--agent", "codex", "--json"], cwd: repo)
        #expect(try sb.json(claudeOnly.stdout)["sessions"]?.arrayValue?.count == 1)
        let other = try sb.makeRepo("other")
        let none = try run("export-session", ["list", "--json", "--repo-root", other], cwd: repo)
        #expect(try sb.json(none.stdout) == ["sessions": []])
    }

    /// `list` keeps its cache of a Codex store under HOME (or XDG_CACHE_HOME), never in the project: `git status`
    /// stays clean, and the output is the one without a cache (issue #17).
    @Test func listKeepsItsCacheOutsideTheProject() throws {
        let store = RepoRoot.fixture("codex/ours")  // checked out long ago: its folders are cached
        let repo = try sb.makeRepo()
        let args = ["list", "--agent", "codex", "--json"]
        let plain = try run(
            "export-session", args, cwd: repo, env: ["CODEX_HOME": store, "AGENT_SESSIONS_NO_CACHE": "1"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!FileInfo.exists(sb.home + "/.cache"))
        for _ in 0..<2 {
            let out = try run("export-session", args, cwd: repo, env: ["CODEX_HOME": store])
            #expect(out.stdout == plain.stdout)
        }
        let cached = try FileManager.default.contentsOfDirectory(atPath: sb.home + "/.cache/agent-sessions")
        #expect(cached.count == 1 && cached[0].hasPrefix("codex-list-"))
        let xdg = sb.path("xdg")
        _ = try run("export-session", args, cwd: repo, env: ["CODEX_HOME": store, "XDG_CACHE_HOME": xdg])
        #expect(try FileManager.default.contentsOfDirectory(atPath: xdg + "/agent-sessions") == cached)
        #expect(try sb.git(["status", "--porcelain", "--ignored"], in: repo) == "")
    }

    @Test func idPrefixesAndPositionalIdsWork() throws {
        let repo = try sb.makeRepo()
        try writeClaudeSession(repo: repo)
        try writeCodexSession(repo: repo, modified: 1_767_258_000)
        let inspect = try run("export-session", ["inspect", "c1a0de", "--json"], cwd: repo)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(try sb.json(inspect.stdout)["id"] == .string(Self.claudeID))
        let byOption = try run("export-session", ["inspect", "--session", "019c", "--json"], cwd: repo)
        #expect(try sb.json(byOption.stdout)["id"] == .string(Self.codexID))
        let both = try run("export-session", ["inspect", "c1a0", "--session", "c1a0"], cwd: repo)
        #expect(both.status == 64)
        let export = try run(
            "export-session", ["--session", "c1a0de00", "--format", "md", "--out", sb.path("out"), "--json"], cwd: repo)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try sb.json(export.stdout)["format"] == "markdown")
        let missing = try run("export-session", ["--session", "ffff", "--json"], cwd: repo)
        #expect(missing.status == 66)
        #expect(try sb.json(missing.stdout)["error"]?["code"] == 66)
    }

    @Test func dryRunsWriteNothing() throws {
        let repo = try sb.makeRepo()
        let transcript = try writeClaudeSession(repo: repo)
        let export = try run("export-session", ["--session", "c1a0", "--format", "html", "--dry-run"], cwd: repo)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(
            export.stdout.hasPrefix("Would export Claude Code session \(Self.claudeID) as html into .claude/sessions/"))
        #expect(FileInfo.kind(repo + "/.claude") == .missing)
        let convert = try run(
            "export-session", ["convert", "--from", "claude", "--to", "codex", "--dry-run", "--json"], cwd: repo)
        #expect(convert.status == 0, "\(convert.stderr)")
        #expect(try sb.json(convert.stdout)["dry_run"] == true)
        #expect(FileInfo.kind(codexHome + "/sessions") == .missing)
        // The dry run makes the import's own checks: the session is in the store already, so without --force it is
        // refused exactly as the import would be; with --force it names the file it would write.
        let real = try run("export-session", ["import", transcript], cwd: repo)
        let refused = try run("export-session", ["import", transcript, "--dry-run"], cwd: repo)
        #expect(refused.status == real.status && real.status == 1, "\(refused.stderr)")
        #expect(refused.stderr == real.stderr)
        let imported = try run("export-session", ["import", transcript, "--dry-run", "--force"], cwd: repo)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Would import"))
        #expect(imported.stdout.contains(" as " + transcript), "\(imported.stdout)")
        let missing = try run("export-session", ["import", sb.path("nope.jsonl"), "--dry-run"], cwd: repo)
        #expect(missing.status == 66)
    }

    @Test func listIsAlignedWithAHeaderOnlyOnATerminalAndCutToTheWidth() throws {
        let repo = try sb.makeRepo()
        try writeClaudeSession(repo: repo)
        try writeCodexSession(repo: repo, modified: 1_767_258_000)
        let list = try run("export-session", ["list"], cwd: repo, env: ["COLUMNS": "76"])
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("claude  \(Self.claudeID)  2026-01-01T10:00:06.000Z"))
        #expect(lines[1].hasPrefix("codex   \(Self.codexID)"))
        for line in lines { #expect(line.count <= 76, "\(line)") }
        #expect(lines[0].hasSuffix("…"))
    }

    @Test func inspectCountsWhatTheTranscriptHolds() throws {
        let repo = try sb.makeRepo()
        let transcript = try writeClaudeSession(repo: repo)
        let out = try run(
            "export-session", ["inspect", "--json"], cwd: repo, env: ["CLAUDE_CODE_SESSION_ID": Self.claudeID])
        #expect(out.status == 0, "\(out.stderr)")
        var json = try sb.json(out.stdout).objectValue ?? [:]
        let malformed = json.removeValue(forKey: "malformed")?.arrayValue ?? []
        #expect(
            JSONValue.object(json) == [
                "agent": "claude", "id": .string(Self.claudeID), "path": .string(transcript), "title": "Build it",
                "started_at": "2026-01-01T10:00:00.000Z", "updated_at": "2026-01-01T10:00:06.000Z",
                "messages": ["user": 1, "assistant": 3, "system": 0], "tool_calls": 2, "tool_results": 2,
                "compactions": 0,
                "tasks": [
                    ["title": "Write docs", "status": "completed"], ["title": "Review docs", "status": "pending"],
                ],
                "skipped": ["queue-operation": 1],
            ])
        #expect(malformed.count == 1)
        #expect(malformed.first?.stringValue?.hasPrefix(transcript + ":9: ") == true)

        let rollout = try writeCodexSession(repo: repo, modified: 1_767_258_000)
        let codex = try run(
            "export-session", ["inspect", "--agent", "codex", "--session", Self.codexID, "--json"], cwd: repo)
        #expect(codex.status == 0, "\(codex.stderr)")
        let c = try sb.json(codex.stdout)
        #expect(c["path"] == .string(rollout))
        #expect(c["messages"] == ["user": 1, "assistant": 1, "system": 1])
        #expect(c["tool_calls"] == 2)
        #expect(
            c["tasks"] == [["title": "Parse", "status": "completed"], ["title": "Test", "status": "in_progress"]])

        let missing = try run(
            "export-session", ["inspect", "--agent", "codex", "--session", "019c0000-0000-7000-8000-00000000dead"],
            cwd: repo)
        #expect(missing.status == 66)
        // With no subcommand, export-session exports the newest session of the project into the repo.
        let bare = try run("export-session", ["--json"], cwd: repo)
        #expect(bare.status == 0, "\(bare.stderr)")
        let exported = try JSONParser.parse(bare.stdout)["path"]?.stringValue ?? ""
        #expect(exported.hasPrefix(repo + "/.") && exported.contains("/sessions/"), "\(bare.stdout)")
        #expect(FileManager.default.fileExists(atPath: exported))

        let text = try run("export-session", ["inspect", "--agent", "claude"], cwd: repo)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Claude Code session \(Self.claudeID)\n"))
        #expect(text.stdout.contains("  messages: 1 prompts, 3 assistant, 0 system\n"))
        #expect(text.stdout.contains("    [pending] Review docs\n"))
        #expect(text.stdout.hasSuffix("  resume: claude --resume \(Self.claudeID)\n"))
        let list = try run("export-session", ["list"], cwd: repo)
        #expect(list.stdout.hasPrefix("claude  \(Self.claudeID)  2026-01-01T10:00:06.000Z  Build it\n"))
    }

    func stateFile(_ repo: String) throws -> JSONValue {
        try sb.json(try #require(sb.read(repo + "/.claude/claude-state.json")))
    }

    @Test func saveStateFromClaude() throws {
        let repo = try sb.makeRepo()
        try writeClaudeSession(repo: repo)
        let out = try run("save-state", ["--from-agent", "claude", "--json"], cwd: repo)
        #expect(out.status == 0, "\(out.stderr)")
        let result = try sb.json(out.stdout)
        #expect(result["tasks_source"] == "agent")
        #expect(result["source"] == ["agent": "claude", "session_id": .string(Self.claudeID), "rule": "newest"])
        let state = try stateFile(repo)
        #expect(state["completed"] == ["Write docs"])
        #expect(state["pending"] == ["Review docs"])
        #expect(state["source"]?["agent"] == "claude")
    }

    @Test func saveStateFromCodexWithAnExplicitFlagWinning() throws {
        let repo = try sb.makeRepo()
        try writeCodexSession(repo: repo, modified: 1_767_258_000)
        let out = try run(
            "save-state", ["--from-agent", "codex", "--completed", "Test", "--pending", "Ship", "--json"],
            cwd: repo, env: ["CODEX_THREAD_ID": Self.codexID])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try sb.json(out.stdout)["source"]?["rule"] == "env:CODEX_THREAD_ID")
        let state = try stateFile(repo)
        #expect(state["completed"] == ["Parse", "Test"])
        #expect(state["in_progress"] == [])
        #expect(state["pending"] == ["Ship"])
    }

    @Test func saveStateFromAutoUsesTheRunningAgent() throws {
        let repo = try sb.makeRepo()
        try writeClaudeSession(repo: repo)
        try writeCodexSession(repo: repo, modified: 1_900_000_000)  // newer than the Claude session
        let out = try run(
            "save-state", ["--from-agent", "auto", "--json"], cwd: repo,
            env: ["CLAUDECODE": "1", "CLAUDE_CODE_SESSION_ID": Self.claudeID])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(
            try sb.json(out.stdout)["source"] == [
                "agent": "claude", "session_id": .string(Self.claudeID),
                "rule": "env:CLAUDE_CODE_SESSION_ID",
            ])
        // outside any agent, auto takes the newest session of the project: the Codex one
        let newest = try run("save-state", ["--from-agent", "auto", "--json", "--force"], cwd: repo)
        #expect(newest.status == 0, "\(newest.stderr)")
        #expect(try sb.json(newest.stdout)["source"]?["agent"] == "codex")
        #expect(try stateFile(repo)["in_progress"] == ["Test"])
    }

    @Test func saveStateFromAnAgentWithoutTasksOrSessionIsMissingInput() throws {
        let repo = try sb.makeRepo()
        let none = try run("save-state", ["--from-agent", "claude"], cwd: repo)
        #expect(none.status == 66)
        #expect(none.stderr.contains("no Claude Code session found"))
        try writeClaudeSession(repo: repo, withTasks: false)
        let noTasks = try run("save-state", ["--from-agent", "claude"], cwd: repo)
        #expect(noTasks.status == 66)
        #expect(noTasks.stderr.contains("keeps no task list"))
        #expect(sb.read(repo + "/.claude/claude-state.json") == nil)
    }
}
