import Foundation
import Testing

@testable import SessionModel

/// A store over one neutral-transcript file (events) and, optionally, a native file (for `--format native`).
struct TranscriptFixtureStore: SessionStore {
    var agent: AgentKind
    var transcript: String
    var nativePath: String?
    var summaryOverride: SessionSummary?
    var location: String { "test" }

    func summary() -> SessionSummary {
        if let summaryOverride { return summaryOverride }
        let source = try! TranscriptFileSource(path: transcript)
        var s = source.summary
        s.agent = agent
        if let nativePath { s.path = nativePath }
        return s
    }

    func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] { [summary()] }
    func session(id: String) throws(SessionError) -> SessionSummary? { summary().id == id ? summary() : nil }
    func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    {
        try TranscriptFileSource(path: transcript).read(visit)
    }
    func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }
    func resumeCommand(id: String) -> String { "" }
    func isValidID(_ id: String) -> Bool { true }
}

/// A store with nothing in it.
struct EmptyStore: SessionStore {
    var agent: AgentKind
    var location: String { "" }
    func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] { [] }
    func session(id: String) throws(SessionError) -> SessionSummary? { nil }
    func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    { ReadStats() }
    func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }
    func resumeCommand(id: String) -> String { "" }
    func isValidID(_ id: String) -> Bool { true }
}

let syntheticTranscript = Fixtures.path("export/synthetic.transcript.jsonl")

/// Renders the synthetic transcript with a fixed header, as the exporter does (redacted; tool outputs whole unless
/// `excerptLines` is given, as the exporter gives it for Markdown and HTML excerpts).
func render(_ renderer: inout some TranscriptRenderer, redact: Bool = true, excerptLines: Int? = nil) throws -> String {
    let source = try TranscriptFileSource(path: syntheticTranscript)
    var header = source.header
    header.exportedAt = "2026-11-21T09:30:00Z"
    header.redacted = redact
    header.title = "Fix the <parser> & add tests"
    let out = OutputBuffer()
    var counts = RedactionCounts()
    var messages = 0
    try renderer.begin(header, into: out)
    _ = try source.read { (event) throws(SessionError) in
        var event = event
        if case .message(var m) = event {
            if redact { SessionExporter.redact(&m, Redactor(), &counts, excerptLines: excerptLines) }
            messages += 1
            event = .message(m)
        }
        try renderer.render(event, into: out)
    }
    try renderer.finish(messages: messages, redactions: redact ? counts : nil, into: out)
    return out.text
}

/// Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it.
func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let path = Fixtures.path("export/" + name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == golden, "differs from \(name) (UPDATE_GOLDEN=1 to accept)", sourceLocation: sourceLocation)
}

/// Runs `export-session` in-process with the given stores.
func runExportSession(
    _ args: [String], cwd: String, home: String, environment: [String: String] = [:],
    stores: @escaping @Sendable (AgentKind, ToolContext) -> any SessionStore = { a, c in
        AgentStores.store(a, context: c)
    }
)
    -> (Int32, TestRun)
{
    let t = TestRun("export-session", args, cwd: cwd, home: home, environment: environment)
    let root = ExportSessionCommand.command(stores: stores)
    let code: Int32
    do {
        switch try ArgumentParser.parse(args, root: root) {
        case .run(let parsed):
            let command = ArgumentParser.resolve(parsed.commandPath, root: root)
            code = try command.action!(parsed, t.context).rawValue
        default: code = -1
        }
    } catch let e as ToolError {
        ToolRunner.report(e, context: t.context, json: args.contains("--json"))
        code = e.code.rawValue
    } catch let e as SessionError {  // as ToolRunner does
        let mapped = ToolError(e)
        ToolRunner.report(mapped, context: t.context, json: args.contains("--json"))
        code = mapped.code.rawValue
    } catch {
        code = -2
    }
    return (code, t)
}

@Suite struct ExportNamingTests {
    let date = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func startTimeAndCleanTitle() {
        #expect(
            ExportNaming.fileName(
                startedAt: "2026-11-21T08:23:59.430Z", title: "Fix the Parser!", ext: "md",
                fallbackDate: date) == "2026-11-21-08-23-fix-the-parser.md")
        #expect(
            ExportNaming.fileName(
                startedAt: "2026-11-21T08:23:59.430Z", title: "Fix", ext: "md",
                fallbackDate: date, attempt: 3) == "2026-11-21-08-23-fix-3.md")
        #expect(ExportNaming.slug("Café ü — déjà vu") == "cafe-u-deja-vu")
        #expect(ExportNaming.slug("日本語のタイトル") == "日本語のタイトル")
        #expect(ExportNaming.slug("Привет, мир") == "привет-мир")
    }

    @Test func titlesLoseSecretsAndTokenLookingWords() {
        let unknownToken = "zq" + "7x_" + "a1b2c3d4e5f6a7b8c9d0"
        #expect(ExportNaming.safeTitle("deploy with " + unknownToken + " today") == "deploy with today")
        let known = "do" + "p_v1_" + String(repeating: "0a1b2c3d", count: 8)
        #expect(ExportNaming.safeTitle("use " + known + " now") == "use now")
        #expect(ExportNaming.safeTitle("Fix 2026-11-21-release notes") == "Fix 2026-11-21-release notes")
        #expect(ExportNaming.safeTitle(nil) == nil)
    }

    @Test(arguments: [
        "../../etc/passwd", "/", "a/b\\c", "..", ".", "nul\u{0}byte", "line\nbreak\r\ttab",
        String(repeating: "x", count: 4096),
        String(repeating: "ab/", count: 1400), "🚀🔥 emoji only 🎉", "", "   ", "-----", "ÀÉÎÕÜ", "日本語のタイトル",
    ])
    func hostileTitlesGiveOneSafeName(_ title: String) {
        let name = ExportNaming.fileName(startedAt: "2026-11-21T08:23:59Z", title: title, ext: "md", fallbackDate: date)
        #expect(IDShapes.isSafeComponent(name))
        #expect(!name.contains("..") && !name.contains("/") && !name.contains("\\"))
        #expect(name.hasPrefix("2026-11-21-08-23-") && name.hasSuffix(".md"))
        let slug = ExportNaming.slug(title)
        #expect(slug.count <= 50 && !slug.isEmpty && !slug.hasPrefix("-") && !slug.hasSuffix("-"))
        #expect(slug.allSatisfy { $0 == "-" || (($0.isLetter || $0.isNumber) && !$0.isUppercase) })
        #expect(slug.utf8.count <= ExportNaming.maxTitleBytes)
        #expect(!slug.contains("--"))
    }

    @Test func noStartTimeUsesTheClock() {
        #expect(ExportNaming.datePrefix(nil, fallback: date) == "2026-11-18-11-06")
        #expect(ExportNaming.datePrefix("not a date", fallback: date) == "2026-11-18-11-06")
    }
}

@Suite struct RendererTests {
    @Test func markdownGolden() throws {
        var r = MarkdownRenderer()
        let text = try render(&r)
        try expectGolden(text, "synthetic.md")
        #expect(!text.contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"))
        #expect(text.contains("[REDACTED:github]"))
        #expect(!text.contains("check the tests first"))  // thinking is left out by default
        #expect(
            text.contains(
                "- Tool **exec_command** `ls -la src && cat src/parser.swift` → 25 B\n\n  ```\n  parser.swift\n"))
        #expect(text.contains("→ error, 13 B"))
    }

    static func header() -> TranscriptHeader {
        TranscriptHeader(agent: .claude, sessionID: "s1", exportedAt: "2026-11-21T09:30:00Z", redacted: false)
    }

    static func renderMessages(_ renderer: inout some TranscriptRenderer, _ messages: [TranscriptMessage]) throws
        -> String
    {
        let out = OutputBuffer()
        try renderer.begin(header(), into: out)
        for m in messages { try renderer.render(.message(m), into: out) }
        try renderer.finish(messages: messages.count, redactions: nil, into: out)
        return out.text
    }

    static let longOutput = (1...50).map { "line \($0)" }.joined(separator: "\n") + "\n"
    static let toolTurn: [TranscriptMessage] = [
        TranscriptMessage(role: .user, text: "run it"),
        TranscriptMessage(
            role: .assistant, text: "Running.",
            toolCalls: [ToolCall(id: "t1", name: "Bash", input: ["command": "seq 50"])]),
        TranscriptMessage(role: .user, toolResults: [ToolResult(callId: "t1", output: longOutput)]),
        TranscriptMessage(role: .assistant, text: "Done."),
    ]

    @Test func resultsNoneExcerptFull() throws {
        var none = MarkdownRenderer(results: .none)
        let n = try Self.renderMessages(&none, Self.toolTurn)
        #expect(n.contains("- Tool **Bash** `seq 50` → 391 B\n") && !n.contains("line 1\n"))
        var excerpt = MarkdownRenderer()
        let e = try Self.renderMessages(&excerpt, Self.toolTurn)
        #expect(
            e.contains("  ```\n  line 1\n  line 2\n  line 3\n  line 4\n  line 5\n  line 6\n  ```\n  *… 44 more lines (")
        )
        var full = MarkdownRenderer(results: .full)
        #expect(try Self.renderMessages(&full, Self.toolTurn).contains("  line 50\n  ```\n"))

        var html = HTMLRenderer()
        let h = try Self.renderMessages(&html, Self.toolTurn)
        // The result sits in the call's <details>, in the assistant's article; no separate "User" card for it.
        #expect(h.contains("<pre class=\"out\">line 1\n"))
        #expect(h.contains("line 40\n[… 10 more lines, "))
        #expect(h.components(separatedBy: "<article").count - 1 == 3)
        var htmlNone = HTMLRenderer(results: .none)
        #expect(!(try Self.renderMessages(&htmlNone, Self.toolTurn)).contains("<pre class=\"out\">"))
    }

    @Test func claudeMetaLinesShowAsTyped() throws {
        let messages = [
            TranscriptMessage(
                role: .system,
                text:
                    "<local-command-caveat>Caveat: The messages below were generated by the user while running local commands.</local-command-caveat>"
            ),
            TranscriptMessage(
                role: .system,
                text:
                    "<command-name>/model</command-name>\n            <command-message>model</command-message>\n            <command-args>opus</command-args>"
            ),
            TranscriptMessage(role: .system, text: "<local-command-stdout>Set model to opus</local-command-stdout>"),
            TranscriptMessage(role: .system, text: "<bash-input>git status</bash-input>"),
        ]
        var md = MarkdownRenderer()
        let m = try Self.renderMessages(&md, messages)
        #expect(m.contains("## User\n\n`/model opus`\n"))
        #expect(m.contains("```\nSet model to opus\n```"))
        #expect(m.contains("`!git status`"))
        #expect(!m.contains("Caveat") && !m.contains("<command-name>") && !m.contains("System"))
        var html = HTMLRenderer()
        let h = try Self.renderMessages(&html, messages)
        #expect(h.contains("<header>User</header>\n<div class=\"t\"><code>/model opus</code></div>"))
        #expect(!h.contains("Caveat") && !h.contains("command-name"))
        #expect(ClaudeMetaLine.parse("plain text") == nil)
    }

    @Test func markdownWithThinking() throws {
        var r = MarkdownRenderer(includeThinking: true)
        #expect(try render(&r).contains("> The user wants the parser fixed; check the tests first."))
    }

    @Test func htmlGolden() throws {
        var r = HTMLRenderer()
        let text = try render(&r)
        try expectGolden(text, "synthetic.html")
        #expect(text.hasPrefix("<!DOCTYPE html>") && text.hasSuffix("</html>\n"))
        #expect(
            !text.contains("<script>")
                && text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(
            !text.contains("http://") && !text.contains("https://") && !text.contains("<link") && !text.contains("src=")
        )
        #expect(text.contains("name=\"viewport\""))
        #expect(text.components(separatedBy: "<details>").count - 1 == 2)  // 2 tool calls, each with its result
        #expect(text.contains("</pre><pre class=\"out\">parser.swift\nlexer.swift</pre></details>"))
        // No glyph that needs an emoji font: every character outside ASCII is ordinary punctuation or text.
        #expect(!text.unicodeScalars.contains { $0.properties.isEmojiPresentation || $0.value >= 0x1F000 })
        #expect(text.components(separatedBy: "<details>").count == text.components(separatedBy: "</details>").count)
    }

    @Test func jsonGoldenReadsBackToTheSameEvents() throws {
        var r = JSONTranscriptRenderer()
        let text = try render(&r, redact: false)
        try expectGolden(text, "synthetic.transcript.golden.jsonl")
        let dir = TempDir()
        let path = try dir.write("t.transcript.jsonl", text)
        var again: [TranscriptEvent] = []
        _ = try TranscriptFileSource(path: path).read { again.append($0) }
        var original: [TranscriptEvent] = []
        _ = try TranscriptFileSource(path: syntheticTranscript).read { original.append($0) }
        #expect(again == original)
        for line in text.split(separator: "\n") { _ = try JSONParser.parse(String(line)) }
    }

    @Test func sizesAndPreviews() {
        #expect(
            RenderText.size(12) == "12 B" && RenderText.size(1536) == "1.5 KB" && RenderText.size(3 << 20) == "3.0 MB")
        #expect(RenderText.inlineCode("a`b") == "``a`b``")
        #expect(RenderText.oneLine("a\n\n  b", limit: 80) == "a b")
        #expect(RenderText.html("<a href='x'>&</a>") == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;")
    }
}

@Suite struct ExportCommandTests {
    func stores(_ dir: TempDir, native: String? = nil) -> @Sendable (AgentKind, ToolContext) -> any SessionStore {
        let transcript = syntheticTranscript
        return { agent, _ in
            agent == .codex
                ? TranscriptFixtureStore(agent: .codex, transcript: transcript, nativePath: native)
                : EmptyStore(agent: agent)
        }
    }

    func run(
        _ args: [String], cwd: String, home: String,
        stores: @escaping @Sendable (AgentKind, ToolContext) -> any SessionStore
    ) -> (Int32, TestRun) {
        runExportSession(args, cwd: cwd, home: home, stores: stores)
    }

    @Test func markdownExportIntoTheRepoWithReportAndRedaction() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let (code, t) = run(["--format", "markdown"], cwd: repo, home: dir.home, stores: stores(dir))
        #expect(code == 0, "\(t.stderr.text)")
        let file = repo + "/.codex/sessions/2026-11-21-08-23-fix-the-parser-add-tests.md"
        let text = try #require(try? String(contentsOfFile: file, encoding: .utf8))
        #expect(text.contains("[REDACTED:github]") && !text.contains("ghp_abc"))
        #expect(
            t.stdout.text.contains(
                "Exported Codex CLI session 01a1fd34-82b8-7850-8047-159de68d9e13 to .codex/sessions/2026-11-21-08-23-fix-the-parser-add-tests.md"
            ))
        #expect(t.stdout.text.contains("11 messages"))
        #expect(t.stdout.text.contains("git add -- .codex/sessions/2026-11-21-08-23-fix-the-parser-add-tests.md"))
        #expect(t.stdout.text.contains("git commit -m 'Share Codex CLI session: fix-the-parser-add-tests'"))
        #expect(t.stderr.text.contains("1 secret redacted (github 1)"))
        // A second export does not overwrite the first.
        let (code2, t2) = run(["--format", "markdown", "--json"], cwd: repo, home: dir.home, stores: stores(dir))
        #expect(code2 == 0)
        let json = try JSONParser.parse(t2.stdout.text)
        #expect(json["relative_path"]?.stringValue == ".codex/sessions/2026-11-21-08-23-fix-the-parser-add-tests-2.md")
        #expect(json["redactions"] == ["github": 1])
        #expect(json["messages"]?.intValue == 11 && (json["size"]?.intValue ?? 0) > 0)
        #expect(!t2.stdout.text.contains("ghp_"))
    }

    @Test func nativeExportStreamsTheAgentsLinesRedacted() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let native = try dir.write(
            "rollout.jsonl",
            """
            {"type":"session_meta","payload":{"id":"01a1fd34-82b8-7850-8047-159de68d9e13","cwd":"/x"}}
            {"type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"key sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"}]}}

            """)
        let (code, t) = run(
            ["--agent", "codex", "--out", "exports", "--json"], cwd: repo, home: dir.home,
            stores: stores(dir, native: native))
        #expect(code == 0, "\(t.stderr.text)")
        let json = try JSONParser.parse(t.stdout.text)
        let path = try #require(json["path"]?.stringValue)
        #expect(path.hasPrefix(repo + "/exports/") && path.hasSuffix(".jsonl"))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains("[REDACTED:anthropic]"))
        for line in lines { _ = try JSONParser.parse(String(line)) }
        #expect(json["redactions"] == ["anthropic": 1])
    }

    @Test func aSecretInTheFirstPromptNeverReachesTheFileName() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let transcript = try dir.write(
            "t.transcript.jsonl",
            """
            {"agent":"claude","exported_at":"x","format":"agent-sessions/transcript","redacted":false,"session_id":"s1","version":1}
            {"role":"user","text":"ghp_abcdefghijklmnopqrstuvwxyz0123456789 is my token","type":"message"}

            """)
        let native = try dir.write("native.jsonl", "{}\n")
        let store: @Sendable (AgentKind, ToolContext) -> any SessionStore = { agent, _ in
            TranscriptFixtureStore(agent: agent, transcript: transcript, nativePath: native)
        }
        let (code, t) = run(["--agent", "claude", "--json"], cwd: repo, home: dir.home, stores: store)
        #expect(code == 0, "\(t.stderr.text)")
        let path = try #require(try JSONParser.parse(t.stdout.text)["path"]?.stringValue)
        #expect(!path.contains("ghp") && !path.contains("abcdefgh"))
        #expect(Paths.basename(path).hasSuffix("-is-my-token.jsonl"))
    }

    @Test func nativeRedactionLeavesOpaqueBlobsAlone() throws {
        let line =
            #"{"type":"response_item","payload":{"type":"reasoning","encrypted_content":"gAAAA-sk-AAAAbbbb1111CCCCdddd2222eeee","summary":[]},"text":"key ghp_abcdefghijklmnopqrstuvwxyz0123456789"}"#
        var counts = RedactionCounts()
        var scratch: [UInt8] = []
        let out = try #require(
            Array(line.utf8).withUnsafeBufferPointer {
                SessionExporter.redactNativeLine($0, Redactor(), &counts, scratch: &scratch)
            })
        let json = try JSONParser.parse(out)
        #expect(json["payload"]?["encrypted_content"]?.stringValue == "gAAAA-sk-AAAAbbbb1111CCCCdddd2222eeee")
        #expect(json["text"]?.stringValue == "key [REDACTED:github]")
        #expect(counts.byKind == ["github": 1])
        // Only a chance match inside a blob: the line is kept byte for byte.
        let blobOnly = #"{"encrypted_content":"gAAAA-sk-AAAAbbbb1111CCCCdddd2222eeee"}"#
        var c2 = RedactionCounts()
        #expect(
            Array(blobOnly.utf8).withUnsafeBufferPointer {
                SessionExporter.redactNativeLine($0, Redactor(), &c2, scratch: &scratch)
            } == nil)
        #expect(c2.total == 0)
    }

    @Test func noRedactKeepsSecretsAndSaysSo() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let (code, t) = run(["--format", "json", "--no-redact"], cwd: repo, home: dir.home, stores: stores(dir))
        #expect(code == 0)
        #expect(t.stderr.text.contains("redaction is off"))
        let file = try #require(FileInfo.list(repo + "/.codex/sessions").first)
        #expect(file.hasSuffix(".transcript.jsonl"))
        #expect(try String(contentsOfFile: repo + "/.codex/sessions/" + file, encoding: .utf8).contains("ghp_abc"))
    }

    @Test func errorsUseTheDocumentedCodes() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        let empty: @Sendable (AgentKind, ToolContext) -> any SessionStore = { agent, _ in EmptyStore(agent: agent) }
        #expect(run(["--agent", "claude"], cwd: repo, home: dir.home, stores: empty).0 == 66)
        #expect(run(["--session", "nope"], cwd: repo, home: dir.home, stores: stores(dir)).0 == 66)
        try dir.write("blocker", "a file where the folder should be")
        #expect(run(["--out", dir.file("blocker") + "/sub"], cwd: repo, home: dir.home, stores: stores(dir)).0 == 73)
        let broken = try dir.write("broken.transcript.jsonl", "not json\n")
        let bad: @Sendable (AgentKind, ToolContext) -> any SessionStore = { agent, _ in
            TranscriptFixtureStore(
                agent: agent, transcript: broken, nativePath: nil,
                summaryOverride: SessionSummary(agent: agent, id: "x", path: broken))
        }
        #expect(run(["--agent", "codex", "--format", "markdown"], cwd: repo, home: dir.home, stores: bad).0 == 65)
        #expect(run(["--latest", "--session", "x"], cwd: repo, home: dir.home, stores: stores(dir)).0 == 64)
    }

    @Test func progressBarOnlyOnATerminalAndForLargeInput() {
        func drawn(terminal: Bool, size: Int64) -> String {
            let sink = BufferSink(isTerminal: terminal)
            var context = TestRun("export-session", [], cwd: "/", home: "/").context
            context.stderr = sink
            let progress = ExportProgress(environment: context.agentEnvironment, inputSize: size)
            progress.bytes(size / 2)
            progress.done()
            return sink.text
        }
        #expect(drawn(terminal: true, size: 64 << 20).contains("50% of 64 MB"))
        #expect(drawn(terminal: false, size: 64 << 20).isEmpty)
        #expect(drawn(terminal: true, size: 1 << 20).isEmpty)
    }

    @Test func theTreeHasImportConvertAndAMergePointForTheQueries() {
        let names = ExportSessionCommand.command.subcommands.map(\.name)
        #expect(names.starts(with: ["import", "convert"]))
        #expect(ExportSessionCommand.command.action != nil)
    }
}

/// A store holding one session.
struct OneSessionStore: SessionStore {
    var session: SessionSummary
    var agent: AgentKind { session.agent }
    var location: String { "test" }
    func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] { [session] }
    func session(id: String) throws(SessionError) -> SessionSummary? { session.id == id ? session : nil }
    func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    { ReadStats() }
    func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }
    func resumeCommand(id: String) -> String { "" }
    func isValidID(_ id: String) -> Bool { true }
}

@Suite struct NewestSessionRuleTests {
    // 10:00+02:00 is 08:00Z, an hour before 09:00Z: compared as text it would look newer.
    static let claude = SessionSummary(
        agent: .claude, id: "c", path: "/nonexistent/c", updatedAt: "2026-01-02T10:00:00+02:00")
    static let codex = SessionSummary(agent: .codex, id: "x", path: "/nonexistent/x", updatedAt: "2026-01-02T09:00:00Z")

    @Test func latestAndDetectionPickTheSameNewestSession() throws {
        let temp = TempDir()
        let stores: StoreLookup = { kind -> any SessionStore in
            if kind == .claude { return OneSessionStore(session: Self.claude) }
            if kind == .codex { return OneSessionStore(session: Self.codex) }
            return EmptyStore(agent: kind)
        }
        let latest = try SessionExporter.resolve(
            storeEnvironment(temp), stores: stores, agent: nil, sessionID: nil, latest: true, projectPath: temp.path)
        #expect(latest.id == "x")
        #expect(SessionSummary.newest([Self.claude, Self.codex])?.id == "x")
        #expect([Self.claude, Self.codex].sorted(by: SessionSummary.newestFirst).first?.id == "x")
        // A tie keeps the first (agents come in registry order).
        var same = Self.codex
        same.id = "y"
        #expect(SessionSummary.newest([Self.codex, same])?.id == "x")
    }
}
