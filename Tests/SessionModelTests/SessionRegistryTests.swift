import Foundation
import Testing

@testable import SessionModel

private let claudeID = "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"
private let claudeID2 = "6c2d8f3b-4a5e-4d9f-8b7c-1e3f5a7b9d21"

private func context(_ dir: TempDir, env: [String: String] = [:]) -> ToolContext {
    TestRun("save-session", [], cwd: dir.path, home: dir.home, environment: env).context
}

@Suite struct SessionRegistryTests {
    @Test func newEntryHasExactlyTheSeedKeys() throws {
        var doc: JSONValue = ["sessions": []]
        let (entry, created) = try SessionRegistry.upsert(
            &doc, update: .init(agent: .claude, id: claudeID, summary: "did x", tags: ["a,b", "b"]), now: "T1")
        #expect(created)
        #expect(Set(entry.objectValue!.keys) == ["id", "agent", "summary", "created_at", "tags"])
        #expect(entry["tags"] == .strings(["a", "b"]))
        #expect(entry["created_at"] == "T1")
        #expect(SessionRegistry.entries(doc).count == 1)
    }

    @Test func updateByIDMergesTagsKeepsExtraKeysAndSetsUpdatedAt() throws {
        var doc: JSONValue = [
            "version": "seed-extra",
            "sessions": [
                [
                    "id": .string(claudeID), "agent": "claude", "summary": "old", "created_at": "T0", "tags": ["a"],
                    "owner": "alice",
                ],
                ["id": .string(claudeID2), "agent": "claude", "summary": "other", "created_at": "T0", "tags": []],
            ],
        ]
        let (entry, created) = try SessionRegistry.upsert(
            &doc, update: .init(agent: .claude, id: claudeID, summary: "new", tags: ["b", "a"]), now: "T1")
        #expect(!created)
        #expect(entry["summary"] == "new")
        #expect(entry["tags"] == .strings(["a", "b"]))
        #expect(entry["updated_at"] == "T1")
        #expect(entry["created_at"] == "T0")
        #expect(entry["owner"] == "alice")
        #expect(doc["version"] == "seed-extra")
        let list = SessionRegistry.entries(doc)
        #expect(list.count == 2)
        #expect(list[0]["id"]?.stringValue == claudeID)  // order kept
        #expect(list[1]["summary"] == "other")
    }

    @Test func updateWithoutSummaryKeepsIt() throws {
        var doc: JSONValue = [
            "sessions": [
                [
                    "id": .string(claudeID), "agent": "claude", "summary": "keep",
                    "created_at": "T0", "tags": [],
                ]
            ]
        ]
        let (entry, _) = try SessionRegistry.upsert(
            &doc,
            update: .init(
                agent: .claude, id: claudeID, summary: nil,
                tags: []), now: "T1")
        #expect(entry["summary"] == "keep")
    }

    @Test func sameIDForAnotherAgentIsRefused() throws {
        var doc: JSONValue = [
            "sessions": [
                [
                    "id": .string(claudeID), "agent": "claude", "summary": "",
                    "created_at": "T0", "tags": [],
                ]
            ]
        ]
        let before = doc
        #expect(throws: SessionError.self) {
            try SessionRegistry.upsert(
                &doc, update: .init(agent: .gemini, id: claudeID, summary: nil, tags: []),
                now: "T1")
        }
        #expect(doc == before)
    }

    @Test func idsAreValidatedPerAgent() throws {
        let dir = TempDir()
        let ctx = context(dir)
        try SessionRegistry.validateID(ctx, agent: .claude, id: claudeID)
        try SessionRegistry.validateID(ctx, agent: .codex, id: "01a1fd34-82b8-7850-8047-159de68d9e13")
        try SessionRegistry.validateID(ctx, agent: .opencode, id: "ses_7a1b2c3d4e5f")
        try SessionRegistry.validateID(ctx, agent: .aider, id: "chat-2026-11-21")
        for (agent, bad) in [
            (AgentKind.claude, "claude --resume abc"), (.claude, "abc"), (.gemini, "1"),
            (.copilot, "../etc"), (.opencode, claudeID), (.cursor, "a b"), (.aider, "x/y"),
        ] {
            #expect(throws: ToolError.self) { try SessionRegistry.validateID(ctx, agent: agent, id: bad) }
        }
        do {
            try SessionRegistry.validateID(ctx, agent: .claude, id: "claude --resume abc")
        } catch {
            #expect(error.code == .dataError)
            #expect(error.hint?.contains("UUID") == true)
        }
    }

    @Test func recordLibraryAPIWritesTheFileAndReturnsTheEntry() throws {
        let dir = TempDir()
        let ctx = context(dir)
        let entry = try SessionRegistry.record(
            ctx, projectRoot: dir.path, agent: .claude, id: claudeID,
            summary: "first", tags: ["x"])
        #expect(entry["id"]?.stringValue == claudeID)
        let again = try SessionRegistry.record(
            ctx, projectRoot: dir.path, agent: .claude, id: claudeID,
            summary: nil, tags: ["y"])
        #expect(again["tags"] == .strings(["x", "y"]))
        #expect(again["summary"] == "first")
        let text = try #require(dir.read("docs/.ai/sessions.json"))
        #expect(text.hasSuffix("}\n"))
        let doc = try JSONParser.parse(text)
        #expect(SessionRegistry.entries(doc).count == 1)
        #expect(FileInfo.exists(dir.file("docs/.ai/sessions.json.lock")) == false)
    }

    @Test func recordRefusesAnInvalidIDBeforeWritingAnything() throws {
        let dir = TempDir()
        #expect(throws: SessionError.self) {
            try SessionRegistry.record(
                context(dir), projectRoot: dir.path, agent: .claude, id: "claude --resume abc",
                summary: nil, tags: [])
        }
        #expect(!FileInfo.exists(dir.file("docs/.ai/sessions.json")))
    }

    @Test func loadReportsConflictMarkersWithTheFix() throws {
        let dir = TempDir()
        let path = try dir.write(
            "docs/.ai/sessions.json",
            """
            {"sessions":[
            <<<<<<< HEAD
            {"id":"a","agent":"claude","summary":"","created_at":"T","tags":[]}
            =======
            {"id":"b","agent":"claude","summary":"","created_at":"T","tags":[]}
            >>>>>>> other
            ]}

            """)
        do {
            _ = try SessionRegistry.load(path: path)
            Issue.record("expected a conflict error")
        } catch {
            #expect(ToolError(error).code == .dataError)
            #expect(error.line == 2)
            #expect(ToolError(error).hint?.contains("install-merge-driver") == true)
            #expect(ToolError(error).hint?.contains("git checkout -m") == true)
        }
    }

    @Test func loadRejectsWrongShapes() throws {
        let dir = TempDir()
        for text in ["[]", "{\"sessions\": {}}", "{\"sessions\": [1]}", "{\"sessions\": [{\"agent\":\"x\"}]}", "{"] {
            let path = try dir.write("s.json", text)
            #expect(throws: SessionError.self) { try SessionRegistry.load(path: path) }
        }
        #expect(try SessionRegistry.load(path: dir.file("missing.json")) == ["sessions": []])
        let extra = try dir.write("ok.json", "{\"meta\": 1}")
        #expect(try SessionRegistry.load(path: extra)["meta"] == 1)
    }

    @Test func resumeCommandTable() {
        let id = "ID"
        #expect(ResumeCommands.table(.claude, id: id) == "claude --resume ID")
        #expect(ResumeCommands.table(.codex, id: id) == "codex resume ID")
        #expect(ResumeCommands.table(.gemini, id: id) == "gemini --resume ID")
        #expect(ResumeCommands.table(.copilot, id: id) == "copilot --resume ID")
        #expect(ResumeCommands.table(.opencode, id: id) == "opencode --session ID")
        #expect(ResumeCommands.table(.agy, id: id) == "agy --conversation ID")
        #expect(ResumeCommands.table(.aider, id: id) == "aider --restore-chat-history")
        // A Cursor Agent CLI chat; an IDE composer's command comes from the store (CursorStoreTests.tasksAndResume).
        #expect(ResumeCommands.table(.cursor, id: id) == "cursor-agent --resume ID")
    }

    @Test func filterByAgentTagAndJob() {
        let a: JSONValue = ["id": "1", "agent": "claude", "tags": ["x"], "job_id": "J"]
        let b: JSONValue = ["id": "2", "agent": "codex", "tags": ["y"]]
        #expect(SessionRegistry.Filter(agent: .claude).matches(a))
        #expect(!SessionRegistry.Filter(agent: .claude).matches(b))
        #expect(SessionRegistry.Filter(tag: "y").matches(b))
        #expect(!SessionRegistry.Filter(tag: "y").matches(a))
        #expect(SessionRegistry.Filter(job: "J").matches(a))
        #expect(!SessionRegistry.Filter(job: "J").matches(b))
        #expect(SessionRegistry.Filter(job: "J", jobSessionIDs: ["2"]).matches(b))
    }

    @Test func jsonStoreJournalOpensAndCloses() throws {
        var doc: JSONValue = ["sessions": []]
        var start = JournalFields()
        start.jobID = "J1"
        let (opened, _) = try SessionRegistry.upsert(
            &doc,
            update: .init(
                agent: .claude, id: claudeID, summary: nil, tags: [], journal: start,
                journalMode: .start), now: "T1")
        let journalID = try #require(opened["journal_id"]?.stringValue)
        #expect(opened["ended_at"] == .null)
        #expect(opened["job_id"] == "J1")
        // A plain save without journal flags closes the open journal.
        let (closed, _) = try SessionRegistry.upsert(
            &doc,
            update: .init(
                agent: .claude, id: claudeID, summary: "s", tags: [], journalMode: .closeIfOpen,
                metrics: TranscriptMetrics(totalExchanges: 3, durationMinutes: 12)), now: "T2")
        #expect(closed["journal_id"]?.stringValue == journalID)
        #expect(closed["ended_at"] == "T2")
        #expect(closed["quality_score"] == 5)
        #expect(closed["total_exchanges"] == 3)
        #expect(closed["duration_minutes"] == 12)
        // closeIfOpen on an entry without a journal leaves the seed shape alone.
        var plain: JSONValue = ["sessions": []]
        let (p, _) = try SessionRegistry.upsert(
            &plain, update: .init(agent: .claude, id: claudeID2, summary: "s", tags: [], journalMode: .closeIfOpen),
            now: "T1")
        #expect(Set(p.objectValue!.keys) == ["id", "agent", "summary", "created_at", "tags"])
    }
}

@Suite struct RegistryMergeTests {
    static func entry(
        _ id: String, _ summary: String, created: String = "2026-11-01T00:00:00Z", updated: String? = nil,
        tags: [String] = []
    ) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(id), "agent": "claude", "summary": .string(summary),
            "created_at": .string(created), "tags": .strings(tags),
        ]
        if let updated { o["updated_at"] = .string(updated) }
        return .object(o)
    }

    static func doc(_ entries: JSONValue...) -> JSONValue { ["sessions": .array(entries)] }

    static func ids(_ doc: JSONValue) -> [String] { SessionRegistry.entries(doc).compactMap { $0["id"]?.stringValue } }

    @Test func bothSidesAddEntries() {
        let base = Self.doc(Self.entry("a", "base"))
        let ours = Self.doc(Self.entry("a", "base"), Self.entry("b", "ours"))
        let theirs = Self.doc(Self.entry("a", "base"), Self.entry("c", "theirs"))
        let merged = RegistryMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(Self.ids(merged) == ["a", "b", "c"])
    }

    @Test func newerUpdatedAtWinsEitherWay() {
        let base = Self.doc(Self.entry("a", "base"))
        let older = Self.entry("a", "older", updated: "2026-11-02T00:00:00Z")
        let newer = Self.entry("a", "newer", updated: "2026-11-03T00:00:00.500Z")
        for (ours, theirs) in [(older, newer), (newer, older)] {
            let merged = RegistryMerge.merge(base: base, ours: Self.doc(ours), theirs: Self.doc(theirs))
            #expect(SessionRegistry.entries(merged) == [newer])
        }
    }

    @Test func tieUnitesTags() {
        let base = Self.doc(Self.entry("a", "base"))
        let ours = Self.doc(Self.entry("a", "ours", updated: "2026-11-02T00:00:00Z", tags: ["x"]))
        let theirs = Self.doc(Self.entry("a", "theirs", updated: "2026-11-02T00:00:00Z", tags: ["y", "x"]))
        let merged = SessionRegistry.entries(RegistryMerge.merge(base: base, ours: ours, theirs: theirs))
        #expect(merged.count == 1)
        #expect(merged[0]["summary"] == "ours")
        #expect(merged[0]["tags"] == .strings(["x", "y"]))
    }

    @Test func deletionOfAnUnchangedEntryWinsButAModificationIsKept() {
        let a = Self.entry("a", "base")
        let b = Self.entry("b", "base")
        let base = Self.doc(a, b)
        // theirs deleted a (ours unchanged) → gone; ours deleted b but theirs modified it → kept.
        let theirB = Self.entry("b", "changed", updated: "2026-11-05T00:00:00Z")
        let merged = RegistryMerge.merge(base: base, ours: Self.doc(a), theirs: Self.doc(theirB))
        #expect(SessionRegistry.entries(merged) == [theirB])
    }

    @Test func topLevelKeysAreKept() {
        let base: JSONValue = ["sessions": [], "meta": 1]
        let ours: JSONValue = ["sessions": [], "meta": 1, "ours": true]
        let theirs: JSONValue = ["sessions": [], "meta": 2, "theirs": true]
        let merged = RegistryMerge.merge(base: base, ours: ours, theirs: theirs)
        #expect(merged["meta"] == 2)
        #expect(merged["ours"] == true)
        #expect(merged["theirs"] == true)
    }

    @Test func driverWritesTheUnionIntoOurs() throws {
        let dir = TempDir()
        let o = try dir.write("O", "")  // add/add: git passes an empty base
        let a = try dir.write("A", JSONWriter.prettyString(Self.doc(Self.entry("a", "ours"))))
        let b = try dir.write("B", JSONWriter.prettyString(Self.doc(Self.entry("b", "theirs"))))
        try RegistryMerge.runDriver(base: o, ours: a, theirs: b)
        let result = try JSONParser.parse(try #require(dir.read("A")))
        #expect(Self.ids(result) == ["a", "b"])
    }

    @Test func driverLeavesOursUntouchedWhenASideDoesNotParse() throws {
        let dir = TempDir()
        let oursText = JSONWriter.prettyString(Self.doc(Self.entry("a", "ours")))
        let o = try dir.write("O", "{\"sessions\":[]}")
        let a = try dir.write("A", oursText)
        for bad in ["{\"sessions\": [", "<<<<<<< x\n{}\n=======\n{}\n>>>>>>> y\n", "[1]"] {
            let b = try dir.write("B", bad)
            do {
                try RegistryMerge.runDriver(base: o, ours: a, theirs: b)
                Issue.record("expected failure for \(bad)")
            } catch {
                #expect(ToolError(error).code == .dataError)
            }
            #expect(dir.read("A") == oursText)
        }
    }
}

/// Copilot CLI 1.0.78+ fires `sessionEnd` after every turn of a `-p` run (issue #15): the end hook reads the registry
/// once per call and leaves an entry that already says it all untouched (same bytes, same modification time).
@Suite struct CopilotEndHookCostTests {
    static let id = "55555555-aaaa-4bbb-8ccc-000000000005"

    /// Runs the end hook in process; returns its JSON and how many times it read the registry.
    func endHook(_ temp: TempDir, repo: String, _ extra: [String] = []) throws -> (json: JSONValue, reads: Int) {
        let payload = #"{"sessionId":"\#(Self.id)","cwd":"\#(repo)","timestamp":1790000000000,"reason":"complete"}"#
        let run = TestRun(
            "save-session", ["--hook", "copilot", "--json"] + extra, cwd: repo, home: temp.home, stdin: payload)
        let counter = SessionRegistry.ReadCounter()
        let code = SessionRegistry.$reads.withValue(counter) { run.run() }
        #expect(code == 0 && run.stderr.text.isEmpty, "\(run.stderr.text)")
        return (try JSONParser.parse(run.stdout.text), counter.count)
    }

    @Test func theEndHookReadsTheRegistryOncePerCallAndDoesNotRewriteAnUnchangedEntry() throws {
        let temp = TempDir()
        let repo = try temp.makeRepo()
        let registry = repo + "/" + SessionRegistry.file
        // The first end creates the entry (the registry did not exist).
        let first = try endHook(temp, repo: repo)
        #expect(first.json["created"] == true && first.reads == 1)
        let bytes = try #require(FileManager.default.contents(atPath: registry))
        let mtime = try #require(FileInfo.modificationTime(registry))
        for _ in 0..<3 {
            let again = try endHook(temp, repo: repo)
            #expect(again.json["unchanged"] == true && again.reads == 1)
            #expect(FileManager.default.contents(atPath: registry) == bytes)
            #expect(FileInfo.modificationTime(registry) == mtime)
        }
        // A turn that brings something new (a tag) updates the same entry, still with one read.
        let tagged = try endHook(temp, repo: repo, ["--tags", "ci"])
        #expect(tagged.json["created"] == false && tagged.json["unchanged"] == nil && tagged.reads == 1)
        let document = try SessionRegistry.load(path: registry)
        #expect(SessionRegistry.entries(document).count == 1)
        #expect(SessionRegistry.entries(document).first?["tags"] == .strings(["ci"]))
        // A registry that cannot be parsed is reported and left as it is.
        try "{ not json\n".write(toFile: registry, atomically: false, encoding: .utf8)
        let payload = #"{"sessionId":"\#(Self.id)","cwd":"\#(repo)"}"#
        let broken = TestRun("save-session", ["--hook", "copilot"], cwd: repo, home: temp.home, stdin: payload)
        #expect(broken.run() == 0 && broken.stderr.text.contains("sessions.json"))
        #expect(try String(contentsOfFile: registry, encoding: .utf8) == "{ not json\n")
    }
}
