import Foundation
import Testing

@testable import SessionModel

extension Fixtures {
    /// Copies a fixture folder into `dir` (stores are read in place elsewhere; this is for tests that set mtimes).
    static func copy(_ relative: String, to dir: String) throws {
        try FileManager.default.createDirectory(atPath: Paths.dirname(dir), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: path(relative), toPath: dir)
    }

    static func setModified(_ path: String, _ seconds: Double) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: seconds)],
            ofItemAtPath: path)
    }
}

extension SessionStore {
    /// The session `id`, failing the test when the store does not have it.
    func require(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SessionSummary {
        try #require(try session(id: id), sourceLocation: sourceLocation)
    }
}

/// An environment whose variables are exactly `env` plus HOME and PATH.
func storeEnvironment(home: String, _ env: [String: String] = [:], cwd: String = "/") -> AgentEnvironment {
    var variables = ["HOME": home, "PATH": "/usr/bin:/bin"]
    for (k, v) in env { variables[k] = v }
    return AgentEnvironment(variables: variables, workingDirectory: cwd)
}

/// Everything a reader produced, for assertions.
struct Collected {
    var messages: [TranscriptMessage] = []
    var compactions: [(String?, String?)] = []
    var titles: [String] = []
    var order: [String] = []
    var stats = ReadStats()

    init(_ store: any SessionStore, _ session: SessionSummary) throws {
        var messages: [TranscriptMessage] = []
        var compactions: [(String?, String?)] = []
        var titles: [String] = []
        var order: [String] = []
        stats = try store.read(session) { event in
            switch event {
            case .message(let m):
                messages.append(m)
                order.append("message")
            case .compaction(let t, let trigger):
                compactions.append((t, trigger))
                order.append("compaction")
            case .title(let t):
                titles.append(t)
                order.append("title")
            }
        }
        self.messages = messages
        self.compactions = compactions
        self.titles = titles
        self.order = order
    }
}

@Suite("Claude project folder encoding")
struct ClaudeProjectFolderTests {
    static let longPath = "/home/dev/code/" + String(repeating: "client-projects-archive-2025/", count: 7) + "service"

    @Test(
        "the doc's examples",
        arguments: [
            ("/home/dev/My Proj.v2_x", "-home-dev-My-Proj-v2-x"),
            ("/Users/dev/café ü/src", "-Users-dev-caf----src"),
            ("/a/📦b", "-a---b"),
            ("/tmp/x", "-tmp-x"),
        ])
    func examples(path: String, expected: String) {
        #expect(ClaudeProjectFolder.encode(path) == expected)
    }

    @Test func longPathGetsTheHashSuffix() {
        let path = Self.longPath
        #expect(path.utf16.count == 225)
        #expect(ClaudeProjectFolder.javaHashCode(path) == 2_002_039_274)
        let enc = ClaudeProjectFolder.encode(path)
        #expect(enc.count == 207)
        #expect(enc.hasSuffix("-client-proj-x3yne2"))
        let plain = path.utf16.map { u -> Character in
            (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A)
                ? Character(UnicodeScalar(u)!) : "-"
        }
        #expect(enc == String(plain.prefix(200)) + "-x3yne2")
    }

    @Test func exactly200UnitsHasNoSuffix() {
        let path = "/" + String(repeating: "a", count: 199)
        #expect(ClaudeProjectFolder.encode(path) == "-" + String(repeating: "a", count: 199))
        let longer = path + "b"
        #expect(ClaudeProjectFolder.encode(longer).count > 201)
    }

    @Test func hashOfIntMinIsMadePositive() {
        #expect(ClaudeProjectFolder.javaHashCode("polygenelubricants") == Int32.min)
        let path = "/" + String(repeating: "x", count: 200) + "polygenelubricants"
        #expect(!ClaudeProjectFolder.encode(path).contains("--"))
        #expect(String(Int64(Int32.min).magnitude, radix: 36) == "zik0zk")
    }

    @Test func projectDirNameOverrideNeedsConfigDirAndAValidName() {
        let path = "/home/dev/app"
        #expect(
            ClaudeProjectFolder.name(for: path, environment: ["CLAUDE_CODE_PROJECT_DIR_NAME": "mine"])
                == "-home-dev-app")
        #expect(
            ClaudeProjectFolder.name(
                for: path, environment: ["CLAUDE_CONFIG_DIR": "/c", "CLAUDE_CODE_PROJECT_DIR_NAME": "my_proj-1"])
                == "my_proj-1")
        #expect(
            ClaudeProjectFolder.name(
                for: path, environment: ["CLAUDE_CONFIG_DIR": "/c", "CLAUDE_CODE_PROJECT_DIR_NAME": "bad/name"])
                == "-home-dev-app")
        #expect(
            ClaudeProjectFolder.name(
                for: path,
                environment: [
                    "CLAUDE_CONFIG_DIR": "/c", "CLAUDE_CODE_PROJECT_DIR_NAME": String(repeating: "a", count: 65),
                ]) == "-home-dev-app")
    }
}

@Suite("Claude store")
struct ClaudeStoreTests {
    static let s1 = "11111111-1111-4111-8111-111111111111"
    static let s2 = "22222222-2222-4222-8222-222222222222"
    static let s3 = "33333333-3333-4333-8333-333333333333"
    static let s5 = "55555555-5555-4555-8555-555555555555"
    static let realID = "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"

    let temp = TempDir()

    func store(_ fixture: String = "claude/ours") -> ClaudeStore {
        ClaudeStore(environment: storeEnvironment(home: temp.home, ["CLAUDE_CONFIG_DIR": Fixtures.path(fixture)]))
    }

    @Test func rootHonoursConfigDirThenHome() {
        #expect(ClaudeStore(environment: storeEnvironment(home: "/h")).root == "/h/.claude")
        #expect(ClaudeStore(environment: storeEnvironment(home: "/h", ["CLAUDE_CONFIG_DIR": "/cc"])).root == "/cc")
        #expect(
            ClaudeStore(environment: storeEnvironment(home: "/h", ["CLAUDE_CONFIG_DIR": "rel"], cwd: "/w")).root
                == "/w/rel")
        #expect(store().projectFolder(for: "/home/dev/app") == Fixtures.path("claude/ours/projects/-home-dev-app"))
    }

    @Test func listsTheProjectsSessionsNewestFirst() throws {
        let list = try store().sessions(projectPath: "/home/dev/app")
        #expect(list.map(\.id) == [Self.s2, Self.s5, Self.s1, Self.s3])
        let s2 = try #require(list.first)
        #expect(s2.agent == .claude)
        #expect(s2.startedAt == "2026-03-02T09:00:00.000Z")
        #expect(s2.updatedAt == "2026-03-02T09:00:02.100Z")
        #expect(s2.title == "Parser planning")
        #expect(s2.projectPath == "/home/dev/app")
        #expect(s2.path.hasSuffix("/projects/-home-dev-app/\(Self.s2).jsonl"))
        let s1 = try #require(list.first { $0.id == Self.s1 })
        #expect(s1.title == "Login bug hunt")
        #expect(s1.startedAt == "2025-06-01T10:00:00.000Z")
        #expect(list.first { $0.id == Self.s3 }?.title == "Old session")
        #expect(list.first { $0.id == Self.s5 }?.projectPath == "/home/dev/app/src")
        #expect(
            try store().sessions(projectPath: "/home/dev/other").map(\.id) == ["44444444-4444-4444-8444-444444444444"])
        #expect(try store().sessions(projectPath: "/home/dev/none").isEmpty)
        #expect(try store().newestSession(projectPath: "/home/dev/app")?.id == Self.s2)
    }

    @Test func findsASessionByIDInAnyProject() throws {
        let s = try #require(try store().session(id: "44444444-4444-4444-8444-444444444444"))
        #expect(s.projectPath == "/home/dev/other")
        #expect(try store().session(id: "99999999-9999-4999-8999-999999999999") == nil)
        #expect(try store().session(id: "../etc") == nil)
    }

    @Test func readsThe2025TranscriptIntoTheCommonModel() throws {
        let st = store()
        let session = try st.require(Self.s1)
        let c = try Collected(st, session)
        #expect(c.titles == ["Old summary title", "Login bug hunt"])
        #expect(c.compactions.count == 1)
        #expect(c.compactions.first?.1 == "auto")
        #expect(c.compactions.first?.0 == "2025-06-01T11:00:00.000Z")

        let m = c.messages
        // user prompt, meta (system), merged msg_A, 2 results, msg_B, result, 2 sidechain, compact summary, 2 command
        // records (system), prompt with image, msg_C, informational system line
        #expect(
            m.map(\.role) == [
                .user, .system, .assistant, .user, .user, .assistant, .user, .user, .assistant,
                .user, .system, .system, .user, .assistant, .system,
            ])
        #expect(m[0].isPrompt && m[0].text == "Fix the login bug" && m[0].id == "u1" && m[0].line == 2)
        let merged = m[2]
        #expect(merged.id == "a1")
        #expect(merged.thinking == ["Look at auth.py first."])
        #expect(merged.text == "Let me read the file.")
        #expect(merged.toolCalls.map(\.name) == ["Read", "Grep"])
        #expect(merged.toolCalls.first?.input["file_path"]?.stringValue == "/home/dev/app/auth.py")
        #expect(merged.model == "claude-sonnet-4-5")
        #expect(m[3].toolResults == [ToolResult(callId: "toolu_1", output: "def login(): pass")])
        #expect(m[4].toolResults == [ToolResult(callId: "toolu_1b", output: "app.py:3: login()")])
        #expect(!m[3].isPrompt)
        #expect(m[7].isSidechain && m[8].isSidechain && !m[0].isSidechain)
        #expect(m[9].isCompactSummary && !m[9].isPrompt)
        #expect(m[12].isPrompt && m[12].attachments == ["image"])
        #expect(m[14].text == "Hook ran")

        #expect(c.stats.malformed.count == 1)
        #expect(c.stats.malformed.first?.hasPrefix(session.path + ":14: ") == true)
        #expect(c.stats.skipped == ["some-future-record": 1, "file-history-snapshot": 1])
        #expect(c.stats.lines == 24)
        #expect(c.stats.messages == m.count)
        #expect(c.order.first == "title" && c.order.last == "title")
    }

    @Test func readsThe2026TranscriptAndSkipsBookkeeping() throws {
        let st = store()
        let c = try Collected(st, try st.require(Self.s2))
        #expect(c.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(c.titles == ["Parser planning"])
        #expect(
            c.stats.skipped == [
                "queue-operation": 1, "attachment": 1, "last-prompt": 1,
                "system:stop_hook_summary": 1,
            ])
        #expect(c.stats.malformed.isEmpty)
    }

    @Test func tasksComeFromTaskFilesInNumericOrder() throws {
        let st = store()
        let tasks = try #require(try st.tasks(try st.require(Self.s2)))
        #expect(tasks.map(\.title) == ["Write the parser", "Test the parser", "Ship it"])
        #expect(tasks.map(\.status) == [.inProgress, .pending, .pending])
    }

    @Test func tasksFallBackToTheLastTodoWriteThenToLegacyTodos() throws {
        let st = store()
        let todo = try #require(try st.tasks(try st.require(Self.s1)))
        #expect(todo.map(\.title) == ["Fix login", "Add a test"])
        #expect(todo.map(\.status) == [.inProgress, .pending])
        let legacy = try #require(try st.tasks(try st.require(Self.s3)))
        #expect(legacy.map(\.title) == ["Legacy task", "Legacy next"])
        #expect(legacy.map(\.status) == [.completed, .pending])
        #expect(try st.tasks(try st.require("44444444-4444-4444-8444-444444444444")) == nil)
    }

    @Test func todoWriteInputIsUsedWhenThereIsNoResult() throws {
        let cc = temp.file("cc")
        let line =
            #"{"type":"assistant","uuid":"a","timestamp":"2026-01-01T00:00:00Z","message":{"id":"m","role":"assistant","content":[{"type":"tool_use","id":"t","name":"TodoWrite","input":{"todos":[{"content":"Only input","status":"completed","activeForm":"x"}]}}]}}"#
        try temp.write("cc/projects/-p/\(Self.s1).jsonl", line + "\n")
        let st = ClaudeStore(environment: storeEnvironment(home: temp.home, ["CLAUDE_CONFIG_DIR": cc]))
        let tasks = try st.tasks(try st.require(Self.s1))
        #expect(tasks?.map(\.title) == ["Only input"])
        #expect(tasks?.first?.status == .completed)
    }

    @Test func resumeAndIDShape() {
        #expect(store().resumeCommand(id: Self.s1) == "claude --resume \(Self.s1)")
        #expect(store().isValidID(Self.s1))
        #expect(!store().isValidID("not-a-uuid"))
    }

    // Real Claude Code 2.1.329 output (Tests/Fixtures/claude/real-2.1.329/README.md).
    @Test func realTranscriptCountsAndTasks() throws {
        let st = store("claude/real-2.1.329")
        let list = try st.sessions(projectPath: "/tmp/agent-sessions-fixture/sb/projects/app")
        #expect(list.map(\.id) == [Self.realID])
        let session = try #require(list.first)
        #expect(session.title == "Set up the parser work.")
        #expect(session.startedAt == "2026-11-21T08:23:58.765Z")
        let c = try Collected(st, session)
        #expect(c.messages.filter(\.isPrompt).count == 1)
        let assistant = c.messages.filter { $0.role == .assistant }
        #expect(assistant.count == 5)
        #expect(assistant.first?.text == "Let me look around first.")
        #expect(assistant.first?.toolCalls.map(\.name) == ["Bash"])
        #expect(assistant.flatMap(\.toolCalls).map(\.name) == ["Bash", "TaskCreate", "TaskCreate", "TaskUpdate"])
        #expect(c.messages.flatMap(\.toolResults).count == 4)
        #expect(c.stats.malformed.isEmpty)
        #expect(c.stats.skipped["api-request-blob"] == 2)
        let tasks = try #require(try st.tasks(session))
        #expect(tasks.map(\.title) == ["Write the parser", "Test the parser"])
        #expect(tasks.map(\.status) == [.completed, .pending])
    }
}
