import Foundation
import Testing

@testable import SessionModel

@Suite("AiderStore")
struct AiderStoreTests {
    func layout(_ temp: TempDir, environment: [String: String] = [:], file: String = ".aider.chat.history.md")
        throws -> (project: String, store: AiderStore)
    {
        let project = temp.file("repo")
        try mkdirs(project)
        try AgentFixtures.copy("aider/aider.chat.history.md", to: project + "/" + file)
        return (project, AiderStore(environment: storeEnvironment(temp, cwd: project, environment: environment)))
    }

    @Test func listsOneSessionPerStartHeaderNewestFirst() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        let list = try store.sessions(projectPath: project)
        #expect(list.map(\.id) == ["2025-01-02T09-30-00-2", "2025-01-02T09-30-00", "2025-01-01T12-00-00"])
        #expect(list[2].startedAt == "2025-01-01 12:00:00")
        #expect(list[2].title == "add a health endpoint")
        #expect(list[2].messageCount == 2)  // user turns
        #expect(list[1].title == "/add README.md")
        #expect(list[1].messageCount == 2)
        #expect(list.allSatisfy { $0.path == project + "/.aider.chat.history.md" && $0.projectPath == project })
        #expect(list[0].updatedAt != nil)  // the running (last) session: the file's time
    }

    @Test func honoursTheHistoryFileVariable() throws {
        let temp = TempDir()
        let (project, store) = try layout(
            temp, environment: ["AIDER_CHAT_HISTORY_FILE": "notes/chat.md"],
            file: "notes/chat.md")
        #expect(store.location == project + "/notes/chat.md")
        #expect(try store.sessions(projectPath: project).count == 3)
        #expect(
            store.resumeCommand(id: "2025-01-01T12-00-00")
                == "aider --restore-chat-history --chat-history-file notes/chat.md")
        #expect(
            try AiderStore(environment: storeEnvironment(temp, cwd: project)).sessions(projectPath: project).isEmpty)
    }

    @Test func findsByIdAndStreamsTurns() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: "2025-01-01T12-00-00"))
        let r = try readAll(store, s)
        #expect(r.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(r.messages[0].text == "add a health endpoint")
        #expect(r.messages[2].text == "and tests\nwith pytest")  // one multi-line input
        #expect(r.messages[1].text.contains("> not an info line: inside a fence"))
        #expect(r.messages[1].text.hasSuffix("```"))
        #expect(r.messages[3].text == "Added `test_health` in `tests/test_server.py`.")
        #expect(r.stats.skipped == ["info": 6])
        #expect(r.stats.messages == 4)
        #expect(r.toolCalls.isEmpty)
        #expect(try store.tasks(s) == nil)
    }

    @Test func sameSecondSessionsAreKeptApart() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let second = try readAll(store, try #require(try store.session(id: "2025-01-02T09-30-00")))
        #expect(
            second.messages.map(\.text) == [
                "/add README.md", "fix the typo in the README", "Fixed \"recieve\" → \"receive\".",
            ])
        let third = try readAll(store, try #require(try store.session(id: "2025-01-02T09-30-00-2")))
        #expect(third.messages.map(\.role) == [.user, .assistant])
        #expect(third.messages[0].text == "")
        #expect(try store.session(id: "2025-01-03T00-00-00") == nil)
    }

    @Test func idsAndResume() {
        let store = AiderStore(environment: storeEnvironment(TempDir()))
        #expect(store.isValidID("2025-01-01T12-00-00"))
        #expect(store.isValidID("2025-01-01T12-00-00-2"))
        #expect(store.isValidID("chat-2026-11-21"))  // no native ids: any one word
        #expect(!store.isValidID("2025-01-01 12:00:00"))
        #expect(!store.isValidID("../x"))
        #expect(store.resumeCommand(id: "2025-01-01T12-00-00") == "aider --restore-chat-history")
    }
}
