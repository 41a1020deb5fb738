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
            CodexPaths.existingRollouts(TestRun("x", [], cwd: repo, home: dir.home, environment: env).context, id: id)
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
            ["convert", "--from", "codex", "--to", "claude"], cwd: repo, home: dir.home,
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
            ["convert", "--input", syntheticTranscript, "--to", "gemini", "--json"],
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
