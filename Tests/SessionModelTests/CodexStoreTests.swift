import Foundation
import Testing

@testable import SessionModel

@Suite("Codex store")
struct CodexStoreTests {
    static let a = "0197a1b2-0000-7000-8000-00000000000a"
    static let b = "019c0000-1111-7111-8111-00000000000b"
    static let c = "0196aaaa-2222-7222-8222-00000000000c"
    static let d = "019c1111-3333-7333-8333-00000000000d"
    static let e = "01900000-4444-7444-8444-00000000000e"
    static let realID = "01a1fd34-82b8-7850-8047-159de68d9e13"

    let temp = TempDir()

    func store(_ fixture: String = "codex/ours") -> CodexStore {
        CodexStore(environment: storeEnvironment(home: temp.home, ["CODEX_HOME": Fixtures.path(fixture)]))
    }

    /// A copy of the hand-written store with known modification times: B newest, then A, then archived C.
    func copiedStore() throws -> CodexStore {
        let home = temp.file("codexhome")
        try Fixtures.copy("codex/ours", to: home)
        try Fixtures.setModified(
            home + "/sessions/2026/02/03/rollout-2026-02-03T10-00-00-\(Self.b).jsonl", 1_800_000_300)
        try Fixtures.setModified(
            home + "/sessions/2025/06/01/rollout-2025-06-01T10-00-00-\(Self.a).jsonl", 1_800_000_200)
        try Fixtures.setModified(home + "/archived_sessions/rollout-2025-05-01T08-00-00-\(Self.c).jsonl", 1_800_000_100)
        try Fixtures.setModified(
            home + "/sessions/2026/02/04/rollout-2026-02-04T10-00-00-\(Self.d).jsonl", 1_800_000_400)
        return CodexStore(environment: storeEnvironment(home: temp.home, ["CODEX_HOME": home]))
    }

    @Test func rootHonoursCodexHomeThenHome() {
        #expect(CodexStore(environment: storeEnvironment(home: "/h")).root == "/h/.codex")
        #expect(CodexStore(environment: storeEnvironment(home: "/h", ["CODEX_HOME": "/x"])).root == "/x")
    }

    @Test func listsByTheFirstLinesCwdNewestFirstIncludingArchived() throws {
        let st = try copiedStore()
        let list = try st.sessions(projectPath: "/home/dev/app")
        #expect(list.map(\.id) == [Self.b, Self.a, Self.c])
        let b = try #require(list.first)
        #expect(b.agent == .codex)
        #expect(b.projectPath == "/home/dev/app")
        #expect(b.startedAt == "2026-02-03T09:00:00.000Z")
        #expect(b.updatedAt == Timestamps.iso8601Milliseconds(Date(timeIntervalSince1970: 1_800_000_300)))
        #expect(list[2].path.contains("/archived_sessions/"))
        #expect(try st.sessions(projectPath: "/home/dev/other").map(\.id) == [Self.d])
        #expect(try st.sessions(projectPath: "/home/dev/ap").isEmpty)
        #expect(try st.newestSession(projectPath: "/home/dev/app")?.id == Self.b)
    }

    @Test func newestPrefersLiveRolloutsOverArchivedOnes() throws {
        let st = try copiedStore()
        let archived = st.root + "/archived_sessions/rollout-2025-05-01T08-00-00-\(Self.c).jsonl"
        try Fixtures.setModified(archived, 1_900_000_000)
        #expect(try st.sessions(projectPath: "/home/dev/app").first?.id == Self.c)
        #expect(try st.newestSession(projectPath: "/home/dev/app")?.id == Self.b)
    }

    @Test func matchesACwdThatIsASymlinkToTheProject() throws {
        let real = temp.file("real-project")
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: temp.file("link"), withDestinationPath: real)
        let id = "019c2222-5555-7555-8555-00000000000f"
        try temp.write(
            "ch/sessions/2026/01/01/rollout-2026-01-01T00-00-00-\(id).jsonl",
            #"{"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":{"id":"\#(id)","cwd":"\#(temp.file("link"))"}}"#
                + "\n")
        let st = CodexStore(environment: storeEnvironment(home: temp.home, ["CODEX_HOME": temp.file("ch")]))
        #expect(try st.sessions(projectPath: real).map(\.id) == [id])
    }

    @Test func quickFieldFindsTheKeyWithoutParsing() {
        let line = Array(#"{"payload":{"text":"say \"cwd\": \"x\"","cwd" : "/a/b","more":1}}"#.utf8)
        #expect(CodexStore.quickField(line, key: "cwd") == "/a/b")
        #expect(CodexStore.quickField(Array(#"{"cwd":"C:\\x"}"#.utf8), key: "cwd") == nil)
        #expect(CodexStore.quickField(Array(#"{"nope":1}"#.utf8), key: "cwd") == nil)
    }

    @Test func idComesFromTheMetaElseTheFileName() throws {
        #expect(CodexStore.idFromFileName("rollout-2025-06-01T10-00-00-\(Self.a).jsonl") == Self.a)
        #expect(CodexStore.idFromFileName("rollout-x.jsonl") == nil)
        let id = "019c3333-6666-7666-8666-000000000010"
        try temp.write(
            "ch/sessions/2026/01/02/rollout-2026-01-02T00-00-00-\(id).jsonl",
            #"{"timestamp":"2026-01-02T00:00:00Z","type":"session_meta","payload":{"cwd":"/p"}}"# + "\n")
        let st = CodexStore(environment: storeEnvironment(home: temp.home, ["CODEX_HOME": temp.file("ch")]))
        #expect(try st.sessions(projectPath: "/p").map(\.id) == [id])
    }

    @Test func findsSessionsByIDWithTheirFirstPrompt() throws {
        let st = store()
        let a = try st.require(Self.a)
        #expect(a.title == "Fix the flaky test")
        #expect(a.projectPath == "/home/dev/app")
        #expect(try st.require(Self.c).path.contains("/archived_sessions/"))
        let e = try st.require(Self.e)
        #expect(e.startedAt == "2025-04-20T08:00:00.000Z")
        #expect(e.title == "Hello from April")
        #expect(try st.session(id: "019c9999-9999-7999-8999-999999999999") == nil)
    }

    @Test func readsTheLegacyRolloutIntoTheCommonModel() throws {
        let st = store()
        let session = try st.require(Self.a)
        let c = try Collected(st, session)
        let m = c.messages
        #expect(
            m.map(\.role) == [
                .system, .system, .user, .assistant, .user, .assistant, .user, .assistant, .user,
                .assistant, .system, .user, .assistant, .user, .assistant,
            ])
        #expect(m[2].isPrompt && m[2].text == "Fix the flaky test")
        #expect(!m[0].isPrompt && m[0].text.hasPrefix("<user_instructions>"))
        // reasoning + shell call in one assistant message
        #expect(m[3].thinking == ["**Reading the test**"])
        #expect(m[3].attachments == ["encrypted reasoning"])
        #expect(m[3].toolCalls.map(\.name) == ["shell"])
        #expect(m[3].toolCalls.first?.id == "call_1")
        #expect(m[3].toolCalls.first?.input["workdir"]?.stringValue == "/home/dev/app")
        #expect(m[4].toolResults == [ToolResult(callId: "call_1", output: "1 failed", isError: true)])
        #expect(m[7].toolCalls.map(\.name) == ["apply_patch"])
        #expect(m[7].toolCalls.first?.input.stringValue?.hasPrefix("*** Begin Patch") == true)
        #expect(m[9].text == "Fixed the race in io.py.")
        #expect(m[10].isCompactSummary && m[10].text.hasPrefix("Summary:"))
        #expect(m[11].isPrompt && m[11].attachments == ["image"])
        #expect(m[14].text == "Running it now.")
        #expect(c.compactions.count == 1)
        #expect(c.order.firstIndex(of: "compaction") == 10)
        #expect(c.stats.malformed.count == 1)
        #expect(c.stats.malformed.first?.hasPrefix(session.path + ":15: ") == true)
        #expect(
            c.stats.skipped == [
                "session_meta": 1, "turn_context": 1, "future_record": 1,
                "event_msg:user_message": 2, "event_msg:agent_reasoning": 1,
                "event_msg:agent_message": 1, "event_msg:context_compacted": 1,
            ])
        // event_msg duplicates are not messages: 2 prompts, 2 assistant texts
        #expect(m.filter(\.isPrompt).count == 2)
        #expect(m.filter { $0.role == .assistant && !$0.text.isEmpty }.count == 2)
        #expect(m.flatMap(\.toolCalls).count == 4)
    }

    @Test func reads2026DeveloperAndInjectedMessagesAsSystem() throws {
        let st = store()
        let c = try Collected(st, try st.require(Self.b))
        #expect(c.messages.map(\.role) == [.system, .system, .user, .assistant, .user, .assistant])
        #expect(c.messages[2].text == "List the files")
        #expect(c.messages[3].toolCalls.first?.input["cmd"]?.stringValue == "ls")
        #expect(c.stats.skipped["world_state"] == 1)
        #expect(c.stats.skipped["event_msg:item_completed"] == 1)
    }

    @Test func readsTheEarliestBareShape() throws {
        let st = store()
        let c = try Collected(st, try st.require(Self.e))
        #expect(c.messages.map(\.role) == [.user, .assistant])
        #expect(c.messages.map(\.text) == ["Hello from April", "Hi."])
    }

    @Test func planIsTheLastUpdatePlan() throws {
        let st = store()
        let tasks = try #require(try st.tasks(try st.require(Self.a)))
        #expect(tasks.map(\.title) == ["Reproduce", "Fix the race", "Run the suite"])
        #expect(tasks.map(\.status) == [.completed, .completed, .inProgress])
        #expect(try st.tasks(try st.require(Self.b)) == nil)
    }

    @Test func resumeAndIDShape() {
        #expect(store().resumeCommand(id: Self.a) == "codex resume \(Self.a)")
        #expect(store().isValidID(Self.a))
        #expect(!store().isValidID("rollout"))
    }

    // Real Codex CLI 0.163.0 output (Tests/Fixtures/codex/real-0.163.0/README.md).
    @Test func realRolloutCountsAndPlan() throws {
        let st = store("codex/real-0.163.0")
        let list = try st.sessions(projectPath: "/tmp/agent-sessions-fixture/sb/projects/app")
        #expect(list.map(\.id) == [Self.realID])
        let session = try #require(list.first)
        #expect(session.startedAt == "2026-11-21T08:23:59.430Z")
        let c = try Collected(st, session)
        #expect(c.messages.filter(\.isPrompt).map(\.text) == ["Set up the parser work."])
        #expect(c.messages.filter { $0.role == .assistant && !$0.text.isEmpty }.map(\.text) == ["done"])
        #expect(c.messages.flatMap(\.toolCalls).map(\.name) == ["exec_command", "update_plan", "update_plan"])
        #expect(c.messages.filter { $0.role == .system }.count == 2)
        #expect(c.stats.malformed.isEmpty)
        let tasks = try #require(try st.tasks(session))
        #expect(tasks.map(\.title) == ["Write the parser", "Test the parser"])
        #expect(tasks.map(\.status) == [.completed, .inProgress])
    }
}

/// Rollouts some clients write (Tests/Fixtures/codex/fidelity): only `response_item` user messages, no `event_msg`
/// `user_message`; tool-call `arguments` that are not JSON.
@Suite("Codex fidelity")
struct CodexFidelityTests {
    static let id = "019d2222-5555-7555-8555-0000000000f1"
    let temp = TempDir()

    func store() -> CodexStore {
        CodexStore(environment: storeEnvironment(home: temp.home, ["CODEX_HOME": Fixtures.path("codex/fidelity")]))
    }

    @Test func promptsComeFromResponseItemsWithoutInjectedContext() throws {
        let st = store()
        let session = try st.require(Self.id)
        #expect(session.title == "Rename the module")
        let c = try Collected(st, session)
        #expect(c.messages.filter(\.isPrompt).map(\.text) == ["Rename the module"])
        #expect(c.messages.filter { $0.role == .system }.count == 2)  // developer text and environment context
        #expect(try st.sessions(projectPath: "/home/dev/app").map(\.id) == [Self.id])
    }

    @Test func argumentsThatAreNotJSONAreKeptAsTextAndNeverFailARead() throws {
        let st = store()
        let session = try st.require(Self.id)
        let calls = try Collected(st, session).messages.flatMap(\.toolCalls)
        #expect(calls.first?.input == .string("ls -la (not json"))
        #expect(calls.last?.input == .string(#"{"plan": [truncated"#))
        // The task list is the last plan that parses.
        let tasks = try #require(try st.tasks(session))
        #expect(tasks.map(\.title) == ["Rename the module", "Run the tests"])
        // inspect reads the whole session (tasks included) and succeeds.
        let (code, run) = runExportSession(
            ["inspect", "--agent", "codex", "--session", Self.id, "--json"], cwd: temp.path, home: temp.home,
            environment: ["CODEX_HOME": Fixtures.path("codex/fidelity")])
        #expect(code == 0, "\(run.stderr.text)")
        #expect(run.stdout.text.contains(#""tool_calls": 3"#) && run.stdout.text.contains("Run the tests"))
    }
}
