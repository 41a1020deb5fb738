import Foundation
import Testing

@testable import SessionModel

@Suite("CursorStore")
struct CursorStoreTests {
    static let c1 = "c1c1c1c1-0000-4000-8000-000000000001"
    static let c2 = "c2c2c2c2-0000-4000-8000-000000000002"
    static let c3 = "c3c3c3c3-0000-4000-8000-000000000003"
    static let c4 = "c4c4c4c4-0000-4000-8000-000000000004"
    static let c5 = "c5c5c5c5-0000-4000-8000-000000000005"
    static let c6 = "c6c6c6c6-0000-4000-8000-000000000006"
    static let tab = "71717171-0000-4000-8000-000000000001"

    func layout(_ temp: TempDir) throws -> (project: String, store: CursorStore) {
        let project = temp.file("code/my app")
        try mkdirs(project)
        let store = CursorStore(environment: storeEnvironment(temp, cwd: project))
        let user = store.userDirectory
        try AgentFixtures.buildDatabase(
            "cursor/global.sql", at: user + "/globalStorage/state.vscdb",
            replacing: ["@PROJECT@": project])
        try AgentFixtures.buildDatabase("cursor/workspace.sql", at: user + "/workspaceStorage/0a1b2c/state.vscdb")
        let uri = "file://" + project.replacingOccurrences(of: " ", with: "%20")
        try #"{"folder":"\#(uri)"}"#.write(
            toFile: user + "/workspaceStorage/0a1b2c/workspace.json", atomically: false,
            encoding: .utf8)
        try AgentFixtures.buildDatabase("cursor/other-workspace.sql", at: user + "/workspaceStorage/9f8e7d/state.vscdb")
        try #"{"folder":"file:///elsewhere/other"}"#.write(
            toFile: user + "/workspaceStorage/9f8e7d/workspace.json",
            atomically: false, encoding: .utf8)
        return (project, store)
    }

    @Test func userDirectoryPerPlatform() {
        #expect(CursorStore.userDirectory(home: "/h", environment: [:], platform: .linux) == "/h/.config/Cursor/User")
        #expect(
            CursorStore.userDirectory(home: "/h", environment: ["XDG_CONFIG_HOME": "/x"], platform: .linux)
                == "/x/Cursor/User")
        #expect(
            CursorStore.userDirectory(home: "/h", environment: ["XDG_CONFIG_HOME": "/x"], platform: .macOS)
                == "/h/Library/Application Support/Cursor/User")
    }

    @Test func listsComposersOfTheWorkspaceAndLegacyTabs() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        let list = try store.sessions(projectPath: project)
        // c5 and c6 are not in the workspace's composer list: their workspaceIdentifier (id, then path) places them.
        #expect(list.map(\.id) == [Self.c1, Self.c4, Self.c2, Self.tab, Self.c5, Self.c6])
        #expect(list[4].projectPath == project)
        #expect(list[0].title == "Add dark mode")
        #expect(list[0].messageCount == 8)
        #expect(list[0].startedAt == "2026-09-21T14:13:20.000Z")
        #expect(list[0].projectPath == project)
        #expect(list[0].path == store.globalDatabase)
        #expect(list[2].title == "Explain main.swift")  // no name: the first prompt
        #expect(list[3].title == "Old chat")
        #expect(list[3].path.hasSuffix("/workspaceStorage/0a1b2c/state.vscdb"))
    }

    @Test func findsById() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        #expect(try store.session(id: Self.c1)?.projectPath == project)
        #expect(try store.session(id: Self.c3)?.projectPath == "/elsewhere/other")
        #expect(try store.session(id: Self.tab)?.title == "Old chat")
        #expect(try store.session(id: Self.c6)?.projectPath == project)  // from its workspaceIdentifier
        #expect(try store.session(id: "00000000-0000-4000-8000-000000000000") == nil)
    }

    @Test func streamsBubblesOfTheNewShape() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let s = try #require(try store.session(id: Self.c1))
        let r = try readAll(store, s)
        #expect(r.messages.map(\.id) == ["b1", "b2", "b3", "b4", "b5"])
        #expect(r.messages.map(\.role) == [.user, .assistant, .assistant, .user, .assistant])
        #expect(r.messages[3].text == "Also the settings page")  // rawText when text is absent
        #expect(r.messages[0].attachments == ["image"])
        #expect(r.messages[1].thinking == ["Need CSS variables"])
        #expect(r.toolCalls.map(\.name) == ["edit_file"])
        #expect(r.toolCalls.first?.input == ["target_file": "theme.css"])
        #expect(r.toolResults.count == 1)
        #expect(r.stats.skipped == ["missing bubble": 1, "bubble:3": 1])
        #expect(r.stats.malformed.count == 1)
        #expect(r.stats.malformed.first?.contains("bubbleId:\(Self.c1):b7: ") == true)
        #expect(r.titles == ["Add dark mode"])
    }

    @Test func streamsOlderComposerShapesAndTabs() throws {
        let temp = TempDir()
        let (_, store) = try layout(temp)
        let inline = try readAll(store, try #require(try store.session(id: Self.c2)))
        #expect(inline.messages.map(\.text) == ["Explain main.swift", "It starts the app."])
        let map = try readAll(store, try #require(try store.session(id: Self.c4)))
        #expect(map.messages.map(\.text) == ["Hi", "Hello"])
        let tab = try readAll(store, try #require(try store.session(id: Self.tab)))
        #expect(tab.messages.map(\.role) == [.user, .assistant])
        #expect(tab.stats.skipped == ["bubble:system": 1])
    }

    @Test func tasksAndResume() throws {
        let temp = TempDir()
        let (project, store) = try layout(temp)
        let s = try #require(try store.session(id: Self.c1))
        #expect(try store.tasks(s)?.map(\.status) == [.completed, .inProgress])
        #expect(try store.tasks(try #require(try store.session(id: Self.c2))) == nil)
        let resume = store.resumeCommand(id: Self.c1)
        #expect(resume.hasPrefix("cursor '\(project)'"))
        #expect(resume.contains("\"Add dark mode\""))
        #expect(store.isValidID(Self.c1))
        #expect(!store.isValidID("b1"))
    }
}

/// The Cursor Agent CLI's chats (Tests/Fixtures/cursor/agent-cli) and the IDE bubbles' `content` text.
@Suite("Cursor fidelity")
struct CursorFidelityTests {
    static let chat = "c1c1c1c1-2222-4333-8444-555566667777"
    static let transcriptOnly = "d2d2d2d2-2222-4333-8444-555566667777"

    @Test func md5MatchesTheRFCVectors() {
        #expect(MD5.hex([]) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.hex(Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(
            MD5.hex(Array(String(repeating: "1234567890", count: 8).utf8)) == "57edf4a22be3c955ac49da2e2107b67a")
    }

    func layout(_ temp: TempDir, environment: [String: String] = [:]) throws -> (String, CursorStore, String) {
        let project = temp.file("code/app")
        try mkdirs(project)
        let store = CursorStore(environment: storeEnvironment(temp, cwd: project, environment: environment))
        let config = environment["CURSOR_CONFIG_DIR"] ?? temp.home + "/.cursor"
        try AgentFixtures.buildDatabase(
            "cursor/agent-cli/store-\(Self.chat).sql",
            at: config + "/chats/\(MD5.hex(Array(project.utf8)))/\(Self.chat)/store.db")
        let transcripts = temp.home + "/.cursor/projects/\(CursorAgentChats.slug(project))/agent-transcripts"
        try AgentFixtures.copy(
            "cursor/agent-cli/transcript-\(Self.transcriptOnly).jsonl",
            to: transcripts + "/\(Self.transcriptOnly)/\(Self.transcriptOnly).jsonl")
        return (project, store, config)
    }

    @Test func agentCLIChatsAreListedReadAndResumable() throws {
        let temp = TempDir()
        let (project, store, _) = try layout(temp)
        let list = try store.sessions(projectPath: project)
        #expect(Set(list.map(\.id)) == [Self.chat, Self.transcriptOnly])
        let s = try #require(try store.session(id: Self.chat))
        #expect(s.title == "Faster builds" && s.projectPath == "/home/dev/app" && s.messageCount == 6)
        #expect(s.startedAt?.hasPrefix("2026-") == true)
        let r = try readAll(store, s)
        #expect(r.titles == ["Faster builds"])
        #expect(r.messages.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(r.messages[0].text == "Make the build faster" && r.messages[0].isPrompt)
        #expect(r.messages[1].thinking == ["Check the build script."])
        #expect(
            r.messages[1].toolCalls == [ToolCall(id: "tool_1", name: "run_terminal_cmd", input: ["command": "make -n"])]
        )
        #expect(r.toolResults == [ToolResult(callId: "tool_1", output: "cc -O0 main.c")])
        #expect(r.stats.skipped == ["message:system": 1, "blob:binary": 1])
        #expect(store.resumeCommand(id: Self.chat) == "cursor-agent --resume \(Self.chat)")
        #expect(try store.tasks(s) == nil)

        let t = try #require(try store.session(id: Self.transcriptOnly))
        #expect(t.title == "Explain the cache")
        let tr = try readAll(store, t)
        #expect(tr.messages.map(\.text) == ["Explain the cache", "Reading it.", "It is an LRU."])
        #expect(tr.toolCalls.map(\.name) == ["Read"])
    }

    /// resume-session's newest-session lookup takes the project's newest Cursor Agent CLI chat, never an IDE composer
    /// (`cursor-agent --resume` cannot open one), even when a composer is newer.
    @Test func resumeFindsTheNewestCLIChatNeverAnIDEComposer() throws {
        let temp = TempDir()
        let (project, store) = try CursorStoreTests().layout(temp)
        let index = StoreSessionIndex(store)
        #expect(try !store.sessions(projectPath: project).isEmpty)
        #expect(index.newestSession(projectPath: project) == nil)
        let db = temp.home + "/.cursor/chats/\(MD5.hex(Array(project.utf8)))/\(Self.chat)/store.db"
        try AgentFixtures.buildDatabase("cursor/agent-cli/store-\(Self.chat).sql", at: db)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)], ofItemAtPath: db)
        let list = try store.sessions(projectPath: project)
        #expect(list.first?.id != Self.chat && list.map(\.id).contains(Self.chat))
        #expect(index.newestSession(projectPath: project) == Self.chat)
        #expect(index.presence(of: Self.chat) == .present)
    }

    /// Chats kept under `~/.cursor/chats` by builds before the XDG move are still found when `XDG_CONFIG_HOME/cursor`
    /// is the config folder.
    @Test func chatsUnderTheOldFolderAreFoundBesideTheXDGOne() throws {
        let temp = TempDir()
        try mkdirs(temp.file("xdg/cursor/chats"))
        let (project, store, config) = try layout(temp, environment: ["XDG_CONFIG_HOME": temp.file("xdg")])
        #expect(config == temp.home + "/.cursor")
        #expect(CursorAgentChats(environment: store.environment).configDirectory == temp.file("xdg/cursor"))
        #expect(try store.sessions(projectPath: project).map(\.id).contains(Self.chat))
        #expect(try store.session(id: Self.chat)?.id == Self.chat)
    }

    @Test func configDirectoryFollowsCursorConfigDir() throws {
        let temp = TempDir()
        let (project, store, config) = try layout(temp, environment: ["CURSOR_CONFIG_DIR": temp.file("cfg")])
        #expect(config == temp.file("cfg"))
        #expect(try store.sessions(projectPath: project).map(\.id).contains(Self.chat))
        #expect(CursorAgentChats.slug("/home/dev/my app.v2") == "home-dev-my-app-v2")
    }

    @Test func ideBubbleTextComesFromContentWhenTextIsEmpty() {
        #expect(CursorStore.bubbleText(["text": "", "rawText": "", "content": "from content"]) == "from content")
        #expect(CursorStore.bubbleText(["rawText": "raw", "content": "c"]) == "raw")
        #expect(CursorStore.bubbleText(["content": [["type": "text", "text": "part"]]]) == "part")
    }
}

/// `export-session --format native` of a Cursor Agent CLI chat: its store.db, redacted fail-closed.
@Suite("Cursor native export")
struct CursorNativeExportTests {
    static let chat = CursorFidelityTests.chat
    static let userBlob = "861b2a4e29e7164c047e54614bf9344a4308f433720b5fe82f3262dfab055116"
    static let binaryBlob = "1c1750ed93533a862f6ac6e7d3d0507eea6837565e92816b19e6bf4da763ed1e"
    static let secret = "ghp_" + String(repeating: "aB3dE5", count: 6)

    func hexBytes(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    func replaced(_ bytes: [UInt8], _ old: [UInt8], _ new: [UInt8]) -> [UInt8] {
        var out = bytes
        var i = 0
        while i + old.count <= out.count {
            if Array(out[i..<i + old.count]) == old {
                out.replaceSubrange(i..<i + old.count, with: new)
                i += new.count
            } else {
                i += 1
            }
        }
        return out
    }

    /// The fixture chat, with the user's message carrying a secret, stored the way Cursor would store it: the blob
    /// under the SHA-256 of its new content, the root blob pointing at it under its own new hash, the meta row at
    /// that root.
    func storeWithSecret(_ db: SQLiteDatabase) throws {
        let text = "<user_query>\nMake the build faster, token \(Self.secret)\n</user_query>"
        let data = Array(
            JSONWriter.compactString(["role": "user", "content": [["type": "text", "text": .string(text)]]]).utf8)
        let id = CursorAgentChats.hex(SHA256.digest(data))
        try db.query("UPDATE blobs SET id = ?, data = ? WHERE id = ?", [.text(id), .blob(data), .text(Self.userBlob)])
        var meta = ""
        try db.query("SELECT value FROM meta WHERE key = '0'") { meta = $0.string(0) ?? "" }
        let json = try JSONParser.parse(hexBytes(meta))
        let rootID = try #require(json["latestRootBlobId"]?.stringValue)
        var root: [UInt8] = []
        try db.query("SELECT data FROM blobs WHERE id = ?", [.text(rootID)]) { root = $0.bytes(0) ?? [] }
        let newRoot = replaced(root, hexBytes(Self.userBlob), hexBytes(id))
        let newRootID = CursorAgentChats.hex(SHA256.digest(newRoot))
        try db.query(
            "UPDATE blobs SET id = ?, data = ? WHERE id = ?", [.text(newRootID), .blob(newRoot), .text(rootID)])
        let newMeta = replaced(hexBytes(meta), Array(rootID.utf8), Array(newRootID.utf8))
        try db.query("UPDATE meta SET value = ? WHERE key = '0'", [.text(CursorAgentChats.hex(newMeta))])
    }

    func layout(_ temp: TempDir, _ edit: ((SQLiteDatabase) throws -> Void)? = nil) throws -> (
        CursorStore, SessionSummary, String
    ) {
        let (project, store, config) = try CursorFidelityTests().layout(temp)
        let path = config + "/chats/\(MD5.hex(Array(project.utf8)))/\(Self.chat)/store.db"
        if let edit { try edit(try SQLiteDatabase(path: path, readOnly: false)) }
        return (store, try #require(try store.session(id: Self.chat)), path)
    }

    /// Exports with TMPDIR in the test's folder: the private snapshot folder must be gone afterwards.
    func export(_ temp: TempDir, _ store: CursorStore, _ session: SessionSummary, redact: Bool = true) throws
        -> SessionExporter.Result
    {
        try mkdirs(temp.file("tmp"))
        defer { #expect(FileInfo.list(temp.file("tmp")).isEmpty, "a temp file was left behind") }
        return try SessionExporter.export(
            session, store: store, options: .init(format: .native, redact: redact), folder: temp.file("out"),
            environment: storeEnvironment(temp, environment: ["TMPDIR": temp.file("tmp")]))
    }

    /// Every blob id is the SHA-256 of its data, and the chat reads back through the store's reader.
    func readBack(_ path: String, _ store: CursorStore) throws -> ReadResult {
        let db = try SQLiteDatabase(path: path, readOnly: true)
        try db.query("SELECT id, data FROM blobs") { row in
            let data = row.bytes(1) ?? []
            #expect(row.string(0) == CursorAgentChats.hex(SHA256.digest(data)))
        }
        // Put back where a chat lives (`…/<chatId>/store.db`), as a user restoring it would.
        let restored = Paths.dirname(path) + "/restored-\(UInt32.random(in: 0...UInt32.max))/\(Self.chat)/store.db"
        try mkdirs(Paths.dirname(restored))
        try FileManager.default.copyItem(atPath: path, toPath: restored)
        return try readAll(store, SessionSummary(agent: .cursor, id: Self.chat, path: restored))
    }

    @Test func aCleanChatIsItsStoreAsCursorKeepsIt() throws {
        let temp = TempDir()
        let (store, session, _) = try layout(temp)
        let result = try export(temp, store, session)
        #expect(result.path.hasSuffix(".db") && result.redactions?.total == 0)
        let original = try readAll(store, try #require(try store.session(id: Self.chat)))
        let copy = try readBack(result.path, store)
        #expect(copy.messages == original.messages && copy.titles == ["Faster builds"])
        #expect(copy.messages.count == 4)
        #expect(FileInfo.list(temp.file("out")).filter { $0.hasSuffix(".db") } == [Paths.basename(result.path)])
    }

    @Test func aSecretInAMessageIsRedactedAndTheStoreStaysWhole() throws {
        let temp = TempDir()
        let (store, session, source) = try layout(temp, storeWithSecret)
        let before = try readAll(store, SessionSummary(agent: .cursor, id: Self.chat, path: source))
        #expect(before.messages.first?.text.contains(Self.secret) == true)
        let result = try export(temp, store, session)
        let bytes = try #require(FileManager.default.contents(atPath: result.path))
        #expect(bytes.range(of: Data(Self.secret.utf8)) == nil)
        #expect((result.redactions?.total ?? 0) >= 1)
        let copy = try readBack(result.path, store)
        #expect(copy.messages.count == 4)
        #expect(copy.messages.first?.text.hasPrefix("Make the build faster, token ") == true)
        #expect(copy.messages.first?.text.contains(Self.secret) == false)
        #expect(Array(copy.messages.dropFirst()) == Array(before.messages.dropFirst()))
        // The source is never touched; --no-redact copies it as it is.
        #expect(
            try readAll(store, SessionSummary(agent: .cursor, id: Self.chat, path: source)).messages == before.messages)
        let raw = try export(temp, store, session, redact: false)
        #expect(try #require(FileManager.default.contents(atPath: raw.path)).range(of: Data(Self.secret.utf8)) != nil)
    }

    @Test func aSecretInABinaryBlobIsRefusedNamingJSON() throws {
        let temp = TempDir()
        let (store, session, _) = try layout(temp) { db in
            // A protobuf blob with a string field (2) holding a token: not JSON, cannot be redacted in place.
            let token = Array(Self.secret.utf8)
            try db.query(
                "UPDATE blobs SET data = ? WHERE id = ?",
                [.blob([0x08, 0x96, 0x01, 0x12, UInt8(token.count)] + token), .text(Self.binaryBlob)])
        }
        do {
            _ = try export(temp, store, session)
            Issue.record("exported a store holding a secret it cannot redact")
        } catch {
            #expect(ToolError(SessionError(bridging: error)).code == .failure)
            #expect(ToolError(SessionError(bridging: error)).hint?.contains("--format json") == true, "\(error)")
        }
        #expect(FileInfo.list(temp.file("out")).filter { !$0.hasPrefix(".") }.isEmpty)
    }

    @Test func anIDEComposerStillHasNoNativeFile() throws {
        let temp = TempDir()
        let (_, store) = try CursorStoreTests().layout(temp)
        let session = try #require(try store.session(id: CursorStoreTests.c1))
        #expect(throws: SessionError.self) { try export(temp, store, session) }
    }
}
