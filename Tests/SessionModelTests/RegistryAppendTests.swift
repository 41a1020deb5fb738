import Foundation
import Testing

@testable import SessionModel

/// The registry's append path (issue #17): a new entry is added by keeping the file's bytes and writing its tail, and
/// the result is byte for byte the full rewrite of the parsed document (entry order: order of first recording).
@Suite struct RegistryAppendTests {
    static func uuid(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return "5b1c7e2a-3f4d-4c8e-9a6b-" + String(repeating: "0", count: 12 - hex.count) + hex
    }

    static func update(_ n: Int) -> SessionRegistry.EntryUpdate {
        let summaries = ["plain", "quote \" and \\ back", "é 日本 😀", "tab\tnew\nline", "", "</script> & <b>"]
        var u = SessionRegistry.EntryUpdate(
            agent: .claude, id: uuid(n), summary: summaries[n % summaries.count],
            tags: n % 3 == 0 ? [] : ["t\(n)", "x"])
        if n % 4 == 1 {
            u.fields = ["transcript_path": .string("/tmp/p\(n).jsonl"), "nested": ["a": [1, 2], "b": [:]]]
        }
        if n % 5 == 2 {
            u.journalMode = .close
            u.journal = JournalFields()
            u.journal?.accomplishments = ["did \(n)"]
        }
        return u
    }

    /// Appending to the form we write gives exactly the bytes of a full rewrite, entry after entry.
    @Test func appendedBytesEqualAFullRewrite() throws {
        var document: JSONValue = ["sessions": []]
        _ = try SessionRegistry.upsert(&document, update: Self.update(0), now: "2026-12-01T00:00:00Z")
        var bytes = JSONWriter.pretty(document)
        for n in 1...40 {
            let now = "2026-12-01T00:00:\(n < 10 ? "0" : "")\(n)Z"
            let appended = try #require(try SessionRegistry.appending(to: bytes, update: Self.update(n), now: now))
            var (entry, created) = try SessionRegistry.upsert(&document, update: Self.update(n), now: now)
            #expect(created)
            // The journal id is random: the reference takes the one the append drew.
            if let drawn = appended.entry["journal_id"], var object = entry.objectValue {
                object["journal_id"] = drawn
                entry = .object(object)
                document = ["sessions": .array(SessionRegistry.entries(document).dropLast() + [entry])]
            }
            #expect(appended.entry == entry)
            #expect(appended.bytes == JSONWriter.pretty(document), "entry \(n)")
            bytes = appended.bytes
        }
        #expect(try JSONParser.parse(bytes) == document)
    }

    /// Through `record`: appends and updates in any order leave the file equal to the full rewrite of what it holds.
    @Test func recordKeepsTheFileInTheFullRewriteForm() throws {
        let dir = TempDir()
        let ctx = TestRun("save-session", [], cwd: dir.path, home: dir.home).context
        let path = dir.file("docs/.ai/sessions.json")
        for n in [1, 2, 3, 2, 4, 1, 5, 6, 6] {
            let result = try SessionRegistry.record(ctx, projectRoot: dir.path, update: Self.update(n))
            let bytes = try #require(try AtomicFile.read(path))
            let document = try JSONParser.parse(bytes)
            #expect(bytes == JSONWriter.pretty(document))
            #expect(
                SessionRegistry.entries(document).last?["id"]?.stringValue == Self.uuid(max(n, 1)) || !result.created)
        }
        let ids = SessionRegistry.entries(try JSONParser.parse(try #require(try AtomicFile.read(path))))
            .compactMap { $0["id"]?.stringValue }
        #expect(ids == [1, 2, 3, 4, 5, 6].map(Self.uuid))  // order of first recording
    }

    /// Files not in our form, and updates, take the full path (parse, upsert, rewrite); a file that cannot be parsed
    /// is never written.
    @Test func appendDeclinesWhatItCannotProve() throws {
        let new = Self.update(9)
        let now = "T"
        let declined: [String] = [
            // An existing id: an update.
            JSONWriter.prettyString(["sessions": [["id": .string(Self.uuid(9)), "agent": "claude"]]]),
            // A root key after "sessions": the tail closes another array.
            JSONWriter.prettyString(["sessions": [["id": "a"]], "version": [["k": 1]]]),
            // The tail matches but closes an array that is not "sessions".
            "{\"sessions\":[{\"id\":\"a\"}],\"x\":[\n    {\n    }\n  ]\n}\n",
            // Invalid JSON before a matching tail.
            "{\"sessions\":[{\"id\":\"a\",,\n    }\n  ]\n}\n",
            // Conflict markers.
            "{\"sessions\":[\n<<<<<<< HEAD\n    {\"id\":\"a\"\n    }\n  ]\n}\n",
            // Compact (not our form), empty array.
            "{\"sessions\":[{\"id\":\"a\"}]}\n", "{\n  \"sessions\": []\n}\n",
        ]
        for text in declined {
            #expect(try SessionRegistry.appending(to: Array(text.utf8), update: new, now: now) == nil, "\(text)")
        }
    }

    @Test func aBrokenRegistryIsLeftAsItIs() throws {
        let dir = TempDir()
        let ctx = TestRun("save-session", [], cwd: dir.path, home: dir.home).context
        let broken = "{\"sessions\":[{\"id\":\"a\",,\n    }\n  ]\n}\n"
        let path = try dir.write("docs/.ai/sessions.json", broken)
        #expect(throws: ToolError.self) {
            try SessionRegistry.record(ctx, projectRoot: dir.path, update: Self.update(3))
        }
        #expect(try AtomicFile.read(path) == Array(broken.utf8))
    }

    /// A compact (hand-written) registry is rewritten in our form on the first save; later saves append.
    @Test func aForeignFormIsRewrittenOnceThenAppended() throws {
        let dir = TempDir()
        let ctx = TestRun("save-session", [], cwd: dir.path, home: dir.home).context
        let path = try dir.write("docs/.ai/sessions.json", "{\"sessions\":[{\"id\":\"a\",\"agent\":\"claude\"}]}")
        _ = try SessionRegistry.record(ctx, projectRoot: dir.path, update: Self.update(1))
        let first = try #require(try AtomicFile.read(path))
        #expect(first == JSONWriter.pretty(try JSONParser.parse(first)))
        #expect(try SessionRegistry.appending(to: first, update: Self.update(2), now: "T") != nil)
    }

    /// The transcript lookup skips the parse only when the id cannot be in the file.
    @Test func recordedTranscriptPathFindsEveryWayOfWritingTheID() throws {
        let dir = TempDir()
        let id = Self.uuid(7)
        let plain = JSONWriter.prettyString([
            "sessions": [["id": .string(id), "agent": "claude", "transcript_path": "/t/a.jsonl"]]
        ])
        _ = try dir.write("docs/.ai/sessions.json", plain)
        #expect(SessionRegistry.recordedTranscriptPath(projectRoot: dir.path, id: id) == "/t/a.jsonl")
        #expect(SessionRegistry.recordedTranscriptPath(projectRoot: dir.path, id: Self.uuid(8)) == nil)
        // The same id with an escaped first character: found through the parse.
        let escaped = plain.replacingOccurrences(of: "\"5b1c", with: "\"\\u0035b1c")
        #expect(escaped != plain)
        _ = try dir.write("docs/.ai/sessions.json", escaped)
        #expect(SessionRegistry.recordedTranscriptPath(projectRoot: dir.path, id: id) == "/t/a.jsonl")
    }

    @Test func byteSearch() {
        let hay = Array("abcabd\"id\"".utf8)
        #expect(PlatformFacts.contains(hay, Array("abd".utf8)))
        #expect(PlatformFacts.contains(hay, Array("\"id\"".utf8)))
        #expect(!PlatformFacts.contains(hay, Array("abe".utf8)))
        #expect(!PlatformFacts.contains(hay, Array("d\"id\"x".utf8)))
        #expect(PlatformFacts.contains(hay, []))
        #expect(!PlatformFacts.contains([], Array("a".utf8)))
    }
}
