import Foundation
import Testing

@testable import SessionModel

@Suite("CopilotStore")
struct CopilotStoreTests {
    static let s1 = "11111111-aaaa-4bbb-8ccc-000000000001"
    static let s2 = "22222222-aaaa-4bbb-8ccc-000000000002"
    static let s3 = "33333333-aaaa-4bbb-8ccc-000000000003"

    func layout(_ temp: TempDir, copilotHome: String? = nil, withTodoDB: Bool = false) throws
        -> (project: String, store: CopilotStore)
    {
        let project = temp.file("src/app")
        try mkdirs(project)
        let root = copilotHome ?? temp.home + "/.copilot"
        try AgentFixtures.copyTree(
            "copilot/session-state", to: root + "/session-state", replacing: ["@PROJECT@": project])
        if withTodoDB {
            try AgentFixtures.buildDatabase(
                "copilot/session-todos.sql",
                at: root + "/session-state/\(Self.s1)/session.db")
        }
        let env = copilotHome.map { ["COPILOT_HOME": $0] } ?? [:]
        return (project, CopilotStore(environment: storeEnvironment(temp, cwd: project, environment: env)))
    }

    @Test func listsFolderAndFlatSessionsNewestFirst() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        #expect(store.location == temp.home + "/.copilot/session-state")
        let list = try store.sessions(projectPath: project)
        #expect(list.map(\.id) == [Self.s1, Self.s2, Self.s3])
        #expect(list[0].title == "Add input validation to the form")  // workspace.yaml summary
        #expect(list[0].startedAt == "2026-09-01T12:00:00.000Z")
        #expect(list[0].updatedAt == "2026-09-01T12:30:00.000Z")
        #expect(list[0].projectPath == project)
        #expect(list[1].title == "Rename the module")  // first prompt
        #expect(list[1].path.hasSuffix("/session-state/\(Self.s2).jsonl"))
        #expect(list[2].startedAt == "2026-07-01T08:00:00.000Z")
    }

    @Test func honoursCopilotHomeAndSymlinks() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp, copilotHome: temp.file("cphome"))
        #expect(store.location == temp.file("cphome/session-state"))
        try FileManager.default.createSymbolicLink(atPath: temp.file("link"), withDestinationPath: project)
        #expect(try store.sessions(projectPath: temp.file("link")).count == 3)
        #expect(try CopilotStore(environment: storeEnvironment(temp)).sessions(projectPath: project).isEmpty)
    }

    @Test func readsThePreMigrationXdgStateFolder() throws {
        let temp = TempDir()
        let project = temp.file("src/app")
        try mkdirs(project)
        try AgentFixtures.copyTree(
            "copilot/session-state", to: temp.file("state/.copilot/session-state"),
            replacing: ["@PROJECT@": project])
        let store = CopilotStore(
            environment: storeEnvironment(temp, environment: ["XDG_STATE_HOME": temp.file("state")]))
        #expect(try store.sessions(projectPath: project).map(\.id) == [Self.s1, Self.s2, Self.s3])
        #expect(try store.session(id: Self.s2) != nil)
        let moved = CopilotStore(
            environment: storeEnvironment(
                temp,
                environment: [
                    "XDG_STATE_HOME": temp.file("state"), "COPILOT_HOME": temp.file("empty"),
                ]))
        #expect(try moved.sessions(projectPath: project).isEmpty)
    }

    @Test func findsById() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        #expect(try store.session(id: Self.s1)?.path.hasSuffix("/\(Self.s1)/events.jsonl") == true)
        #expect(try store.session(id: Self.s2)?.projectPath == project)
        #expect(try store.session(id: "44444444-aaaa-4bbb-8ccc-000000000004")?.projectPath == "/elsewhere/other")
        #expect(try store.session(id: "99999999-aaaa-4bbb-8ccc-000000000009") == nil)
        #expect(try store.session(id: "../../etc/passwd") == nil)
    }

    @Test func streamsEvents() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: Self.s1))
        let r = try readAll(store, s)
        #expect(r.stats.messages == 10)
        #expect(r.messages.filter(\.isPrompt).map(\.text) == ["Add input validation", "Fix the tests"])
        #expect(r.messages[0].attachments == ["file"])
        #expect(r.messages[1].thinking == ["Check the form first."])
        #expect(r.toolCalls.map(\.name) == ["view", "bash", "edit"])
        #expect(r.toolCalls[2].input == ["path": "src/form.test.ts"])  // a JSON string argument is parsed
        #expect(r.toolResults.map(\.isError) == [false, true, false])
        #expect(r.toolResults[0].output == "export function form() {}")
        #expect(r.toolResults[1].output == "exit 1")
        #expect(r.compactions == 1)
        #expect(r.messages.filter(\.isCompactSummary).map(\.text) == ["Validation added; tests failing."])
        #expect(r.messages.filter(\.isSidechain).map(\.text) == ["Found 2 failing tests."])
        #expect(r.stats.skipped == ["subagent.started": 1, "session.future_event": 1])
        #expect(r.stats.malformed.count == 1)
        let malformed = r.stats.malformed.first ?? ""
        #expect(malformed.hasPrefix(s.path + ":13: "))
        #expect(r.stats.lines == 21)
    }

    @Test func tasksFromSqlTodosEventPayloadOrChecklist() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp, withTodoDB: true)
        let s1 = try #require(try store.session(id: Self.s1))
        let fromDB = try #require(try store.tasks(s1))
        #expect(fromDB.map(\.title) == ["Add validation", "Fix the tests", "Ship it"])
        #expect(fromDB.map(\.status) == [.completed, .inProgress, .other("blocked")])
        #expect(fromDB[0].notes == "Validate every field of the form")
        let s2 = try #require(try store.session(id: Self.s2))
        let fromTool = try #require(try store.tasks(s2))
        #expect(fromTool.map(\.title) == ["Rename module", "Update imports"])
        #expect(fromTool.map(\.status) == [.completed, .pending])
        let s3 = try #require(try store.session(id: Self.s3))
        #expect(try store.tasks(s3)?.map(\.status) == [.inProgress, .pending])
    }

    @Test func noTasksWithoutTodoSources() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s1 = try #require(try store.session(id: Self.s1))
        #expect(try store.tasks(s1) == nil)  // todos_changed without payload and no session.db
    }

    @Test func resumeAndIds() {
        let store = CopilotStore(environment: storeEnvironment(TempDir()))
        #expect(store.resumeCommand(id: Self.s1) == "copilot --resume \(Self.s1)")
        #expect(store.isValidID(Self.s1))
        #expect(!store.isValidID("ses_abc"))
    }
}

@Suite("Copilot fidelity")
struct CopilotFidelityTests {
    /// 1.0.6x keeps the session's title as `name:` in workspace.yaml (Tests/Fixtures/copilot/named-session).
    @Test func workspaceNameIsTheTitle() throws {
        let temp = TempDir()
        let project = temp.file("app")
        try mkdirs(project)
        try AgentFixtures.copyTree(
            "copilot/named-session", to: temp.home + "/.copilot/session-state", replacing: ["@PROJECT@": project])
        let store = CopilotStore(environment: storeEnvironment(temp, cwd: project))
        let list = try store.sessions(projectPath: project)
        #expect(list.map(\.title) == ["Tighten the retry policy"])
        #expect(CopilotStore.workspace(temp.home + "/.copilot/session-state/" + list[0].id)["name"] != nil)
    }
}
