import Foundation
import Testing

@testable import SessionModel

let claudeFixture = Fixtures.path(
    "claude/real-2.1.329/projects/-tmp-agent-sessions-fixture-sb-projects-app/5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10.jsonl"
)
let codexFixture = Fixtures.path(
    "codex/real-0.163.0/sessions/2026/11/21/rollout-2026-11-21T08-23-59-01a1fd34-82b8-7850-8047-159de68d9e13.jsonl")

func jsonLines(_ path: String) throws -> [JSONValue] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
}

@Suite struct ImportTests {
    @Test func claudeImportGoesIntoThisProjectsFolderWithCwdRewritten() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let config = dir.file("cc")
        let env = ["CLAUDE_CONFIG_DIR": config, "PATH": "/usr/bin:/bin"]
        let (code, t) = runExportSession(["import", claudeFixture], cwd: repo, home: dir.home, environment: env)
        #expect(code == 0, "\(t.stderr.text)")
        let id = "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"
        let dest = config + "/projects/" + ClaudePaths.projectFolderName(repo) + "/" + id + ".jsonl"
        let lines = try jsonLines(dest)
        let original = try jsonLines(claudeFixture)
        #expect(lines.count == original.count)
        var rewritten = 0
        for (new, old) in zip(lines, original) {
            if old["cwd"] != nil {
                #expect(new["cwd"]?.stringValue == repo)
                rewritten += 1
            } else {
                #expect(new == old)
            }
            #expect(new["uuid"] == old["uuid"] && new["message"] == old["message"])
        }
        #expect(rewritten > 5)
        #expect(t.stdout.text.contains("claude --resume \(id)"))

        // Never over an existing session without --force (a refusal, 1), and the file is untouched.
        let before = try String(contentsOfFile: dest, encoding: .utf8)
        let (again, t2) = runExportSession(["import", claudeFixture], cwd: repo, home: dir.home, environment: env)
        #expect(again == 1 && t2.stderr.text.contains("already exists") && t2.stderr.text.contains("--force"))
        #expect(try String(contentsOfFile: dest, encoding: .utf8) == before)
        // Also when it lives under another project.
        let other = try dir.makeRepo("other")
        #expect(runExportSession(["import", claudeFixture], cwd: other, home: dir.home, environment: env).0 == 1)
        let (forced, _) = runExportSession(
            ["import", claudeFixture, "--force", "--json"], cwd: repo, home: dir.home,
            environment: env)
        #expect(forced == 0)
    }

    @Test func codexImportWritesAFreshRolloutUnderToday() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let codexHome = dir.file("codexhome")
        let env = ["CODEX_HOME": codexHome, "PATH": "/usr/bin:/bin"]
        let (code, t) = runExportSession(
            ["import", codexFixture, "--json"], cwd: repo, home: dir.home, environment: env)
        #expect(code == 0, "\(t.stderr.text)")
        let json = try JSONParser.parse(t.stdout.text)
        let path = try #require(json["path"]?.stringValue)
        let id = "01a1fd34-82b8-7850-8047-159de68d9e13"
        // The test clock is 1_795_000_000 (2026-11-18 local date in any zone within ±12 h of UTC 11:06).
        #expect(path.hasPrefix(codexHome + "/sessions/2026/11/1"))
        #expect(Paths.basename(path).hasPrefix("rollout-2026-11-1") && path.hasSuffix("-\(id).jsonl"))
        #expect(json["resume_command"]?.stringValue == "codex resume \(id)")
        let lines = try jsonLines(path)
        #expect(lines.count == (try jsonLines(codexFixture)).count)
        #expect(lines[0]["payload"]?["cwd"]?.stringValue == repo)
        #expect(
            lines.filter { $0["type"]?.stringValue == "turn_context" }.allSatisfy {
                $0["payload"]?["cwd"]?.stringValue == repo
            })
        #expect(runExportSession(["import", codexFixture], cwd: repo, home: dir.home, environment: env).0 == 1)
        let (forced, t3) = runExportSession(
            ["import", codexFixture, "--force"], cwd: repo, home: dir.home, environment: env)
        #expect(forced == 0, "\(t3.stderr.text)")
        // The old rollout is set aside, not listed twice.
        #expect(
            CodexPaths.existingRollouts(
                TestRun("x", [], cwd: repo, home: dir.home, environment: env).context.agentEnvironment, id: id
            )
            .count == 1)
    }

    @Test func aTranscriptImportsIntoAnyWritableAgent() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let env = ["CLAUDE_CONFIG_DIR": dir.file("cc"), "PATH": "/usr/bin:/bin"]
        let (code, t) = runExportSession(
            ["import", syntheticTranscript, "--agent", "claude", "--json"], cwd: repo,
            home: dir.home, environment: env)
        #expect(code == 0, "\(t.stderr.text)")
        let json = try JSONParser.parse(t.stdout.text)
        #expect(json["agent"]?.stringValue == "claude")
        let path = try #require(json["path"]?.stringValue)
        #expect(path.hasPrefix(dir.file("cc") + "/projects/" + ClaudePaths.projectFolderName(repo) + "/"))
        #expect(FileInfo.isFile(try #require(json["loss_report_path"]?.stringValue)))
    }

    /// `opencode import` reads the file itself: it gets a redacted copy, outside the project, removed afterwards.
    @Test func openCodeImportIsGivenARedactedCopy() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let token = "gh" + "p_" + String(repeating: "Zk4mQ", count: 8)  // built from pieces: no secret committed
        let received = dir.file("received.json")
        let tmp = dir.file("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let fake = try dir.write(
            "bin/opencode", "#!/bin/sh\ncp \"$2\" '\(received)'\necho \"Imported session: ses_1\"\n")
        #expect(chmod(fake, 0o755) == 0)
        let file = try dir.write(
            "s.json",
            #"{"info":{"id":"ses_1","title":"push with "# + token + #""},"messages":[],"todos":[]}"# + "\n")
        let env = ["PATH": dir.file("bin") + ":/usr/bin:/bin", "TMPDIR": tmp]
        let (code, t) = runExportSession(["import", file], cwd: repo, home: dir.home, environment: env)
        #expect(code == 0, "\(t.stderr.text)")
        #expect(t.stderr.text.contains("redaction: 1 secret redacted (github 1)"), "\(t.stderr.text)")
        let copy = try #require(FileManager.default.contents(atPath: received))
        #expect(!String(decoding: copy, as: UTF8.self).contains(token))
        #expect(String(decoding: copy, as: UTF8.self).contains("[REDACTED:github]"))
        #expect(FileInfo.list(tmp).isEmpty, "the redacted copy is removed")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains(token), "the user's file is left as it is")
    }

    @Test func unsupportedImportsSayWhy() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let env = ["PATH": "/usr/bin:/bin"]
        let opencode = try dir.write("s.json", #"{"info":{"id":"ses_1"},"messages":[],"todos":[]}"# + "\n")
        let (c1, t1) = runExportSession(["import", opencode], cwd: repo, home: dir.home, environment: env)
        #expect(c1 == 1 && t1.stderr.text.contains("needs the opencode binary"))
        let gemini = try dir.write("g.jsonl", #"{"sessionId":"x","projectHash":"y","startTime":"z"}"# + "\n")
        #expect(runExportSession(["import", gemini], cwd: repo, home: dir.home, environment: env).0 == 1)
        let junk = try dir.write("j.txt", "hello\n")
        #expect(runExportSession(["import", junk], cwd: repo, home: dir.home, environment: env).0 == 65)
        #expect(
            runExportSession(["import", dir.file("missing.jsonl")], cwd: repo, home: dir.home, environment: env).0 == 66
        )
        let (c2, t2) = runExportSession(
            ["import", claudeFixture, "--agent", "codex"], cwd: repo, home: dir.home,
            environment: env)
        #expect(c2 == 1 && t2.stderr.text.contains("convert"))
    }
}

@Suite struct ConvertTests {
    func codexStore() -> @Sendable (AgentKind, ToolContext) -> any SessionStore {
        { agent, _ in
            agent == .codex
                ? TranscriptFixtureStore(agent: .codex, transcript: syntheticTranscript) : EmptyStore(agent: agent)
        }
    }

    @Test func codexToClaudeWritesTheSessionAndALossReportBesideIt() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let env = ["CLAUDE_CONFIG_DIR": dir.file("cc")]
        let (code, t) = runExportSession(
            ["convert", "--from", "codex", "--to", "claude", "--whole"], cwd: repo, home: dir.home,
            environment: env, stores: codexStore())
        #expect(code == 0, "\(t.stderr.text)")
        let folder = dir.file("cc") + "/projects/" + ClaudePaths.projectFolderName(repo)
        let files = FileInfo.list(folder).sorted()
        #expect(files.count == 2)
        let session = try #require(files.first { $0.hasSuffix(".jsonl") })
        let id = String(session.dropLast(6))
        #expect(IDShapes.isUUID(id))
        let report = try String(contentsOfFile: folder + "/" + id + ".loss.txt", encoding: .utf8)
        #expect(report.contains("Source: Codex CLI session 01a1fd34-82b8-7850-8047-159de68d9e13"))
        #expect(report.contains("1 × image") && report.contains("1 × encrypted reasoning"))
        #expect(report.contains("1 × subagent (sidechain) message") && report.contains("thinking block"))
        #expect(t.stdout.text.contains(report))
        #expect(t.stdout.text.contains("claude --resume \(id)"))
        let first = try jsonLines(folder + "/" + session)[0]
        #expect(
            first["message"]?["content"]?.stringValue?.contains("converted from Codex CLI session 01a1fd34") == true)
    }

    @Test func unsupportedPairsFailWithExit1() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let (c1, t1) = runExportSession(
            ["convert", "--from", "codex", "--to", "opencode"], cwd: repo, home: dir.home,
            stores: codexStore())
        #expect(c1 == 1 && t1.stderr.text.contains("converting to OpenCode is not supported"))
        #expect(t1.stderr.text.contains("targets: claude, codex, gemini"))
        let (c2, t2) = runExportSession(
            ["convert", "--from", "codex", "--to", "codex"], cwd: repo, home: dir.home,
            stores: codexStore())
        #expect(c2 == 1 && t2.stderr.text.contains("nothing to convert"))
        #expect(
            runExportSession(["convert", "--to", "claude"], cwd: repo, home: dir.home, stores: codexStore()).0 == 64)
        // No session in the source store: 66.
        let (c3, _) = runExportSession(
            ["convert", "--from", "gemini", "--to", "claude"], cwd: repo, home: dir.home,
            stores: codexStore())
        #expect(c3 == 66)
    }

    @Test func toGeminiRegistersTheProject() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let (code, t) = runExportSession(
            ["convert", "--input", syntheticTranscript, "--to", "gemini", "--whole", "--json"],
            cwd: repo, home: dir.home)
        #expect(code == 0, "\(t.stderr.text)")
        let json = try JSONParser.parse(t.stdout.text)
        let registry = try #require(try JSONFile.read(dir.home + "/.gemini/projects.json"))
        let slug = try #require(registry["projects"]?[repo]?.stringValue)
        #expect(json["path"]?.stringValue?.hasPrefix(dir.home + "/.gemini/tmp/\(slug)/chats/session-") == true)
        #expect(json["resume_command"]?.stringValue?.hasPrefix("gemini --resume ") == true)
        #expect(json["loss"]?["carried"]?["prompts"]?.intValue == 4)
    }
}

/// Imported and converted Codex sessions get a row in Codex's thread index (state_5.sqlite `threads`), which its
/// resume picker lists; the schema is the real 0.163.0 one (Tests/Fixtures/codex/state_5-threads.sql).
@Suite struct CodexThreadIndexTests {
    func codexHome(_ dir: TempDir, provider: String? = "fake", database: Bool = true) throws -> String {
        let home = dir.file("codexhome")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        if let provider {
            try "model = \"m\"\nmodel_provider = \"\(provider)\" # chosen\n[model_providers.fake]\nname = \"x\"\n"
                .write(toFile: home + "/config.toml", atomically: false, encoding: .utf8)
        }
        if database { try AgentFixtures.buildDatabase("codex/state_5-threads.sql", at: home + "/state_5.sqlite") }
        return home
    }

    func threads(_ home: String) throws -> [[SQLiteValue]] {
        try SQLiteDatabase(path: home + "/state_5.sqlite", readOnly: true).rows(
            "SELECT id, rollout_path, cwd, model_provider, preview, first_user_message, source, created_at_ms > 0, "
                + "recency_at_ms > 0, history_mode FROM threads ORDER BY id = '01a23e5b-5cea-7c72-8925-be4bf1fa7f11', id"
        )
    }

    @Test func anImportedRolloutGetsARowThePickerLists() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let home = try codexHome(dir)
        let (code, t) = runExportSession(
            ["import", codexFixture, "--json"], cwd: repo, home: dir.home, environment: ["CODEX_HOME": home])
        #expect(code == 0, "\(t.stderr.text)")
        #expect(t.stderr.text.isEmpty)
        let id = "01a1fd34-82b8-7850-8047-159de68d9e13"
        let dest = try #require(
            CodexPaths.existingRollouts(storeEnvironment(home: dir.home, ["CODEX_HOME": home]), id: id).first)
        let rows = try threads(home)
        #expect(rows.count == 2)
        #expect(
            rows.first == [
                .text(id), .text(dest), .text(repo), .text("fake"), .text("Set up the parser work."),
                .text("Set up the parser work."), .text("exec"), .int(1), .int(1), .text("paginated"),
            ])
        // --force replaces the row instead of adding a second one.
        #expect(
            runExportSession(
                ["import", codexFixture, "--force"], cwd: repo, home: dir.home, environment: ["CODEX_HOME": home]
            )
            .0 == 0)
        #expect(try threads(home).count == 2)
    }

    @Test func aConvertedSessionGetsARowWithTheConfiguredProvider() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let home = try codexHome(dir, provider: nil)
        let env = ["CODEX_HOME": home, "CLAUDE_CONFIG_DIR": Fixtures.path("claude/real-2.1.329")]
        let (code, t) = runExportSession(
            [
                "convert", "--from", "claude", "--to", "codex", "--session", "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10",
                "--json",
            ],
            cwd: repo, home: dir.home, environment: env)
        #expect(code == 0, "\(t.stderr.text)")
        let out = try JSONParser.parse(t.stdout.text)
        let id = try #require(out["session_id"]?.stringValue)
        let row = try #require(try threads(home).first)
        #expect(try threads(home).count == 2)
        #expect(row[0] == .text(id) && row[2] == .text(repo) && row[3] == .text("openai") && row[6] == .text("cli"))
        #expect(row[9] == .text("legacy"))
        #expect(row[4] != .text(""))
    }

    @Test func noDatabaseIsLeftAloneAndAnUnknownRequiredColumnIsANoteNotAFailure() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let home = try codexHome(dir, database: false)
        #expect(
            runExportSession(["import", codexFixture], cwd: repo, home: dir.home, environment: ["CODEX_HOME": home]).0
                == 0)
        #expect(CodexStateDB.path(root: home) == nil)
        #expect(!FileManager.default.fileExists(atPath: home + "/state_5.sqlite"))

        let other = TempDir()
        let repo2 = try other.makeRepo()
        let home2 = try codexHome(other)
        try SQLiteDatabase(path: home2 + "/state_5.sqlite", readOnly: false).execute(
            "ALTER TABLE threads ADD COLUMN future_thing TEXT NOT NULL DEFAULT 'x'; CREATE TABLE t2(a);")
        try SQLiteDatabase(path: home2 + "/state_7.sqlite", readOnly: false).execute(
            "CREATE TABLE threads (id TEXT PRIMARY KEY, must_have TEXT NOT NULL)")
        #expect(CodexStateDB.path(root: home2) == home2 + "/state_7.sqlite")
        let (code, t) = runExportSession(
            ["import", codexFixture], cwd: repo2, home: other.home, environment: ["CODEX_HOME": home2])
        #expect(code == 0)
        #expect(t.stderr.text.contains("needs must_have") && t.stderr.text.contains("codex migrate-rollouts --apply"))
    }

    /// The core's notes go to its environment's `NoteSink`, never to a stream: a library caller collects them
    /// (the command line's sink prints them as `<tool>: note: …`, the test above).
    @Test func aNoteGoesToTheEnvironmentsNoteSink() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let home = try codexHome(dir)
        try SQLiteDatabase(path: home + "/state_7.sqlite", readOnly: false).execute(
            "CREATE TABLE threads (id TEXT PRIMARY KEY, must_have TEXT NOT NULL)")
        let notes = CollectedNotes()
        var environment = storeEnvironment(dir, cwd: repo, environment: ["CODEX_HOME": home])
        environment.notes = notes
        _ = try SessionImporter.importFile(
            codexFixture, agent: nil, projectRoot: repo, force: false, environment: environment)
        let lines = notes.lines
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("session ") == true && lines.first?.contains("needs must_have") == true)
    }

    @Test func providerComesFromTheTopLevelOfConfigToml() throws {
        let dir = TempDir()
        #expect(CodexStateDB.provider(root: dir.path) == "openai")
        try "[x]\nmodel_provider = \"nested\"\n".write(
            toFile: dir.file("config.toml"), atomically: false, encoding: .utf8)
        #expect(CodexStateDB.provider(root: dir.path) == "openai")
        try "model_provider='ollama'\n".write(toFile: dir.file("config.toml"), atomically: false, encoding: .utf8)
        #expect(CodexStateDB.provider(root: dir.path) == "ollama")
    }
}

/// Converting within the target's context: from the last compaction summary, newest messages within a budget,
/// starting at a prompt; the loss report says what was left out; --whole carries everything.
@Suite struct ConvertBudgetTests {
    @Test func planKeepsTheNewestThatFitAfterTheSummary() {
        let b = ConvertBudget(tokens: 25)
        let p = b.plan(sizes: [10, 10, 10, 10], lastSummary: nil)
        #expect(p.firstKept == 2 && p.overBudget == 2 && p.beforeCompaction == 0 && p.keptTokens == 20)
        let s = ConvertBudget(tokens: 20).plan(sizes: [100, 5, 10, 10], lastSummary: 1)
        #expect(s.summary == 1 && s.firstKept == 3 && s.beforeCompaction == 1 && s.overBudget == 1)
        #expect(ConvertBudget(tokens: 1000).plan(sizes: [1, 2], lastSummary: nil).firstKept == 0)
        #expect(ConvertBudget.default(for: .claude).tokens < ConvertBudget.default(for: .gemini).tokens)
    }

    @Test func theKeptTailStartsAtAPromptAndTitlesStay() throws {
        let events: [TranscriptEvent] = [
            .title("T"),
            .message(TranscriptMessage(role: .user, text: String(repeating: "a", count: 400))),
            .message(
                TranscriptMessage(role: .assistant, toolCalls: [ToolCall(id: "1", name: "Bash", input: ["c": "ls"])])),
            .message(TranscriptMessage(role: .user, toolResults: [ToolResult(callId: "1", output: "x")])),
            .message(TranscriptMessage(role: .assistant, text: "done")),
            .message(TranscriptMessage(role: .user, text: "next")),
            .message(TranscriptMessage(role: .assistant, text: "ok")),
        ]
        var seen: [TranscriptEvent] = []
        let plan = try ConvertBudget(tokens: 12).select({ (visit) throws(SessionError) in
            for e in events { try visit(e) }
        }) {
            seen.append($0)
        }
        #expect(seen == [events[0], events[5], events[6]])
        #expect(plan.firstKept == 4 && plan.overBudget == 4)
        #expect(
            ConvertBudget(tokens: 12).omissions(plan) == [
                "older message over the 12-token budget (--whole carries everything)": 4
            ])
    }

    @Test func convertCarriesFromTheLastCompactionAndSaysWhatItLeftOut() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let env = ["CLAUDE_CONFIG_DIR": Fixtures.path("claude/ours"), "CODEX_HOME": dir.file("codexhome")]
        let id = "11111111-1111-4111-8111-111111111111"
        let (code, t) = runExportSession(
            ["convert", "--from", "claude", "--to", "codex", "--session", id, "--json"], cwd: repo, home: dir.home,
            environment: env)
        #expect(code == 0, "\(t.stderr.text)")
        let out = try JSONParser.parse(t.stdout.text)
        let rollout = try #require(out["path"]?.stringValue)
        let text = try String(contentsOfFile: rollout, encoding: .utf8)
        #expect(text.contains("Summary: fixing login.") && text.contains("The button is disabled."))
        #expect(!text.contains("Fix the login bug"))  // before the compaction
        let report = try #require(out["loss_report"]?.stringValue)
        #expect(report.contains("message before the last compaction (its summary is carried instead)"))

        let (whole, w) = runExportSession(
            ["convert", "--from", "claude", "--to", "codex", "--session", id, "--whole", "--json"], cwd: repo,
            home: dir.home, environment: env)
        #expect(whole == 0)
        let all = try JSONParser.parse(w.stdout.text)
        #expect(try String(contentsOfFile: all["path"]!.stringValue!, encoding: .utf8).contains("Fix the login bug"))
        #expect(all["loss_report"]?.stringValue?.contains("before the last compaction") == false)

        let (tight, g) = runExportSession(
            ["convert", "--from", "claude", "--to", "codex", "--session", id, "--budget", "30", "--json"], cwd: repo,
            home: dir.home, environment: env)
        #expect(tight == 0, "\(g.stderr.text)")
        #expect(try JSONParser.parse(g.stdout.text)["loss_report"]?.stringValue?.contains("30-token budget") == true)
        #expect(
            runExportSession(
                ["convert", "--from", "claude", "--to", "codex", "--session", id, "--budget", "lots"], cwd: repo,
                home: dir.home, environment: env
            ).0 == 64)
    }
}

/// A `NoteSink` that keeps the notes (tests).
final class CollectedNotes: NoteSink, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [String] = []
    var lines: [String] { lock.withLock { kept } }
    func note(_ line: String) { lock.withLock { kept.append(line) } }
    var showsProgress: Bool { false }
    func progress(_ text: String) {}
}
