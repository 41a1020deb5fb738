import Foundation
import Testing

@testable import SessionModel

@Suite("AgyStore")
struct AgyStoreTests {
    static let a = "a9a9a9a9-1111-4222-8333-000000000001"
    static let b = "b8b8b8b8-1111-4222-8333-000000000002"
    static let c = "c7c7c7c7-1111-4222-8333-000000000003"

    func layout(_ temp: TempDir) throws -> (project: String, store: AgyStore) {
        let project = temp.file("ws/app")
        try mkdirs(project + "/sub")
        try AgentFixtures.copyTree(
            "agy/brain", to: temp.home + "/.gemini/antigravity-cli/brain",
            replacing: ["@PROJECT@": project])
        return (project, AgyStore(environment: storeEnvironment(temp, cwd: project)))
    }

    @Test func listsByWorkspaceMappingOrPathHints() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        #expect(store.location == temp.home + "/.gemini/antigravity-cli/brain")
        let list = try store.sessions(projectPath: project)
        #expect(list.map(\.id) == [Self.a, Self.b])  // c is another workspace's
        #expect(list[0].title == "Add a /metrics endpoint")
        #expect(list[0].startedAt == "2026-10-05T08:00:00.000Z")
        #expect(list[0].updatedAt == "2026-10-05T08:02:30.000Z")
        #expect(list[0].projectPath == project)
        #expect(list[1].title == "Run the linter")
        try FileManager.default.createSymbolicLink(atPath: temp.file("link"), withDestinationPath: project)
        #expect(try store.sessions(projectPath: temp.file("link")).map(\.id) == [Self.a, Self.b])
        #expect(try store.sessions(projectPath: "/elsewhere/other").map(\.id) == [Self.c])
    }

    @Test func findsByIdAndStreamsSteps() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: Self.a))
        #expect(try store.session(id: "00000000-1111-4222-8333-000000000009") == nil)
        let r = try readAll(store, s)
        #expect(r.messages.map(\.role) == [.user, .assistant, .user, .user, .assistant, .user])
        #expect(r.messages.filter(\.isPrompt).map(\.text) == ["Add a /metrics endpoint", "Thanks"])
        #expect(r.messages[1].thinking == ["The router is in server.go."])
        #expect(r.toolCalls.map(\.name) == ["view_file", "run_command"])
        #expect(r.toolResults.map(\.callId) == r.toolCalls.map(\.id))  // executions answer the calls in order
        #expect(r.toolResults.map(\.isError) == [false, true])
        #expect(r.stats.skipped == ["SYSTEM_MESSAGE": 1, "EPHEMERAL_MESSAGE": 1, "BROWSER_SUBAGENT_TRACE": 1])
        #expect(r.stats.malformed.count == 1)
        #expect(r.stats.malformed.first?.hasPrefix(s.path + ":7: ") == true)
        #expect(r.stats.messages == 6)
    }

    @Test func stringArgumentsAreParsed() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        let r = try readAll(store, try #require(try store.session(id: Self.b)))
        #expect(r.toolCalls.first?.input["Cwd"]?.stringValue == project + "/sub")
    }

    @Test func tasksFromTaskMarkdown() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let a = try #require(try store.session(id: Self.a))
        let tasks = try #require(try store.tasks(a))
        #expect(tasks.map(\.title) == ["Read the router", "Add /metrics", "Counter for requests", "Document it"])
        #expect(tasks.map(\.status) == [.completed, .inProgress, .pending, .pending])
        let b = try #require(try store.session(id: Self.b))
        #expect(try store.tasks(b) == nil)
    }

    @Test func resumeAndIds() {
        let store = AgyStore(environment: storeEnvironment(TempDir()))
        #expect(store.resumeCommand(id: Self.a) == "agy --conversation \(Self.a)")
        #expect(store.isValidID(Self.a))
        #expect(!store.isValidID("a9a9"))
    }
}

/// agy can leave `transcript.jsonl` empty; `transcript_full.jsonl` holds the steps, and a transcript naming no
/// workspace belongs to the one `history.jsonl` records (Tests/Fixtures/agy/fidelity).
@Suite("Agy fidelity")
struct AgyFidelityTests {
    static let id = "d6d6d6d6-1111-4222-8333-000000000004"

    @Test func fullTranscriptIsPreferredAndHistoryNamesTheWorkspace() throws {
        let temp = TempDir()
        let project = temp.file("ws/readme")
        try mkdirs(project)
        try AgentFixtures.copyTree(
            "agy/fidelity", to: temp.home + "/.gemini/antigravity-cli", replacing: ["@PROJECT@": project])
        let store = AgyStore(environment: storeEnvironment(temp, cwd: project))
        let list = try store.sessions(projectPath: project)
        #expect(list.map(\.id) == [Self.id])
        #expect(list.first?.title == "Tidy the README")
        #expect(list.first?.path.hasSuffix("/logs/transcript_full.jsonl") == true)
        #expect(try store.sessions(projectPath: "/elsewhere/old").isEmpty)  // the last history entry wins
        let s = try #require(try store.session(id: Self.id))
        #expect(s.projectPath == project)
        let r = try readAll(store, s)
        #expect(r.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(r.toolResults.first?.output == "120 README.md" && r.toolResults.first?.callId == "call-1")
    }

    static let dbID = "f4f4f4f4-1111-4222-8333-000000000006"
    static let dbOnlyID = "a3a3a3a3-1111-4222-8333-000000000007"

    /// An empty `transcript.jsonl` (and none at all for the second conversation): agy's `conversations/<id>.db` is
    /// read instead, best effort (Tests/Fixtures/agy/db).
    @Test func withoutATranscriptTheConversationDatabaseIsRead() throws {
        let temp = TempDir()
        let project = temp.file("ws/api")
        try mkdirs(project)
        let root = temp.home + "/.gemini/antigravity-cli"
        try AgentFixtures.copyTree("agy/db", to: root, replacing: ["@PROJECT@": project])
        for id in [Self.dbID, Self.dbOnlyID] {
            try AgentFixtures.buildDatabase("agy/db/conversations/\(id).sql", at: root + "/conversations/\(id).db")
        }
        let store = AgyStore(environment: storeEnvironment(temp, cwd: project))
        let list = try store.sessions(projectPath: project)
        #expect(Set(list.map(\.id)) == [Self.dbID, Self.dbOnlyID])
        let s = try #require(try store.session(id: Self.dbID))
        #expect(s.path == root + "/conversations/\(Self.dbID).db")
        #expect(s.title == "Add a health check endpoint to the API" && s.projectPath == project)
        let r = try readAll(store, s)
        #expect(r.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(
            r.messages.map(\.text) == [
                "Add a health check endpoint to the API", "I will add a /health route and run the tests.",
                "Now document the endpoint in the README please",
                "Documented GET /health in the README, under Operations.",
            ])
        #expect(
            r.toolCalls == [
                ToolCall(
                    id: "0f3c2b1a-1111-4222-8333-444455556666", name: "run_command",
                    input: ["CommandLine": "go test ./...", "Cwd": "/home/dev/api"])
            ])
        #expect(r.stats.skipped == ["step:21": 1, "step:undecoded": 1])
        #expect(r.messages.map(\.timestamp) == ["2026-11-03T10:00:00.000Z", "2026-11-03T10:00:10.000Z", nil, nil])
        #expect(try store.session(id: Self.dbOnlyID)?.title == "Explain the retry policy in client.go")
        // There is no native file to export (agy's own native export refuses it); JSON works.
        let refusal = #expect(throws: SessionError.self) {
            try SessionExporter.export(
                s, store: store, options: .init(format: .native), folder: temp.file("out"),
                environment: storeEnvironment(temp))
        }
        #expect(refusal?.kind == .refused)
        #expect(refusal?.message.contains("only in its database") == true)
        #expect(ToolError(try #require(refusal)).hint == "use --format json, markdown or html")
        let json = try SessionExporter.export(
            s, store: store, options: .init(format: .json), folder: temp.file("out"),
            environment: storeEnvironment(temp))
        #expect(json.messages == 4)

        // A transcript with content is read again as soon as there is one.
        let full = root + "/brain/\(Self.dbID)/.system_generated/logs/transcript_full.jsonl"
        try
            #"{"step_index":0,"source":"USER_EXPLICIT","type":"USER_INPUT","status":"DONE","created_at":"2026-11-02T09:00:00Z","content":"<USER_REQUEST>From the transcript</USER_REQUEST>"}"#
            .write(toFile: full, atomically: false, encoding: .utf8)
        #expect(try store.session(id: Self.dbID)?.path == full)
    }

    static let inboxID = "e5e5e5e5-1111-4222-8333-000000000008"
    static let subagentID = "b2b2b2b2-1111-4222-8333-000000000009"

    /// No transcript content and no database: the conversation's inbox (`.system_generated/messages/*.json`) is read
    /// as notices (system messages, in time order, never prompts or the title), listed for the project history.jsonl
    /// names; a read receipt (another shape) is skipped and a half-written file is malformed, neither an error
    /// (Tests/Fixtures/agy/inbox).
    @Test func aConversationWithOnlyItsInboxExportsItsMessagesAsNotices() throws {
        let temp = TempDir()
        let project = temp.file("ws/web")
        try mkdirs(project)
        let root = temp.home + "/.gemini/antigravity-cli"
        try AgentFixtures.copyTree("agy/inbox", to: root, replacing: ["@PROJECT@": project])
        let store = AgyStore(environment: storeEnvironment(temp, cwd: project))
        let list = try store.sessions(projectPath: project)
        #expect(list.map(\.id) == [Self.inboxID])
        #expect(try store.sessions(projectPath: temp.file("ws/other")).isEmpty)
        let s = try #require(list.first)
        #expect(s.path == root + "/brain/\(Self.inboxID)/.system_generated/messages")
        #expect(s.title == nil && s.projectPath == project)
        #expect(s.startedAt == "2026-10-02T09:15:03.120455Z" && s.updatedAt == "2026-10-02T09:20:41.916036Z")
        let r = try readAll(store, s)
        #expect(r.messages.map(\.role) == [.system, .system])
        #expect(r.messages.map(\.timestamp) == ["2026-10-02T09:15:03.120455Z", "2026-10-02T09:20:41.916036Z"])
        #expect(
            r.messages.first?.text.hasPrefix(
                "Message from \(Self.subagentID) to \(Self.inboxID): Subagent finished\n\nChecked docs/api.md") == true)
        #expect(
            r.messages.last?.text.hasPrefix(
                "Message from \(Self.inboxID)/task-4 to \(Self.inboxID): Daemon execution finished (tool step 4, "
                    + "run_command)\n\nTask id") == true)
        #expect(r.stats.skipped == ["message:other": 1])
        #expect(r.stats.malformed.count == 1 && r.stats.malformed[0].contains("c3c3c3c3-0000-4000-8000-000000000003"))

        // inspect: no prompts, two system messages, no title.
        let (code, run) = runExportSession(
            ["inspect", "--agent", "agy", "--session", Self.inboxID, "--json"], cwd: project, home: temp.home)
        #expect(code == 0, "\(run.stderr.text)")
        let inspected = try JSONParser.parse(run.stdout.text)
        #expect(inspected["messages"]?["user"] == 0 && inspected["messages"]?["system"] == 2)
        #expect(inspected["title"] == .null)

        // Markdown and JSON show both notices, redacted; native gives the message records, redacted.
        let context = storeEnvironment(temp, cwd: project)
        var texts: [ExportFormat: String] = [:]
        for format in [ExportFormat.markdown, .json, .html, .native] {
            let result = try SessionExporter.export(
                s, store: store, options: .init(format: format), folder: temp.file("out"), environment: context)
            texts[format] = try String(contentsOfFile: result.path, encoding: .utf8)
            #expect(result.redactions?.total == 1, "\(format)")
        }
        for format in [ExportFormat.markdown, .json, .html, .native] {
            let text = try #require(texts[format])
            #expect(!text.contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "\(format)")
            #expect(
                text.contains("three endpoints are undocumented") && text.contains("listening on :8080"), "\(format)")
        }
        let markdown = try #require(texts[.markdown])
        #expect(!markdown.contains("User") && markdown.contains("System"))
        let json = try #require(texts[.json]).split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        #expect(json.filter { $0["role"] == "system" }.count == 2 && !json.contains { $0["role"] == "user" })
        #expect(try #require(texts[.native]).split(separator: "\n").count == 3)  // the read receipt is its own
    }
}
