import Foundation
import Testing

@testable import SessionModel

private let sid = "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"

/// A store that serves a scripted transcript (or fails), to measure through the `SessionStore` protocol.
private struct ScriptedStore: SessionStore {
    var events: [TranscriptEvent]
    var fails = false
    var agent: AgentKind { .claude }
    var location: String { "scripted" }
    func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] { [] }
    func session(id: String) throws(SessionError) -> SessionSummary? { nil }
    func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    {
        if fails { throw SessionError(.badData, "broken transcript") }
        for e in events { try visit(e) }
        return ReadStats()
    }
    func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }
    func resumeCommand(id: String) -> String { "" }
    func isValidID(_ id: String) -> Bool { true }
}

@Suite struct JournalTests {
    @Test(arguments: [
        // (accomplishments, bugs, errors, breakthrough, expected)
        (0, 0, 0, false, 5), (1, 0, 0, false, 6), (3, 0, 0, false, 8), (9, 0, 0, false, 8),
        (3, 2, 0, true, 10), (9, 9, 0, true, 10), (0, 0, 1, false, 4), (0, 0, 3, false, 2),
        (0, 0, 9, false, 2), (2, 1, 2, false, 6), (0, 0, 3, true, 3),
    ])
    func qualityFormula(_ c: (Int, Int, Int, Bool, Int)) {
        #expect(QualityScore.compute(accomplishments: c.0, bugsFixed: c.1, errors: c.2, breakthrough: c.3) == c.4)
    }

    @Test func qualityIsAlwaysWithinOneToTen() {
        for a in 0...6 {
            for b in 0...6 {
                for e in 0...6 {
                    for k in [true, false] {
                        let q = QualityScore.compute(accomplishments: a, bugsFixed: b, errors: e, breakthrough: k)
                        #expect((1...10).contains(q))
                    }
                }
            }
        }
    }

    static let transcript: [TranscriptEvent] = [
        .message(TranscriptMessage(role: .user, timestamp: "2026-11-21T08:00:00.000Z", text: "fix the bug")),
        .message(TranscriptMessage(role: .assistant, timestamp: "2026-11-21T08:00:05.000Z", text: "looking")),
        .message(TranscriptMessage(role: .assistant, timestamp: "2026-11-21T08:01:00.000Z", text: "more")),
        .message(
            TranscriptMessage(
                role: .user, timestamp: "2026-11-21T08:02:00.000Z",
                toolResults: [ToolResult(callId: "1", output: "ok")])),
        .message(
            TranscriptMessage(
                role: .user, timestamp: "2026-11-21T08:03:00.000Z", text: "sub task",
                isSidechain: true)),
        .message(
            TranscriptMessage(
                role: .assistant, timestamp: "2026-11-21T08:04:00.000Z", text: "sub",
                isSidechain: true)),
        .compaction(timestamp: nil, trigger: "auto"),
        .message(
            TranscriptMessage(
                role: .user, timestamp: "2026-11-21T08:05:00.000Z", text: "summary",
                isCompactSummary: true)),
        .message(TranscriptMessage(role: .assistant, timestamp: "2026-11-21T08:06:00.000Z", text: "after")),
        .message(TranscriptMessage(role: .user, timestamp: "2026-11-21T08:10:00Z", text: "and now tests")),
        .message(TranscriptMessage(role: .assistant, timestamp: "2026-11-21T08:42:29.000Z", text: "done")),
        .message(TranscriptMessage(role: .user, text: "unanswered, no timestamp")),
    ]

    @Test func metricsCountAnsweredPromptsAndMinutes() {
        let metrics = TranscriptMetrics.measure(
            store: ScriptedStore(events: Self.transcript),
            session: SessionSummary(agent: .claude, id: sid, path: "/x"))
        #expect(metrics.totalExchanges == 2)
        #expect(metrics.durationMinutes == 42)  // 08:00:00 → 08:42:29, rounded
        #expect(metrics.unknownReason == nil)
    }

    @Test func metricsAreUnknownWithoutATranscript() {
        let none = TranscriptMetrics.measure(store: ScriptedStore(events: []), session: nil)
        #expect(none.totalExchanges == nil && none.durationMinutes == nil)
        #expect(none.unknownReason == "no transcript found")
        let broken = TranscriptMetrics.measure(
            store: ScriptedStore(events: [], fails: true),
            session: SessionSummary(agent: .claude, id: sid, path: "/x"))
        #expect(broken.totalExchanges == nil)
        #expect(broken.unknownReason?.contains("broken transcript") == true)
    }

    func open(_ dir: TempDir) throws -> Journal {
        try Journal(path: dir.file("docs/.ai/sessions.db"), busyTimeout: 1000)
    }

    @Test func schemaIsCreatedOnceWithAVersionAndWAL() throws {
        let dir = TempDir()
        let journal = try open(dir)
        #expect(try journal.db.tableNames().isSuperset(of: ["sessions", "messages", "schema_version"]))
        #expect(try journal.currentVersion() == Journal.migrations.count)
        #expect(try journal.db.rows("PRAGMA journal_mode") == [[.text("wal")]])
        _ = try open(dir)  // reopening applies nothing twice
        #expect(try journal.db.rows("SELECT COUNT(*) FROM schema_version") == [[.int(Int64(Journal.migrations.count))]])
    }

    @Test func newerSchemaIsRefused() throws {
        let dir = TempDir()
        let journal = try open(dir)
        try journal.db.execute("INSERT INTO schema_version VALUES (99, 'x')")
        do {
            _ = try open(dir)
            Issue.record("expected a schema error")
        } catch {
            #expect((error as? SessionError).map { ToolError($0).code } == .dataError)
        }
    }

    @Test func startThenSaveClosesTheSameSession() throws {
        let dir = TempDir()
        let journal = try open(dir)
        let (id, created) = try journal.start(agent: .claude, agentSessionID: sid, jobID: "J", title: "T", now: "T1")
        #expect(created)
        #expect(id.range(of: "^session_[0-9a-f]{12}$", options: .regularExpression) != nil)
        let (again, createdAgain) = try journal.start(
            agent: .claude, agentSessionID: sid, jobID: nil, title: nil,
            now: "T1b")
        #expect(again == id && !createdAgain)
        #expect(try journal.entry(id: id)?.endedAt == nil)

        var fields = JournalFields()
        fields.accomplishments = ["a1", "a2"]
        fields.bugsFixed = ["b1"]
        fields.errors = ["e1"]
        fields.flow = "user asked; agent fixed"
        let saved = try journal.save(
            agent: .claude, agentSessionID: sid, fields: fields,
            metrics: TranscriptMetrics(totalExchanges: 4, durationMinutes: 9), now: "T2")
        #expect(saved.id == id)
        #expect(saved.jobID == "J" && saved.title == "T")
        #expect(saved.endedAt == "T2")
        #expect(saved.quality == QualityScore.compute(accomplishments: 2, bugsFixed: 1, errors: 1, breakthrough: false))
        let reread = try #require(try journal.entry(id: id))
        #expect(reread == saved)
        #expect(reread.accomplishments == ["a1", "a2"])
        #expect(try journal.db.rows("SELECT accomplishments FROM sessions") == [[.text("[\"a1\",\"a2\"]")]])
        #expect(
            try journal.db.rows("SELECT session_id, total_exchanges, duration_minutes, conversation_flow FROM messages")
                == [[.text(id), .int(4), .int(9), .text("user asked; agent fixed")]])
        #expect(try journal.count() == 1)
    }

    @Test func saveWithoutStartCreatesAndClosesAndNextStartOpensANewOne() throws {
        let dir = TempDir()
        let journal = try open(dir)
        var fields = JournalFields()
        fields.jobID = "J"
        fields.quality = 9
        let first = try journal.save(
            agent: .codex, agentSessionID: sid, fields: fields,
            metrics: .unknown("no transcript found"), now: "T1")
        #expect(first.endedAt == "T1" && first.quality == 9)
        #expect(first.totalExchanges == nil)
        let (second, created) = try journal.start(agent: .codex, agentSessionID: sid, jobID: "J", title: nil, now: "T2")
        #expect(created && second != first.id)
        let closed = try journal.save(
            agent: .codex, agentSessionID: sid, fields: JournalFields(),
            metrics: .unknown("x"), now: "T3")
        #expect(closed.id == second && closed.quality == 5)
        #expect(try journal.entries(job: "J").map(\.id) == [first.id, second])
        #expect(try journal.entries(agentSessionID: sid).count == 2)
        #expect(try journal.db.rows("SELECT COUNT(*) FROM messages WHERE total_exchanges IS NULL") == [[.int(2)]])
    }

    @Test func qualityOutOfRangeIsRejectedBySchema() throws {
        let dir = TempDir()
        let journal = try open(dir)
        #expect(throws: (any Error).self) {
            try journal.db.execute(
                "INSERT INTO sessions(id, agent, created_at, quality_score) VALUES ('session_000000000000', 'claude', 'T', 11)"
            )
        }
        #expect(throws: (any Error).self) {
            try journal.db.execute("INSERT INTO sessions(id, agent, created_at) VALUES ('bad', 'claude', 'T')")
        }
    }
}
