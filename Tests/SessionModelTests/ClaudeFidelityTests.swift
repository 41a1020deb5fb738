import Foundation
import Testing

@testable import SessionModel

/// Claude Code sessions as 2.1.332 writes them (Tests/Fixtures/claude/ours/projects/-home-dev-proj-a, agent-stores.md
/// §10): two projects sharing one folder, non-prompt user lines, subagents and persisted tool outputs.
@Suite("Claude fidelity")
struct ClaudeFidelityTests {
    static let dotted = "77777777-7777-4777-8777-777777777777"  // cwd /home/dev/proj.a
    static let dashed = "88888888-8888-4888-8888-888888888888"  // cwd /home/dev/proj-a, newer
    static let subagentFile = "subagents/agent-a1b2c3d4e5f6a7b8c.jsonl"
    static let persisted = "tool-results/b7x9q2k1.txt"

    let temp = TempDir()

    func context(_ root: String = Fixtures.path("claude/ours")) -> AgentEnvironment {
        storeEnvironment(home: temp.home, ["CLAUDE_CONFIG_DIR": root])
    }

    func store(_ root: String = Fixtures.path("claude/ours")) -> ClaudeStore { ClaudeStore(environment: context(root)) }

    @Test func projectsSharingAFolderAreToldApartByTheirCwd() throws {
        #expect(ClaudeProjectFolder.encode("/home/dev/proj.a") == ClaudeProjectFolder.encode("/home/dev/proj-a"))
        #expect(try store().sessions(projectPath: "/home/dev/proj.a").map(\.id) == [Self.dotted])
        #expect(try store().sessions(projectPath: "/home/dev/proj-a").map(\.id) == [Self.dashed])
        #expect(try store().newestSession(projectPath: "/home/dev/proj.a")?.id == Self.dotted)
        // Current-session detection (save-state --from-agent, export without --session) takes the same list.
        let found = try SessionDetector.detect(
            context(), projectPath: "/home/dev/proj.a", agent: .claude, explicitID: nil, hookPayload: nil)
        #expect(found?.id == Self.dotted && found?.rule == "newest")
        let resolved = try SessionExporter.resolve(
            context(), stores: { [c = context()] in AgentStores.store($0, environment: c) }, agent: .claude,
            sessionID: nil, latest: true, projectPath: "/home/dev/proj-a")
        #expect(resolved.id == Self.dashed)
    }

    @Test func aSessionWithoutCwdOrInASubfolderStillBelongs() {
        #expect(ClaudeStore.belongs(nil, to: "/home/dev/proj.a"))
        #expect(ClaudeStore.belongs("/home/dev/proj.a", to: "/home/dev/proj.a"))
        #expect(ClaudeStore.belongs("/home/dev/proj.a/src", to: "/home/dev/proj.a"))
        #expect(!ClaudeStore.belongs("/home/dev/proj-a", to: "/home/dev/proj.a"))
        #expect(!ClaudeStore.belongs("/home/dev/proj.ab", to: "/home/dev/proj.a"))
    }

    @Test func linesThatAreNotPromptsAreEvents() throws {
        let st = store()
        let c = try Collected(st, try st.require(Self.dotted))
        let main = c.messages.filter { !$0.isSidechain }
        #expect(main.filter(\.isPrompt).map(\.text) == ["Survey the repo"])
        let events = main.filter { $0.role == .system }.map(\.text)
        #expect(events.contains("/review src/main.swift"))  // the slash command as typed
        #expect(events.contains("<bash-input>ls</bash-input>"))
        #expect(events.contains { $0.hasPrefix("<bash-stdout>") })
        #expect(events.contains { $0.hasPrefix("<task-notification>") })
        #expect(ClaudeTranscriptReader.typedCommand("<command-name>compact</command-name>") == "/compact")
        #expect(ClaudeTranscriptReader.typedCommand("<bash-input>ls</bash-input>") == nil)
        // The summary's first prompt and the inspect counts agree.
        #expect(try st.require(Self.dotted).title == "Repo survey")
    }

    @Test func subagentsFollowTheCallThatStartedThemAndPersistedOutputsAreInlined() throws {
        let st = store()
        let c = try Collected(st, try st.require(Self.dotted))
        let m = c.messages
        let call = try #require(m.firstIndex { $0.toolResults.contains { $0.callId == "toolu_A1" } })
        #expect(m[call + 1].isSidechain && m[call + 1].role == .system)
        #expect(m[call + 1].text == "Subagent Explore: Find tests")
        #expect(m[call + 2].isSidechain && m[call + 2].text == "List the test files")
        #expect(m[call + 3].toolCalls.map(\.name) == ["Glob"])
        #expect(m[call + 5].text == "Found 3 test files" && m[call + 5].isSidechain)
        #expect(!m[call + 6].isSidechain)
        // The workflow subagent names no call of this transcript: it comes last.
        #expect(m.last?.text == "Lint config is fine" && m.last?.isSidechain == true)
        #expect(m.contains { $0.text == "Subagent workflow-step: Lint" })
        #expect(c.stats.messages == m.count)
        #expect(c.titles == ["Repo survey"])

        let result = try #require(m.flatMap(\.toolResults).first { $0.callId == "toolu_B1" })
        #expect(!result.output.contains("<persisted-output>"))
        #expect(result.output.hasPrefix("log line 000") && result.output.contains("log line 059"))
    }

    @Test func aPreviewWithoutToolUseResultStillFindsItsFile() throws {
        let root = temp.file("cc")
        let id = "99999999-9999-4999-8999-999999999999"
        try temp.write("cc/projects/-p/\(id)/tool-results/mcp-x1.txt", "whole MCP output")
        let preview =
            "<persisted-output>\nOutput too large (70.1KB). Full output saved to: /old/home/.claude/projects/-p/\(id)/tool-results/mcp-x1.txt\n\nPreview (first 2KB):\nwhole\n</persisted-output>"
        let line: JSONValue = [
            "type": "user", "uuid": "u", "timestamp": "2026-01-01T00:00:00Z", "cwd": "/p", "sessionId": .string(id),
            "message": [
                "role": "user", "content": [["type": "tool_result", "tool_use_id": "t1", "content": .string(preview)]],
            ],
        ]
        try temp.write("cc/projects/-p/\(id).jsonl", JSONWriter.compactString(line) + "\n")
        let st = store(root)
        let c = try Collected(st, try st.require(id))
        #expect(c.messages.first?.toolResults.first?.output == "whole MCP output")
        #expect(ClaudeTranscriptReader.savedPath("no path here") == nil)
    }

    @Test func persistedOutputsAreCappedWhenInlined() throws {
        let file = try temp.write("big.txt", String(repeating: "x", count: 100))
        #expect(
            ClaudeSessionFiles.persistedText(file, cap: 40) == String(repeating: "x", count: 40)
                + "\n… (60 more bytes in big.txt)")
        #expect(ClaudeSessionFiles.persistedText(temp.file("none.txt"), cap: 40) == nil)
    }

    @Test func carriedPathsStayInsideTheSessionFolder() {
        #expect(ClaudeSessionFiles.isAllowed("subagents/agent-a.jsonl"))
        #expect(ClaudeSessionFiles.isAllowed("subagents/workflows/wf-1/agent-a.meta.json"))
        #expect(ClaudeSessionFiles.isAllowed("tool-results/x.txt"))
        for bad in [
            "../x.txt", "subagents/../../x", "tool-results", "other/x.txt", "/tool-results/x.txt",
            "tool-results/.hidden", "subagents/a/b/c/d.jsonl", "tool-results//x",
        ] {
            #expect(!ClaudeSessionFiles.isAllowed(bad), "\(bad)")
        }
    }

    @Test func nativeExportCarriesSubagentsAndToolOutputsRedactedAndImportPutsThemBack() throws {
        let source = store()
        let session = try source.require(Self.dotted)
        let exported = try SessionExporter.export(
            session, store: source, options: .init(format: .native), folder: temp.file("out"), environment: context())
        let text = try String(contentsOfFile: exported.path, encoding: .utf8)
        #expect(!text.contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"))
        #expect(text.contains(#""path":"\#(Self.subagentFile)""#) && text.contains(#""path":"\#(Self.persisted)""#))
        #expect(text.contains("subagents/workflows/wf-1/agent-0011223344556677a.meta.json"))
        #expect((exported.redactions?.total ?? 0) >= 2)

        // Imported into another store, for a project elsewhere.
        let root = temp.file("cc")
        let project = temp.file("newproj")
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        let written = try SessionImporter.importFile(
            exported.path, agent: nil, projectRoot: project, force: false, environment: context(root))
        #expect(written.sessionID == Self.dotted)
        let folder = ClaudeSessionFiles.folder(transcript: written.path, id: Self.dotted)
        #expect(written.path == root + "/projects/" + ClaudeProjectFolder.encode(project) + "/\(Self.dotted).jsonl")
        let original = ClaudeSessionFiles.folder(
            transcript: session.path, id: Self.dotted)
        #expect(
            ClaudeSessionFiles.list(transcript: written.path, id: Self.dotted)
                == ClaudeSessionFiles.list(transcript: session.path, id: Self.dotted))
        // Files come back line for line (secrets redacted), the meta files as they were.
        let outputs = try String(contentsOfFile: folder + "/" + Self.persisted, encoding: .utf8)
        #expect(outputs.hasPrefix("log line 000") && outputs.contains("[REDACTED:github]") && !outputs.contains("ghp_"))
        #expect(
            try String(contentsOfFile: original + "/" + Self.persisted, encoding: .utf8).split(separator: "\n").count
                == outputs.split(separator: "\n").count)
        let meta = try #require(try JSONFile.read(folder + "/subagents/agent-a1b2c3d4e5f6a7b8c.meta.json"))
        #expect(meta["toolUseId"]?.stringValue == "toolu_A1")
        let sub = try jsonLines(folder + "/" + Self.subagentFile)
        #expect(sub.count == 4 && sub.allSatisfy { $0["cwd"]?.stringValue == project })
        // The transcript names the new place of the persisted output, never the old one.
        let transcript = try String(contentsOfFile: written.path, encoding: .utf8)
        #expect(!transcript.contains("agent-sessions-file"))
        #expect(!transcript.contains("/home/dev/.claude/projects/"))
        #expect(transcript.contains(folder + "/" + Self.persisted))
        // And it reads back whole from its new home.
        let imported = ClaudeStore(environment: context(root))
        let back = try Collected(imported, try imported.require(Self.dotted))
        let again = try Collected(source, session)
        #expect(back.messages.count == again.messages.count)
        #expect(back.messages.contains { $0.text == "Subagent Explore: Find tests" })
        #expect(
            back.messages.flatMap(\.toolResults).first { $0.callId == "toolu_B1" }?.output.hasPrefix("log line") == true
        )
    }

    @Test func anImportNamingAPathOutsideTheSessionFolderIsRefused() throws {
        let id = "99999999-9999-4999-8999-999999999999"
        let file = try temp.write(
            "evil.jsonl",
            #"{"type":"user","sessionId":"\#(id)","uuid":"u","timestamp":"2026-01-01T00:00:00Z","message":{"role":"user","content":"hi"}}"#
                + "\n" + #"{"type":"agent-sessions-file","path":"../../../escape.txt","text":"x"}"# + "\n")
        let root = temp.file("cc")
        #expect(throws: SessionError.self) {
            try SessionImporter.importFile(
                file, agent: nil, projectRoot: temp.path, force: false, environment: context(root))
        }
        #expect(!FileManager.default.fileExists(atPath: temp.file("escape.txt")))
        #expect(ClaudePaths.existingTranscripts(context(root), id: id).isEmpty)
    }
}
