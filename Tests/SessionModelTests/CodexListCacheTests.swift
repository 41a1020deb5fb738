import Foundation
import Testing

@testable import SessionModel

/// The `list` cache of a Codex store (issue #17): what it remembers, when it is trusted, and that `list` prints the
/// same with it, without it, and with a broken one.
@Suite("Codex list cache")
struct CodexListCacheTests {
    static let app = "/home/dev/app"
    static let other = "/home/dev/other"
    static let newID = "019c2222-5555-7555-8555-0000000000aa"

    let temp = TempDir()

    /// A copy of the hand-written store; `later` puts the clock an hour ahead, so its folders count as settled.
    func store(_ env: [String: String] = [:], later: Bool = true) throws -> CodexStore {
        let home = temp.file("codexhome")
        if !FileInfo.exists(home) { try Fixtures.copy("codex/ours", to: home) }
        var environment = env
        environment["CODEX_HOME"] = home
        var st = CodexStore(environment: storeEnvironment(home: temp.home, environment))
        if later { st.now = { FolderScan.Stamp.now() + 3_600_000_000_000 } }
        return st
    }

    var cacheFile: String {
        temp.home + "/.cache/agent-sessions/" + CodexListCache.fileName(root: temp.file("codexhome"))
    }

    func rollout(id: String, cwd: String) -> String {
        #"{"timestamp":"2026-02-03T12:00:00.000Z","type":"session_meta","payload":{"id":"\#(id)","timestamp":"2026-02-03T12:00:00.000Z","cwd":"\#(cwd)"}}"#
            + "\n"
    }

    func listed(_ st: CodexStore, _ project: String = app) throws -> [String] {
        try st.sessions(projectPath: project).map { "\($0.id) \($0.path) \($0.updatedAt ?? "-")" }
    }

    @Test func listIsTheSameWithTheCacheWithoutItAndFromIt() throws {
        let uncached = try listed(store(["AGENT_SESSIONS_NO_CACHE": "1"]))
        #expect(!FileInfo.exists(cacheFile))
        #expect(uncached.count == 3)
        let st = try store()
        #expect(try listed(st) == uncached)  // writes the cache
        let bytes = try #require(try AtomicFile.read(cacheFile))
        let cache = try #require(CodexListCache.parse(bytes, root: st.root))
        #expect(cache.folders.keys.sorted().first == "archived_sessions")
        #expect(
            cache.folders["sessions/2026/02/03"]?.entries == [
                CodexListCache.Entry(
                    name: "rollout-2026-02-03T10-00-00-019c0000-1111-7111-8111-00000000000b.jsonl",
                    cwd: Self.app)
            ])
        #expect(try listed(st) == uncached)  // from the cache
        #expect(try listed(st, Self.other) == listed(store(["AGENT_SESSIONS_NO_CACHE": "1"]), Self.other))
    }

    @Test func aRolloutAddedToACachedFolderIsListed() throws {
        let st = try store()
        let before = try listed(st)
        try rollout(id: Self.newID, cwd: Self.app).write(
            toFile: st.root + "/sessions/2026/02/03/rollout-2026-02-03T12-00-00-\(Self.newID).jsonl", atomically: false,
            encoding: .utf8)
        let after = try st.sessions(projectPath: Self.app).map(\.id)
        #expect(after.count == before.count + 1)
        #expect(after.contains(Self.newID))
    }

    @Test func aRolloutReplacedUnderTheSameNameIsReadAgain() throws {
        let st = try store()
        #expect(try st.sessions(projectPath: Self.other).map(\.id) == [CodexStoreTests.d])
        // The other project's rollout is replaced (write to a temp file, rename: a new entry) by one of the app.
        let path = st.root + "/sessions/2026/02/04/rollout-2026-02-04T10-00-00-\(CodexStoreTests.d).jsonl"
        try rollout(id: CodexStoreTests.d, cwd: Self.app).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try st.sessions(projectPath: Self.other).isEmpty)
        #expect(try st.sessions(projectPath: Self.app).map(\.id).contains(CodexStoreTests.d))
    }

    @Test(arguments: ["garbage\n", "", "flip"])
    func aBrokenCacheIsIgnoredAndReplaced(_ damage: String) throws {
        let st = try store()
        let expected = try listed(st)
        var bytes = try #require(try AtomicFile.read(cacheFile))
        if damage == "flip" {
            // A cwd that rules the app's rollout out, with the lines otherwise well formed: only the checksum tells.
            let text = String(decoding: bytes, as: UTF8.self).replacingText(
                "\t/home/dev/app\n", with: "\t/home/dev/apq\n")
            bytes = Array(text.utf8)
        } else {
            bytes = Array(damage.utf8)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: cacheFile))
        #expect(CodexListCache.parse(bytes, root: st.root) == nil)
        #expect(try listed(st) == expected)
        #expect(CodexListCache.parse(try #require(try AtomicFile.read(cacheFile)), root: st.root) != nil)
    }

    @Test func aFolderWithASymlinkedRolloutIsReadEveryTime() throws {
        let st = try store()
        let outside = try temp.write("elsewhere/r.jsonl", rollout(id: Self.newID, cwd: Self.other))
        let link = st.root + "/sessions/2026/02/03/rollout-2026-02-03T12-00-00-\(Self.newID).jsonl"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)
        #expect(try st.sessions(projectPath: Self.app).map(\.id).contains(Self.newID) == false)
        let bytes = try #require(try AtomicFile.read(cacheFile))
        let cache = try #require(CodexListCache.parse(bytes, root: st.root))
        #expect(cache.folders["sessions/2026/02/03"] == nil)
        #expect(cache.folders["sessions/2026/02/04"] != nil)
        // The target changes, the folder does not: the rollout is the app's now.
        try rollout(id: Self.newID, cwd: Self.app).write(toFile: outside, atomically: true, encoding: .utf8)
        #expect(try st.sessions(projectPath: Self.app).map(\.id).contains(Self.newID))
    }

    @Test func detectionFindsTheSameNewestWithTheCacheAndWhereNothingCanBeCached() throws {
        let uncached = try store(["AGENT_SESSIONS_NO_CACHE": "1"])
        let cached = try store()
        let projects = [Self.app, Self.other, "/home/dev/none"]
        let plain = try projects.map { try uncached.newestSession(projectPath: $0) }
        #expect(!FileInfo.exists(cacheFile))  // nothing to learn into: rollouts were stat'ed, not read
        #expect(plain[0] != nil && plain[1]?.id == CodexStoreTests.d && plain[2] == nil)
        #expect(try projects.map { try cached.newestSession(projectPath: $0) } == plain)  // learns
        #expect(FileInfo.exists(cacheFile))
        #expect(try projects.map { try cached.newestSession(projectPath: $0) } == plain)  // from the cache
    }

    @Test func foldersChangedWithinTwoSecondsAreNotRemembered() throws {
        let st = try store(later: false)  // the copy was made just now
        _ = try listed(st)
        let bytes = try AtomicFile.read(cacheFile)
        #expect(bytes.flatMap { CodexListCache.parse($0, root: st.root) }?.folders.isEmpty ?? true)
    }

    @Test func theCacheLivesUnderXDGCacheHomeElseHomeAndCanBeTurnedOff() {
        #expect(UserCache.folder(storeEnvironment(home: "/h")) == "/h/.cache/agent-sessions")
        #expect(UserCache.folder(storeEnvironment(home: "/h", ["XDG_CACHE_HOME": "/x/c"])) == "/x/c/agent-sessions")
        #expect(UserCache.folder(storeEnvironment(home: "/h", ["XDG_CACHE_HOME": "rel"])) == "/h/.cache/agent-sessions")
        #expect(UserCache.folder(storeEnvironment(home: "/h", ["AGENT_SESSIONS_NO_CACHE": "1"])) == nil)
    }

    @Test func aCacheOfAnotherRootOrWithAnUnknownLineIsRefused() {
        var cache = CodexListCache()
        cache.folders["sessions/2026/01/01"] = CodexListCache.Folder(
            stamp: FolderScan.Stamp(inode: 7, modified: 1, changed: 2),
            entries: [.init(name: "rollout-a.jsonl", cwd: "/p"), .init(name: "rollout-b.jsonl", cwd: nil)])
        let bytes = cache.serialized(root: "/r")
        #expect(CodexListCache.parse(bytes, root: "/r") == cache)
        #expect(CodexListCache.parse(bytes, root: "/s") == nil)
        #expect(!CodexListCache.isStorable("sessions", [.init(name: "rollout-\t.jsonl", cwd: nil)]))
        #expect(!CodexListCache.isStorable("sessions", [.init(name: "rollout-a.jsonl", cwd: "/p\nq")]))
    }
}
