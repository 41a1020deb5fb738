import Foundation
import SessionModel
import Testing

private func fixture(_ relative: String) -> String {
    var url = URL(fileURLWithPath: #filePath)
    while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
    return url.path + "/Fixtures/" + relative
}

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

    @Test func noSessionIsExit66() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let out = try sb.run("export-session", ["--agent", "claude", "--json"], cwd: repo)
        #expect(out.status == 66)
        #expect(try sb.json(out.stdout)["error"]?["kind"]?.stringValue == "missing-input")
    }
}
