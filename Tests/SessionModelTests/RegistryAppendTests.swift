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
        #expect(Self.tempFiles(dir) == [])
    }

    /// Temp files left beside the registry (there must be none, whichever path a save took).
    static func tempFiles(_ dir: TempDir) -> [String] {
        FileInfo.list(dir.file("docs/.ai")).filter { $0.contains(".tmp-") }
    }

    /// The append writes the file's bytes before the scan has finished (into the replacement only): whatever the scan
    /// then decides — append before the last bytes, insert elsewhere, update, refuse — the file is the full rewrite
    /// or untouched, and no temp file is left.
    @Test func theEarlyWriteIsRenamedOnlyWhenTheScanProvesTheFile() throws {
        let dir = TempDir()
        let ctx = TestRun("save-session", [], cwd: dir.path, home: dir.home).context
        let laterKey = JSONWriter.prettyString(["sessions": [["id": "a", "agent": "claude"]], "version": [["k": 1]]])
        let cases: [(text: String, n: Int, refused: Bool)] = [
            (JSONWriter.prettyString(["sessions": [["id": "a", "agent": "claude"]]]), 1, false),
            (laterKey, 2, false),
            (JSONWriter.prettyString(["sessions": [["id": .string(Self.uuid(3)), "agent": "claude"]]]), 3, false),
            (laterKey.replacingOccurrences(of: "\"a\"", with: "\"a\",,"), 4, true),
            (laterKey.replacingOccurrences(of: "\"claude\"", with: "\"cl\\u0061ude\""), 5, false),
        ]
        for (text, n, refused) in cases {
            let path = try dir.write("docs/.ai/sessions.json", text)
            let old = Array(text.utf8)
            if refused {
                #expect(throws: ToolError.self) {
                    try SessionRegistry.record(ctx, projectRoot: dir.path, update: Self.update(n))
                }
                #expect(try AtomicFile.read(path) == old)
            } else {
                let result = try SessionRegistry.record(ctx, projectRoot: dir.path, update: Self.update(n))
                let bytes = try #require(try AtomicFile.read(path))
                var document = try SessionRegistry.parse(old, displayPath: "x")
                _ = try SessionRegistry.upsert(&document, update: Self.update(n), now: "")
                let written = try SessionRegistry.parse(bytes, displayPath: "x")
                #expect(bytes == JSONWriter.pretty(written), "\(n)")
                #expect(
                    SessionRegistry.entries(written).map { $0["id"] }
                        == SessionRegistry.entries(document).map { $0["id"] })
                #expect(result.created == (n != 3))
            }
            #expect(Self.tempFiles(dir) == [], "\(n)")
        }
    }

    /// Files not in our form, and updates, take the full path (parse, upsert, rewrite); a file that cannot be parsed
    /// is never written.
    @Test func appendDeclinesWhatItCannotProve() throws {
        let new = Self.update(9)
        let now = "T"
        let ours = JSONWriter.prettyString(["sessions": [["id": "a", "agent": "claude", "n": [1, ["k": "v"]]]]])
        let declined: [String] = [
            // An existing id: an update.
            JSONWriter.prettyString(["sessions": [["id": .string(Self.uuid(9)), "agent": "claude"]]]),
            // The tail matches but closes an array that is not "sessions".
            "{\"sessions\":[{\"id\":\"a\"}],\"x\":[\n    {\n    }\n  ]\n}\n",
            // Invalid JSON before a matching tail.
            "{\"sessions\":[{\"id\":\"a\",,\n    }\n  ]\n}\n",
            // Conflict markers.
            "{\"sessions\":[\n<<<<<<< HEAD\n    {\"id\":\"a\"\n    }\n  ]\n}\n",
            // Compact (not our form).
            "{\"sessions\":[{\"id\":\"a\"}]}\n",
            // Our form but: no trailing newline, CRLF, a BOM, a trailing space, a tab, 4-space indentation.
            String(ours.dropLast()), ours.replacingOccurrences(of: "\n", with: "\r\n"), "\u{FEFF}" + ours,
            ours.replacingOccurrences(of: "\"a\",", with: "\"a\", "),
            ours.replacingOccurrences(of: "\n    {", with: "\n\t{"),
            ours.replacingOccurrences(of: "\n  ", with: "\n    "),
            // Keys out of order, a repeated key (the full parse refuses it: 65), an escaped key.
            ours.replacingOccurrences(
                of: "\"agent\": \"claude\",\n      \"id\": \"a\"",
                with: "\"id\": \"a\",\n      \"agent\": \"claude\""),
            ours.replacingOccurrences(
                of: "\"agent\": \"claude\",", with: "\"agent\": \"claude\",\n      \"agent\": \"x\","),
            ours.replacingOccurrences(of: "\"agent\"", with: "\"\\u0061gent\""),
            // Escapes the writer does not make; invalid UTF-8 (overlong, a lone surrogate, a cut sequence).
            ours.replacingOccurrences(of: "\"claude\"", with: "\"cl\\/aude\""),
            ours.replacingOccurrences(of: "\"claude\"", with: "\"cl\\u0061ude\""),
            ours.replacingOccurrences(of: "\"claude\"", with: "\"cl\\u001Fude\""),
            ours.replacingOccurrences(of: "\"claude\"", with: "\"cl\\u000aude\""),
            // Shapes the full path refuses: no "sessions", an entry without a string id, an empty entry.
            JSONWriter.prettyString(["other": []]),
            JSONWriter.prettyString(["sessions": [["id": 1]]]),
            JSONWriter.prettyString(["sessions": [[:]]]),
            JSONWriter.prettyString(["sessions": ["a"]]),
            JSONWriter.prettyString(["sessions": [:]]),
            JSONWriter.prettyString(["a", "b"]),
        ]
        for text in declined {
            #expect(try SessionRegistry.appending(to: Array(text.utf8), update: new, now: now) == nil, "\(text)")
        }
        for bad in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE6, 0x97], [0xF4, 0x90, 0x80, 0x80], [0x00]] as [[UInt8]] {
            let text = Array(ours.utf8)
            let at = text.firstIndex(of: UInt8(ascii: "c"))!  // inside "claude"
            let bytes = Array(text[..<at]) + bad + Array(text[at...])
            #expect(try SessionRegistry.appending(to: bytes, update: new, now: now) == nil, "\(bad)")
        }
        // Nesting deeper than the scan goes: the full path decides.
        var deep: JSONValue = "x"
        for _ in 0..<70 { deep = ["k": deep] }
        let nested = JSONWriter.pretty(["sessions": [["id": "a", "deep": deep]]])
        #expect(try SessionRegistry.appending(to: nested, update: new, now: now) == nil)
        #expect(try SessionRegistry.parse(nested, displayPath: "x") == ["sessions": [["id": "a", "deep": deep]]])
    }

    /// An id equal to the new one as a Swift string but not byte for byte (KELVIN SIGN is canonically equivalent to
    /// K) is the same session for the full path, so the scan does not take it for a new one.
    @Test func anIdEqualAsAStringIsAnUpdate() throws {
        let kelvin = JSONWriter.pretty(["sessions": [["id": "\u{212A}-1", "agent": "aider"]]])
        let update = SessionRegistry.EntryUpdate(agent: .aider, id: "K-1", summary: "s", tags: [])
        #expect("\u{212A}-1" == "K-1")
        #expect(try SessionRegistry.appending(to: kelvin, update: update, now: "T") == nil)
        let layout = try #require(RegistryScan.scan(kelvin, id: "K-1"))
        #expect(layout.hasID)
        #expect(RegistryScan.scan(kelvin, id: "K-2")?.hasID == false)
        // A new id that is not plain ASCII is always left to the full path.
        #expect(RegistryScan.scan(kelvin, id: "\u{212A}-2") == nil)
    }

    /// An empty `sessions` array and root keys after `sessions` are in our form too: the entry goes inside the array
    /// and the result is the full rewrite.
    @Test func emptyArraysAndLaterRootKeysAppendInPlace() throws {
        let documents: [JSONValue] = [
            ["sessions": []], ["sessions": [], "version": 2],
            ["sessions": [["id": "a"]], "version": [["k": 1]], "zz": ["sessions": []]],
            ["a": "x", "sessions": [["id": "b", "sessions": "c"]], "t": [:]],
        ]
        for (n, document) in documents.enumerated() {
            let bytes = JSONWriter.pretty(document)
            let update = Self.update(100 + n)
            let appended = try #require(try SessionRegistry.appending(to: bytes, update: update, now: "T"))
            #expect(appended.bytes == (try Self.fullRewrite(bytes, update, now: "T", drawn: appended.entry)))
        }
    }

    /// What the full path writes for `old` (parse, upsert, pretty), with the entry's random journal id taken from
    /// `drawn` (the entry the append made, otherwise equal).
    static func fullRewrite(_ old: [UInt8], _ update: SessionRegistry.EntryUpdate, now: String, drawn: JSONValue)
        throws -> [UInt8]
    {
        var document = try SessionRegistry.parse(old, displayPath: "sessions.json")
        var (entry, created) = try SessionRegistry.upsert(&document, update: update, now: now)
        #expect(created)
        if let id = drawn["journal_id"], var object = entry.objectValue {
            object["journal_id"] = id
            entry = .object(object)
        }
        #expect(entry == drawn)
        var root = try #require(document.objectValue)
        root["sessions"] = .array(SessionRegistry.entries(document).dropLast() + [entry])
        return JSONWriter.pretty(.object(root))
    }

    // MARK: - Random registries

    static let keyPool = [
        "", "a", "agent", "created_at", "id", "nested", "s", "sessions", "summary", "tags", "x-y", "zz",
    ]
    static let numberPool = ["0", "-0", "7", "-12", "3.25", "1e10", "-0.5E-3", "12345678901234567890", "2E+2"]
    static let characterPool: [String] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{1F}", "\u{7F}",
        "é", "日", "😀", "\u{2028}", "\u{212A}", "e\u{301}", "<", "&", "u", "{", "]",
    ]

    static func randomString(_ rng: inout SplitMix64Unit, max: Int = 12) -> String {
        String(
            (0..<Int.random(in: 0...max, using: &rng)).map { _ in characterPool.randomElement(using: &rng)! }.joined())
    }

    static func randomValue(_ rng: inout SplitMix64Unit, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 4 : 7), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(numberPool.randomElement(using: &rng)!)
        case 3: return .string(randomString(&rng))
        case 4: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                object[keyPool.randomElement(using: &rng)!] = randomValue(&rng, depth: depth + 1)
            }
            return .object(object)
        }
    }

    /// A registry document with random entries, extra keys and values (ids never of the `uuid(_:)` form).
    static func randomRegistry(_ rng: inout SplitMix64Unit) -> JSONValue {
        var root: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...2, using: &rng) {
            root[keyPool.randomElement(using: &rng)!] = randomValue(&rng, depth: 1)
        }
        root["sessions"] = .array(
            (0..<Int.random(in: 0...8, using: &rng)).map { k in
                var entry: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    entry[keyPool.randomElement(using: &rng)!] = randomValue(&rng, depth: 3)
                }
                entry["id"] = .string(Bool.random(using: &rng) ? "id-\(k)" : randomString(&rng, max: 6))
                return .object(entry)
            })
        return .object(root)
    }

    /// Over many random registries in our form the append is taken and gives the full rewrite's bytes.
    @Test func randomRegistriesAppendAsAFullRewrite() throws {
        var rng = SplitMix64Unit(seed: 17)
        for round in 0..<400 {
            let bytes = JSONWriter.pretty(Self.randomRegistry(&rng))
            let update = Self.update(round)
            let appended = try #require(
                try SessionRegistry.appending(to: bytes, update: update, now: "2026-12-04T06:00:00Z"), "round \(round)")
            #expect(
                appended.bytes
                    == (try Self.fullRewrite(bytes, update, now: "2026-12-04T06:00:00Z", drawn: appended.entry)),
                "round \(round)")
        }
    }

    /// Through `record` (on Linux the registry is copied in the kernel and scanned in the copy): random registries
    /// end as their full rewrite, and no temp file is left.
    @Test func recordAppendsRandomRegistriesAsAFullRewrite() throws {
        let dir = TempDir()
        let ctx = TestRun("save-session", [], cwd: dir.path, home: dir.home).context
        var rng = SplitMix64Unit(seed: 71)
        for round in 0..<60 {
            let old = JSONWriter.pretty(Self.randomRegistry(&rng))
            let path = try dir.write("docs/.ai/sessions.json", String(decoding: old, as: UTF8.self))
            let result = try SessionRegistry.record(ctx, projectRoot: dir.path, update: Self.update(round))
            #expect(result.created)
            let now = try #require(result.entry["created_at"]?.stringValue)
            let written = try #require(try AtomicFile.read(path))
            #expect(
                written == (try Self.fullRewrite(old, Self.update(round), now: now, drawn: result.entry)), "\(round)")
            #expect(Self.tempFiles(dir) == [])
        }
    }

    static let mutationBytes: [UInt8] = Array(" \n\"\\{}[],:a0/u\t\r".utf8) + [0x80, 0xC3, 0xFF, 0x00, 0xE2]

    /// Random damage to registries in our form: the append is taken only for a file the full parse accepts and
    /// writes back unchanged (and then equals the full rewrite); every such file with ASCII keys is taken.
    @Test func damagedRegistriesAreAppendedOnlyWhenProvenInOurForm() throws {
        var rng = SplitMix64Unit(seed: 1717)
        var taken = 0
        var declined = 0
        for round in 0..<3000 {
            var bytes = JSONWriter.pretty(Self.randomRegistry(&rng))
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes[at] = Self.mutationBytes.randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(Self.mutationBytes.randomElement(using: &rng)!, at: at)
                default:
                    // Lines swapped or repeated: keys out of order, repeated keys, misplaced commas.
                    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                    let k = Int.random(in: 0..<lines.count, using: &rng)
                    let j = Int.random(in: 0..<lines.count, using: &rng)
                    if Bool.random(using: &rng) { lines.swapAt(k, j) } else { lines.insert(lines[k], at: j) }
                    bytes = Array(lines.joined(separator: [0x0A]))
                }
                if bytes.isEmpty { bytes = [0x0A] }
            }
            let update = Self.update(round)
            let now = "2026-12-04T06:00:00Z"
            let full = try? SessionRegistry.parse(bytes, displayPath: "sessions.json")
            if let appended = try SessionRegistry.appending(to: bytes, update: update, now: now) {
                taken += 1
                let document = try #require(full, "round \(round): taken but the full parse refuses it")
                #expect(JSONWriter.pretty(document) == bytes, "round \(round)")
                #expect(appended.bytes == (try Self.fullRewrite(bytes, update, now: now, drawn: appended.entry)))
            } else {
                declined += 1
                // (A registry without "sessions" is valid too; the full path adds the array.)
                if let document = full, document["sessions"] != nil, JSONWriter.pretty(document) == bytes,
                    Self.keysAreASCII(document),
                    !SessionRegistry.entries(document).contains(where: { $0["id"]?.stringValue == update.id })
                {
                    Issue.record(
                        "round \(round): a registry in our form was declined: \(String(decoding: bytes, as: UTF8.self))"
                    )
                }
            }
        }
        #expect(taken > 100 && declined > 1000, "taken \(taken), declined \(declined)")
    }

    static func keysAreASCII(_ value: JSONValue) -> Bool {
        switch value {
        case .array(let items): return items.allSatisfy(keysAreASCII)
        case .object(let members):
            return members.allSatisfy {
                $0.key.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C } && keysAreASCII($0.value)
            }
        default: return true
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
        #expect(Self.tempFiles(dir) == [])
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

    /// The file search behind the transcript lookup reads through a 256 KiB buffer: a needle across a cut is found.
    @Test func fileSearchFindsNeedlesAcrossItsBuffer() throws {
        let dir = TempDir()
        let needle = Array("\"5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10\"".utf8)
        for cut in [0, 1, 17, needle.count - 1] {
            for start in [0, (256 << 10) - cut, (512 << 10) - cut - 1, 700_000] {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 800_000)
                bytes.replaceSubrange(start..<(start + needle.count), with: needle)
                let path = try dir.write("f-\(cut)-\(start)", String(decoding: bytes, as: UTF8.self))
                #expect(AtomicFile.contains(anyOf: [Array("\\u".utf8), needle], in: path) == true, "\(start)")
                var other = needle
                other[other.count - 2] = UInt8(ascii: "1")
                #expect(AtomicFile.contains(anyOf: [Array("\\u".utf8), other], in: path) == false, "\(start)")
            }
        }
        let short = try dir.write("short", "ab\\u00e9")
        #expect(AtomicFile.contains(anyOf: [needle, Array("\\u".utf8)], in: short) == true)
        #expect(AtomicFile.contains(anyOf: [needle], in: dir.file("missing")) == nil)
        #expect(AtomicFile.contains(anyOf: [needle], in: dir.path) == nil)
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
