import Foundation
import Testing

@testable import SessionModel

@Suite("GeminiStore")
struct GeminiStoreTests {
    /// A project with a 2026 slug folder (projects.json + .project_root) and a 2025 sha256 folder.
    func layout(_ temp: TempDir, geminiHome: String? = nil) throws -> (project: String, store: GeminiStore) {
        let project = temp.file("work/my app")
        try mkdirs(project)
        let root = (geminiHome ?? temp.home) + "/.gemini"
        let slug = root + "/tmp/my-app"
        try mkdirs(slug)
        try temp.write(
            Paths.relative(root + "/projects.json", to: temp.path),
            #"{"projects":{"\#(project)":"my-app","/elsewhere/other":"other"}}"#)
        try (project + "\n").write(toFile: slug + "/.project_root", atomically: false, encoding: .utf8)
        for name in ["session-2026-08-01T10-00-1f0e2d3c.jsonl", "session-2026-07-20T09-00-aaaabbbb.jsonl"] {
            try AgentFixtures.copy("gemini/slug-chats/\(name)", to: slug + "/chats/" + name)
        }
        // A subagent chat is not a session of its own.
        try AgentFixtures.copy(
            "gemini/slug-chats/session-2026-07-20T09-00-aaaabbbb.jsonl",
            to: slug + "/chats/1f0e2d3c-4b5a-4c6d-8e7f-901234567890/sub.jsonl")
        let legacy = root + "/tmp/" + SHA256.hex(project)
        try AgentFixtures.copy(
            "gemini/legacy-chats/session-2025-06-01T08-00-ccccdddd.json",
            to: legacy + "/chats/session-2025-06-01T08-00-ccccdddd.json")
        // Another project's chat must not be listed.
        try AgentFixtures.copy(
            "gemini/slug-chats/session-2026-07-20T09-00-aaaabbbb.jsonl",
            to: root + "/tmp/other/chats/session-2026-09-01T00-00-99999999.jsonl")
        var env: [String: String] = [:]
        if let geminiHome { env["GEMINI_CLI_HOME"] = geminiHome }
        return (project, GeminiStore(environment: storeEnvironment(temp, cwd: project, environment: env)))
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c"))
    }

    @Test func listsSlugAndLegacyChatsNewestFirst() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        #expect(store.location == temp.home + "/.gemini")
        let list = try store.sessions(projectPath: project)
        #expect(
            list.map(\.id) == [
                "1f0e2d3c-4b5a-4c6d-8e7f-901234567890", "aaaabbbb-1111-4222-8333-444455556666",
                "ccccdddd-2222-4333-8444-555566667777",
            ])
        let first = try #require(list.first)
        #expect(first.title == "Login page with GitHub OAuth")
        #expect(first.startedAt == "2026-08-01T10:00:00.000Z")
        #expect(first.updatedAt == "2026-08-01T10:30:00.000Z")
        #expect(first.projectPath == project)
        #expect(first.messageCount == 6)  // m1, m2, m5, m6, m7, m9 after the rewind
        #expect(list[1].messageCount == 2)  // replaced by $set.messages
        #expect(list[2].title == "Fix the build")
        #expect(list[2].path.hasSuffix(".json"))
    }

    @Test func honoursGeminiCliHomeAndSymlinkedProject() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp, geminiHome: temp.file("ghome"))
        #expect(store.location == temp.file("ghome") + "/.gemini")
        try FileManager.default.createSymbolicLink(atPath: temp.file("link"), withDestinationPath: project)
        #expect(try store.sessions(projectPath: temp.file("link")).count == 3)
        // HOME alone does not see the moved store.
        let plain = GeminiStore(environment: storeEnvironment(temp))
        #expect(try plain.sessions(projectPath: project).isEmpty)
    }

    @Test func findsByIdAndStreamsWithSetAndRewind() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        let s = try #require(try store.session(id: "1f0e2d3c-4b5a-4c6d-8e7f-901234567890"))
        #expect(s.projectPath == project)
        #expect(try store.session(id: "00000000-0000-4000-8000-000000000000") == nil)
        let r = try readAll(store, s)
        #expect(r.messages.map(\.id) == ["m1", "m2", "m5", "m6", "m7"])
        #expect(r.count(.user) == 2)
        #expect(r.count(.assistant) == 2)
        #expect(r.count(.system) == 1)
        #expect(r.messages[0].text == "Add a login page")
        #expect(r.messages[1].text == "I'll plan this first.")  // the later record with the same id won
        #expect(r.messages[1].thinking == ["Planning: Break the work into steps."])
        #expect(r.messages[1].model == "gemini-2.5-pro")
        #expect(r.toolCalls.map(\.name) == ["write_todos", "run_shell_command", "write_todos"])
        #expect(r.toolResults.count == 3)
        #expect(r.toolResults[1].output == "1 failing")
        #expect(r.toolResults[1].isError)
        #expect(r.titles == ["Login page with GitHub OAuth"])
        #expect(r.stats.messages == 5)
        #expect(r.stats.lines == 14)
        #expect(r.stats.skipped == ["telemetry": 1, "message:checkpoint_marker": 1])
        #expect(r.stats.malformed.count == 1)
        #expect(r.stats.malformed.first?.hasPrefix(s.path + ":12: ") == true)
    }

    @Test func setMessagesReplacesTheConversation() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: "aaaabbbb-1111-4222-8333-444455556666"))
        #expect(s.path.hasSuffix("session-2026-07-20T09-00-aaaabbbb.jsonl"))
        let r = try readAll(store, s)
        #expect(r.messages.map(\.id) == ["c1", "c2"])
        #expect(r.stats.malformed.isEmpty)
    }

    @Test func readsLegacyJSONChat() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: "ccccdddd-2222-4333-8444-555566667777"))
        let r = try readAll(store, s)
        #expect(r.messages.map(\.role) == [.user, .assistant, .system])
        #expect(r.toolCalls.first?.name == "replace")
        #expect(r.toolResults.first?.output == "ok")
        #expect(try store.tasks(s) == nil)
    }

    @Test func tasksAreTheLastWriteTodos() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: "1f0e2d3c-4b5a-4c6d-8e7f-901234567890"))
        let tasks = try #require(try store.tasks(s))
        #expect(
            tasks.map(\.title) == ["Create login form", "Add GitHub OAuth", "Add session cookie", "Ship to staging"])
        #expect(tasks.map(\.status) == [.completed, .inProgress, .other("cancelled"), .other("blocked")])
    }

    @Test func resumeAndIds() {
        let temp = TempDir()
        let store = GeminiStore(environment: storeEnvironment(temp))
        #expect(
            store.resumeCommand(id: "1f0e2d3c-4b5a-4c6d-8e7f-901234567890")
                == "gemini --resume 1f0e2d3c-4b5a-4c6d-8e7f-901234567890")
        #expect(store.isValidID("1f0e2d3c-4b5a-4c6d-8e7f-901234567890"))
        #expect(!store.isValidID("ses_abc"))
        #expect(!store.isValidID("../etc"))
    }
}

/// gemini-cli's own first-prompt rule and its separate tool-result records (Tests/Fixtures/gemini/fidelity-chats).
@Suite("Gemini fidelity")
struct GeminiFidelityTests {
    static let id = "5e5e5e5e-1111-4222-8333-444455556666"

    @Test func titleSkipsContextCommandsAndHelpAndResultsAttachToTheirCall() throws {
        let temp = TempDir()
        let project = temp.file("proj")
        try mkdirs(project)
        let folder = temp.home + "/.gemini/tmp/proj"
        try mkdirs(folder)
        try (project + "\n").write(toFile: folder + "/.project_root", atomically: false, encoding: .utf8)
        let name = "session-2026-09-01T10-00-5e5e5e5e.jsonl"
        try AgentFixtures.copy("gemini/fidelity-chats/" + name, to: folder + "/chats/" + name)
        let store = GeminiStore(environment: storeEnvironment(temp))
        let summary = try #require(try store.sessions(projectPath: project).first)
        #expect(summary.id == Self.id)
        #expect(summary.title == "Fix the flaky test")
        let read = try readAll(store, summary)
        #expect(read.messages.filter(\.isPrompt).map(\.text) == ["Fix the flaky test"])
        #expect(read.count(.system) == 4)  // session context, /memory, ?, hook context
        // The functionResponse record is not an empty user message: its result sits on the call's message.
        #expect(read.messages.count == 7)
        let call = try #require(read.messages.first { !$0.toolCalls.isEmpty })
        #expect(call.toolResults == [ToolResult(callId: "read_file-1", output: "it('works', ...)")])
        #expect(!read.messages.contains { $0.role == .user && $0.text.isEmpty })
        #expect(read.stats.messages == read.messages.count)
        #expect(GeminiFold.isPrompt("  hello") && !GeminiFold.isPrompt("  /chat save") && !GeminiFold.isPrompt(""))
    }
}
