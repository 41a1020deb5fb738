import Foundation
import Testing

@testable import SessionModel

@Suite("OpenCodeStore")
struct OpenCodeStoreTests {
    static let main = "ses_01JZK7AAAAAAAAAAAAAAAAAAAA"
    static let legacy = "ses_L1legacyAAAAAAAAAAAAAAAA"

    /// The database at its default place under HOME, the legacy tree beside it.
    func layout(_ temp: TempDir, environment: [String: String] = [:], dataDir: String? = nil) throws
        -> (project: String, store: OpenCodeStore)
    {
        let project = temp.file("code/app")
        try mkdirs(project)
        let data = dataDir ?? temp.home + "/.local/share/opencode"
        try AgentFixtures.buildDatabase(
            "opencode/opencode.sql", at: environment["OPENCODE_DB"] ?? data + "/opencode.db",
            replacing: ["@PROJECT@": project])
        try AgentFixtures.copyTree("opencode/storage", to: data + "/storage", replacing: ["@PROJECT@": project])
        return (project, OpenCodeStore(environment: storeEnvironment(temp, cwd: project, environment: environment)))
    }

    @Test func listsDatabaseAndLegacySessionsOfTheProject() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        #expect(store.location == temp.home + "/.local/share/opencode/opencode.db")
        let list = try store.sessions(projectPath: project)
        // Child sessions and other projects are left out; the database wins over the stale legacy copy.
        #expect(list.map(\.id) == [Self.main, "ses_04JZK7DDDDDDDDDDDDDDDDDDDD", Self.legacy])
        #expect(list[0].title == "Refactor the parser")
        #expect(list[0].messageCount == 6)
        #expect(list[0].startedAt == "2026-07-25T17:20:00.000Z")
        #expect(list[0].path == store.databasePath)
        #expect(list[1].title == "Fix CI")
        #expect(list[2].title == "Old session")
        #expect(list[2].path.hasSuffix("/storage/session/prj_legacy/\(Self.legacy).json"))
        #expect(list[2].messageCount == 3)
    }

    @Test func honoursOpencodeDbAndXdgDataHome() throws {
        let temp = TempDir()
        let db = temp.file("elsewhere/custom.db")
        let (project, store) = try layout(
            temp, environment: ["OPENCODE_DB": db, "XDG_DATA_HOME": temp.file("xdg")],
            dataDir: temp.file("xdg/opencode"))
        #expect(store.databasePath == db)
        #expect(store.legacyRoot == temp.file("xdg/opencode/storage"))
        #expect(try store.sessions(projectPath: project).count == 3)
        try FileManager.default.createSymbolicLink(atPath: temp.file("applink"), withDestinationPath: project)
        #expect(try store.sessions(projectPath: temp.file("applink")).count == 3)
        let memory = OpenCodeStore(environment: storeEnvironment(temp, environment: ["OPENCODE_DB": ":memory:"]))
        #expect(memory.databasePath == nil)
    }

    @Test func findsByIdIncludingChildren() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        #expect(try store.session(id: "ses_02JZK7BBBBBBBBBBBBBBBBBBBB")?.projectPath == project)
        #expect(try store.session(id: Self.legacy)?.title == "Old session")
        #expect(try store.session(id: "ses_nope0000") == nil)
        #expect(try store.session(id: "../x") == nil)
    }

    @Test func streamsDatabaseRowsIntoTheModel() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: Self.main))
        let r = try readAll(store, s)
        #expect(r.messages.map(\.id) == ["msg_001", "msg_002", "msg_003", "msg_004", "msg_005"])
        #expect(r.messages[0].text == "Refactor the parser")  // the synthetic part is not the user's text
        #expect(r.messages[0].attachments == ["file:diagram.png"])
        #expect(r.messages[0].isPrompt)
        #expect(r.messages[1].thinking == ["Look at parser.swift first"])
        #expect(r.messages[1].model == "claude-sonnet-4")
        #expect(r.messages[1].parentId == "msg_001")
        #expect(r.toolCalls.map(\.name) == ["read", "bash", "todowrite"])
        #expect(r.toolResults.map(\.isError) == [false, true, false])
        #expect(r.toolResults[0].output == "struct Parser {}")
        #expect(r.compactions == 1)
        #expect(r.messages[3].isCompactSummary)
        #expect(r.messages[4].text == "All tests pass.")
        #expect(r.stats.skipped == ["message:tool": 1, "part:hologram": 1])
        #expect(r.stats.malformed.count == 1)
        #expect(r.stats.malformed.first?.contains(":part prt_005b: ") == true)
        #expect(r.titles == ["Refactor the parser"])
    }

    @Test func streamsTheLegacyTree() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: Self.legacy))
        let r = try readAll(store, s)
        #expect(r.messages.map(\.role) == [.user, .assistant])
        #expect(r.messages[0].text == "Add a README")
        #expect(r.toolCalls.map(\.name) == ["write"])
        #expect(r.toolResults.first?.output == "ok")
        #expect(r.stats.malformed.count == 1)
        #expect(r.stats.malformed.first?.contains("msg_L3.json:") == true)
    }

    @Test func tasksFromTodoTableAndLegacyFile() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let main = try #require(try store.session(id: Self.main))
        let tasks = try #require(try store.tasks(main))
        #expect(tasks.map(\.title) == ["Split the lexer", "Port the tests", "Benchmark"])
        #expect(tasks.map(\.status) == [.completed, .inProgress, .other("cancelled")])
        let old = try #require(try store.session(id: Self.legacy))
        #expect(try store.tasks(old)?.map(\.title) == ["Write README", "Add badges"])
        let none = try #require(try store.session(id: "ses_04JZK7DDDDDDDDDDDDDDDDDDDD"))
        #expect(try store.tasks(none) == nil)
    }

    @Test func opensTheDatabaseReadOnly() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        let db = try #require(store.databasePath)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        #expect(try store.sessions(projectPath: project).count == 3)
        #expect(!FileManager.default.fileExists(atPath: db + "-journal"))
    }

    @Test func readsTheNewerSessionMessageTable() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        let db = try #require(store.databasePath)
        try AgentFixtures.buildDatabase("opencode/session-message.sql", at: db, replacing: ["@PROJECT@": project])
        let list = try store.sessions(projectPath: project)
        #expect(list.first?.id == "ses_05JZK7EEEEEEEEEEEEEEEEEEEE")
        #expect(list.first?.messageCount == 3)  // user and assistant rows
        let s = try #require(list.first)
        let r = try readAll(store, s)
        #expect(r.messages.map(\.role) == [.user, .assistant, .user, .user])
        #expect(r.messages[0].text == "Add pagination")
        #expect(r.messages[0].attachments == ["file:api.ts"])
        #expect(r.messages[1].text == "Using cursors.")
        #expect(r.messages[1].thinking == ["Offsets or cursors?"])
        #expect(r.messages[1].model == "claude-opus-5")
        #expect(r.toolCalls.map(\.name) == ["edit", "bash", "shell"])
        #expect(r.toolResults.map(\.output) == ["Edited api.ts", "exit 1", "clean"])
        #expect(r.toolResults.map(\.isError) == [false, true, false])
        #expect(r.compactions == 1)
        #expect(r.messages[3].isCompactSummary)
        #expect(r.stats.skipped == ["content:sparkle": 1, "session_message:hologram": 1])
        #expect(r.stats.malformed.count == 1)
        #expect(r.stats.malformed.first?.contains(":session_message evt_07: ") == true)
    }

    @Test func resumeAndIds() {
        let store = OpenCodeStore(environment: storeEnvironment(TempDir()))
        #expect(store.resumeCommand(id: Self.main) == "opencode --session \(Self.main)")
        #expect(store.isValidID(Self.main))
        #expect(!store.isValidID("1f0e2d3c-4b5a-4c6d-8e7f-901234567890"))
        #expect(!store.isValidID("ses_a/b"))
    }
}
