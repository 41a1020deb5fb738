import Foundation
import SessionModel
import TestSupport
import Testing

private func fixture(_ relative: String) -> String { RepoRoot.fixture(relative) }

@Suite struct ExportSessionEndToEndTests {
    let transcript = fixture("export/synthetic.transcript.jsonl")
    let claudeFile = fixture(
        "claude/real-2.1.329/projects/-tmp-agent-sessions-fixture-sb-projects-app/5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10.jsonl"
    )

    @Test func helpShowsTheSubcommands() throws {
        let sb = Sandbox()
        let out = try sb.run("export-session", ["--help"], cwd: sb.root)
        #expect(out.status == 0)
        for word in ["import", "convert", "--format", "--no-redact", "--thinking", "--latest"] {
            #expect(out.stdout.contains(word), "help lacks \(word)")
        }
    }

    @Test func rendersAnExportedTranscriptAsHTMLInTheRepo() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let out = try sb.run("export-session", ["--input", transcript, "--format", "html", "--json"], cwd: repo)
        #expect(out.status == 0, "\(out.stderr)")
        let json = try sb.json(out.stdout)
        let path = try #require(json["path"]?.stringValue)
        #expect(
            path.hasPrefix(repo + "/.codex/sessions/2026-11-21-08-23-fix-the-parser-add-tests")
                && path.hasSuffix(".html"))
        let html = try #require(sb.read(path))
        #expect(html.contains("[REDACTED:github]") && !html.contains("ghp_abcdef"))
        #expect((json["size"]?.intValue ?? 0) == html.utf8.count)
        #expect(json["git"]?.arrayValue?.first?.stringValue?.hasPrefix("git add -- .codex/sessions/") == true)
        #expect(out.stderr.contains("1 secret redacted (github 1)"))
        // The git lines work as printed.
        try sb.git(["add", "--", try #require(json["relative_path"]?.stringValue)], in: repo)
    }

    @Test func convertsATranscriptForClaudeCodexAndGemini() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let env = ["CLAUDE_CONFIG_DIR": sb.path("cc"), "CODEX_HOME": sb.path("codex")]
        // The fixture is a Codex session; as a Claude one it converts to Codex too.
        let asClaude = try sb.write(
            "claude.transcript.jsonl",
            try #require(sb.read(transcript)).replacingOccurrences(
                of: #""agent":"codex""#,
                with: #""agent":"claude""#))
        for (target, input) in [("claude", transcript), ("codex", asClaude), ("gemini", transcript)] {
            let out = try sb.run(
                "export-session", ["convert", "--input", input, "--to", target, "--whole", "--json"], cwd: repo,
                env: env)
            #expect(out.status == 0, "\(target): \(out.stderr)")
            let json = try sb.json(out.stdout)
            let path = try #require(json["path"]?.stringValue)
            let text = try #require(sb.read(path))
            #expect(text.contains("Fix the parser.") && text.contains("You're welcome."))
            #expect(FileInfo.isFile(try #require(json["loss_report_path"]?.stringValue)))
            #expect(
                json["resume_command"]?.stringValue?.contains(try #require(json["session_id"]?.stringValue)) == true)
        }
        // Without --whole a session is carried from its last compaction summary on, and the report says so.
        let fit = try sb.run(
            "export-session", ["convert", "--input", transcript, "--to", "claude", "--json"], cwd: repo, env: env)
        #expect(fit.status == 0, "\(fit.stderr)")
        let fittedPath = try #require(try sb.json(fit.stdout)["path"]?.stringValue)
        let fitted = try #require(sb.read(fittedPath))
        #expect(!fitted.contains("Fix the parser.") && fitted.contains("Summary: the parser was fixed."))
        #expect(fit.stdout.contains("before the last compaction"))
        let bad = try sb.run(
            "export-session", ["convert", "--input", transcript, "--to", "cursor"], cwd: repo, env: env)
        #expect(bad.status == 1 && bad.stderr.contains("not supported"))
    }

    @Test func importsAClaudeSessionUnderThisProjectOnce() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let env = ["CLAUDE_CONFIG_DIR": sb.path("cc")]
        let out = try sb.run("export-session", ["import", claudeFile], cwd: repo, env: env)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("claude --resume 5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"))
        let dest =
            sb.path("cc") + "/projects/" + ClaudePaths.projectFolderName(repo)
            + "/5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10.jsonl"
        #expect(try #require(sb.read(dest)).contains("\"cwd\":\"\(repo)\""))
        let again = try sb.run("export-session", ["import", claudeFile], cwd: repo, env: env)
        #expect(again.status == 1 && again.stderr.contains("--force"))
    }

    /// A Cursor Agent CLI chat exports natively as its store.db; one holding a secret in a blob that cannot be
    /// redacted in place is refused with exit 1, naming --format json, and nothing is written.
    @Test func cursorChatNativeExportIsItsStoreOrARefusal() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let chat = "c1c1c1c1-2222-4333-8444-555566667777"
        let store = sb.home + "/.cursor/chats/0123456789abcdef0123456789abcdef/\(chat)/store.db"
        try FileManager.default.createDirectory(atPath: Paths.dirname(store), withIntermediateDirectories: true)
        let db = try SQLiteDatabase(path: store, readOnly: false)
        try db.execute(
            try String(contentsOfFile: fixture("cursor/agent-cli/store-\(chat).sql"), encoding: .utf8))
        let args = ["--agent", "cursor", "--session", chat, "--format", "native", "--json"]
        let ok = try sb.run("export-session", args, cwd: repo)
        #expect(ok.status == 0, "\(ok.stderr)")
        let path = try #require(try sb.json(ok.stdout)["path"]?.stringValue)
        #expect(path.hasSuffix(".db"))
        #expect(try SQLiteDatabase(path: path, readOnly: true).tableNames().isSuperset(of: ["blobs", "meta"]))
        try FileManager.default.removeItem(atPath: path)

        let token = Array(("ghp_" + String(repeating: "aB3dE5", count: 6)).utf8)
        try db.query(
            "UPDATE blobs SET data = ? WHERE id = ?",
            [
                .blob([0x08, 0x96, 0x01, 0x12, UInt8(token.count)] + token),
                .text("1c1750ed93533a862f6ac6e7d3d0507eea6837565e92816b19e6bf4da763ed1e"),
            ])
        let refused = try sb.run("export-session", args, cwd: repo)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("--format json"), "\(refused.stdout)")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.enumerator(atPath: Paths.dirname(path))?.allObjects.isEmpty ?? true)
    }

    @Test func noSessionIsExit66() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let out = try sb.run("export-session", ["--agent", "claude", "--json"], cwd: repo)
        #expect(out.status == 66)
        #expect(try sb.json(out.stdout)["error"]?["kind"]?.stringValue == "missing-input")
    }
}
