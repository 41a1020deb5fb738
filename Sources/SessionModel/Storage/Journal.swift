#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The work journal's content for one save (flags of `save-session`).
public struct JournalFields: Sendable, Equatable {
    public var jobID: String?
    public var title: String?
    public var accomplishments: [String] = []
    public var decisions: [String] = []
    public var pending: [String] = []
    public var bugsFixed: [String] = []
    public var errors: [String] = []
    public var breakthrough: String?
    public var nextPriority: String?
    public var quality: Int?
    public var flow: String?

    public init() {}

    /// Whether any journal flag was given.
    public var isEmpty: Bool {
        jobID == nil && title == nil && accomplishments.isEmpty && decisions.isEmpty && pending.isEmpty
            && bugsFixed.isEmpty && errors.isEmpty && breakthrough == nil && nextPriority == nil && quality == nil
            && flow == nil
    }
}

/// Exchanges and duration measured from a transcript; nil values are unknown.
public struct TranscriptMetrics: Sendable, Equatable {
    public var totalExchanges: Int?
    public var durationMinutes: Int?
    /// Why they are unknown, when they are.
    public var unknownReason: String?

    public init(totalExchanges: Int?, durationMinutes: Int?, unknownReason: String? = nil) {
        self.totalExchanges = totalExchanges
        self.durationMinutes = durationMinutes
        self.unknownReason = unknownReason
    }

    public static func unknown(_ reason: String) -> TranscriptMetrics {
        TranscriptMetrics(totalExchanges: nil, durationMinutes: nil, unknownReason: reason)
    }

    /// Counts the exchanges of the main conversation (a user prompt answered by an assistant message; subagent
    /// messages and compaction summaries are not exchanges) and the minutes from the first to the last timestamp
    /// (rounded to the nearest minute).
    public struct Counter {
        public private(set) var exchanges = 0
        var waiting = false
        var first: Date?
        var last: Date?

        public init() {}

        public mutating func visit(_ event: TranscriptEvent) {
            guard case .message(let m) = event else { return }
            if let t = m.timestamp.flatMap(Timestamps.parse) {
                if first == nil || t < first! { first = t }
                if last == nil || t > last! { last = t }
            }
            if m.isSidechain { return }
            if m.isPrompt {
                waiting = true
            } else if m.role == .assistant && waiting {
                exchanges += 1
                waiting = false
            }
        }

        public var metrics: TranscriptMetrics {
            var minutes: Int?
            if let first, let last { minutes = Int((last.timeIntervalSince(first) / 60).rounded()) }
            return TranscriptMetrics(
                totalExchanges: exchanges, durationMinutes: minutes,
                unknownReason: minutes == nil ? "the transcript has no timestamps" : nil)
        }
    }

    /// Reads the session's transcript through its store (streamed). Unknown when there is none or it cannot be read.
    public static func measure(store: any SessionStore, session: SessionSummary?) -> TranscriptMetrics {
        guard let session else { return .unknown("no transcript found") }
        var counter = Counter()
        do throws(SessionError) {
            // Only roles, times and prompt texts count: thinking, tool inputs and outputs are not built.
            _ = try store.read(session, parts: []) { counter.visit($0) }
        } catch {
            return .unknown("transcript not readable: \(error.message)")
        }
        return counter.metrics
    }
}

/// The quality score (1–10) when `--quality` is not given:
/// `5 + min(accomplishments, 3) + min(bugs fixed, 2) + (breakthrough ? 1 : 0) − min(errors, 3)`, clamped to 1…10.
public enum QualityScore {
    public static func compute(accomplishments: Int, bugsFixed: Int, errors: Int, breakthrough: Bool) -> Int {
        let score = 5 + min(accomplishments, 3) + min(bugsFixed, 2) + (breakthrough ? 1 : 0) - min(errors, 3)
        return max(1, min(10, score))
    }
}

/// One journal session (a row of `sessions` plus its latest `messages` row).
public struct JournalEntry: Sendable, Equatable {
    public var id: String
    public var agentSessionID: String?
    public var agent: String
    public var jobID: String?
    public var title: String?
    public var accomplishments: [String]
    public var decisions: [String]
    public var pending: [String]
    public var bugsFixed: [String]
    public var errors: [String]
    public var breakthrough: String?
    public var nextPriority: String?
    public var quality: Int?
    public var createdAt: String
    public var endedAt: String?
    public var totalExchanges: Int?
    public var durationMinutes: Int?
    public var flow: String?

    public var json: JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func optInt(_ i: Int?) -> JSONValue { i.map { .int($0) } ?? .null }
        return [
            "id": .string(id), "agent_session_id": opt(agentSessionID), "agent": .string(agent), "job_id": opt(jobID),
            "title": opt(title), "accomplishments": .strings(accomplishments), "decisions": .strings(decisions),
            "pending": .strings(pending), "bugs_fixed": .strings(bugsFixed), "errors_encountered": .strings(errors),
            "breakthrough": opt(breakthrough), "next_priority": opt(nextPriority), "quality_score": optInt(quality),
            "created_at": .string(createdAt), "ended_at": opt(endedAt), "total_exchanges": optInt(totalExchanges),
            "duration_minutes": optInt(durationMinutes), "conversation_flow": opt(flow),
        ]
    }

    /// The same fields read back from a registry entry of the JSON store.
    public init?(registryEntry e: JSONValue) {
        guard let journalID = e["journal_id"]?.stringValue else { return nil }
        func list(_ k: String) -> [String] { (e[k]?.arrayValue ?? []).compactMap(\.stringValue) }
        id = journalID
        agentSessionID = e["id"]?.stringValue
        agent = e["agent"]?.stringValue ?? ""
        jobID = e["job_id"]?.stringValue
        title = e["title"]?.stringValue
        accomplishments = list("accomplishments")
        decisions = list("decisions")
        pending = list("pending")
        bugsFixed = list("bugs_fixed")
        errors = list("errors_encountered")
        breakthrough = e["breakthrough"]?.stringValue
        nextPriority = e["next_priority"]?.stringValue
        quality = e["quality_score"]?.intValue
        createdAt = e["started_at"]?.stringValue ?? e["created_at"]?.stringValue ?? ""
        endedAt = e["ended_at"]?.stringValue
        totalExchanges = e["total_exchanges"]?.intValue
        durationMinutes = e["duration_minutes"]?.intValue
        flow = e["conversation_flow"]?.stringValue
    }

    public init(
        id: String, agentSessionID: String?, agent: String, jobID: String?, title: String?,
        accomplishments: [String], decisions: [String], pending: [String], bugsFixed: [String],
        errors: [String], breakthrough: String?, nextPriority: String?, quality: Int?, createdAt: String,
        endedAt: String?, totalExchanges: Int?, durationMinutes: Int?, flow: String?
    ) {
        self.id = id
        self.agentSessionID = agentSessionID
        self.agent = agent
        self.jobID = jobID
        self.title = title
        self.accomplishments = accomplishments
        self.decisions = decisions
        self.pending = pending
        self.bugsFixed = bugsFixed
        self.errors = errors
        self.breakthrough = breakthrough
        self.nextPriority = nextPriority
        self.quality = quality
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.totalExchanges = totalExchanges
        self.durationMinutes = durationMinutes
        self.flow = flow
    }
}

/// The SQLite work journal `docs/.ai/sessions.db` (gitignored): WAL, a busy timeout, one transaction per save and a
/// `schema_version` table for migrations.
public final class Journal {
    public static let file = "docs/.ai/sessions.db"
    public static let gitignoreLine = "docs/.ai/sessions.db*"

    /// Migration n (1-based) brings the schema from version n-1 to n. Append only; never edit a shipped one.
    public static let migrations: [String] = [
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY CHECK (id GLOB 'session_[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
            agent_session_id TEXT,
            agent TEXT NOT NULL,
            job_id TEXT,
            title TEXT,
            accomplishments TEXT NOT NULL DEFAULT '[]',
            decisions TEXT NOT NULL DEFAULT '[]',
            pending TEXT NOT NULL DEFAULT '[]',
            bugs_fixed TEXT NOT NULL DEFAULT '[]',
            errors_encountered TEXT NOT NULL DEFAULT '[]',
            breakthrough TEXT,
            next_priority TEXT,
            quality_score INTEGER CHECK (quality_score IS NULL OR quality_score BETWEEN 1 AND 10),
            created_at TEXT NOT NULL,
            ended_at TEXT
        );
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            conversation_flow TEXT,
            total_exchanges INTEGER,
            duration_minutes INTEGER,
            created_at TEXT NOT NULL
        );
        CREATE INDEX sessions_job ON sessions(job_id, created_at);
        CREATE INDEX sessions_agent_session ON sessions(agent, agent_session_id);
        CREATE INDEX messages_session ON messages(session_id);
        """
    ]

    public var schemaVersion: Int { Journal.migrations.count }

    public let path: String
    let db: SQLiteDatabase

    /// Busy timeout in milliseconds from `AGENT_SESSIONS_LOCK_TIMEOUT` (seconds), default 10 s.
    public static func busyTimeout(environment: [String: String]) -> Int32 {
        Int32(min(3_600_000, max(0, FileLock.timeout(environment: environment) * 1000)))
    }

    /// Opens (creating when missing) and migrates. Locked past the busy timeout → 75; not a journal → 65.
    public init(path: String, busyTimeout: Int32) throws(SessionError) {
        self.path = path
        if FileInfo.kind(path) == .symlink {
            throw SessionError(
                .cannotCreate,
                "is a symbolic link to \(Containment.readLink(path) ?? "?"); refusing to open it as the journal",
                hint: "replace the link with the journal file, or remove it", file: path)
        }
        try FileInfo.makeDirectory(Paths.dirname(path))
        db = try SQLiteDatabase(path: path, readOnly: false, busyTimeout: busyTimeout)
        try db.execute("PRAGMA foreign_keys = ON")
        // WAL: readers never block the writer. Switching needs a moment alone with the file (busy timeout applies);
        // once the file is in WAL mode the setting is permanent and this is a no-op.
        try db.execute("PRAGMA journal_mode = WAL")
        try migrate()
    }

    /// Opens an existing journal read-only-ish (no creation); nil when there is none.
    public static func openExisting(projectRoot: String, environment: [String: String]) throws(SessionError) -> Journal?
    {
        let path = Paths.join(projectRoot, file)
        guard FileInfo.isFile(path) else { return nil }
        try Containment.check(path, inside: projectRoot)
        return try Journal(path: path, busyTimeout: busyTimeout(environment: environment))
    }

    func currentVersion() throws(SessionError) -> Int {
        guard try db.tableNames().contains("schema_version") else { return 0 }
        var version = 0
        try db.query("SELECT MAX(version) FROM schema_version") { row in version = Int(row.int(0) ?? 0) }
        return version
    }

    func migrate() throws(SessionError) {
        let version = try currentVersion()
        if version == Journal.migrations.count { return }
        if version > Journal.migrations.count {
            throw SessionError(
                .badData,
                "journal schema version \(version) is newer than this tool knows (\(Journal.migrations.count))",
                hint: "update agent-sessions", file: path)
        }
        try db.transaction { () throws(SessionError) in
            try db.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
            let now = try currentVersion()  // re-read inside the write lock: another process may have migrated
            guard now < Journal.migrations.count else { return }
            for n in now..<Journal.migrations.count {
                try db.execute(Journal.migrations[n])
                try db.query(
                    "INSERT INTO schema_version(version, applied_at) VALUES (?, datetime('now'))",
                    [.int(Int64(n + 1))])
            }
        }
    }

    public static func newID() -> String {
        var hex = String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 16)
        while hex.count < 12 { hex = "0" + hex }
        return "session_" + hex
    }

    static func encode(_ list: [String]) -> SQLiteValue { .text(JSONWriter.compactString(.strings(list))) }

    static func decode(_ text: String?) -> [String] {
        // ignored: a list column that is not JSON reads as empty (the journal's own writer never makes one)
        guard let text, let value = try? JSONParser.parse(text) else { return [] }
        return (value.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// `save-session start`: the open session of this agent session, else a new one (ended_at NULL).
    @discardableResult
    public func start(agent: AgentKind, agentSessionID: String?, jobID: String?, title: String?, now: String)
        throws(SessionError)
        -> (id: String, created: Bool)
    {
        try db.transaction { () throws(SessionError) in
            if let open = try openSession(agent: agent, agentSessionID: agentSessionID) {
                if jobID != nil || title != nil {
                    try db.query(
                        "UPDATE sessions SET job_id = COALESCE(?, job_id), title = COALESCE(?, title) WHERE id = ?",
                        [jobID.map { .text($0) } ?? .null, title.map { .text($0) } ?? .null, .text(open)])
                }
                return (open, false)
            }
            let id = Journal.newID()
            try db.query(
                "INSERT INTO sessions(id, agent_session_id, agent, job_id, title, created_at) VALUES (?,?,?,?,?,?)",
                [
                    .text(id), agentSessionID.map { .text($0) } ?? .null, .text(agent.rawValue),
                    jobID.map { .text($0) } ?? .null, title.map { .text($0) } ?? .null, .text(now),
                ])
            return (id, true)
        }
    }

    func openSession(agent: AgentKind, agentSessionID: String?) throws(SessionError) -> String? {
        var found: String?
        if let agentSessionID {
            try db.query(
                """
                SELECT id FROM sessions WHERE agent = ? AND agent_session_id = ? AND ended_at IS NULL
                ORDER BY created_at DESC, rowid DESC LIMIT 1
                """, [.text(agent.rawValue), .text(agentSessionID)]
            ) { found = $0.string(0) }
        }
        return found
    }

    /// A plain save: closes the open session of this agent session with the fields (lists appended), or creates
    /// and closes one; adds a `messages` row with the flow and the transcript metrics. One transaction.
    public func save(
        agent: AgentKind, agentSessionID: String?, fields: JournalFields, metrics: TranscriptMetrics,
        now: String
    ) throws(SessionError) -> JournalEntry {
        try db.transaction { () throws(SessionError) in
            var id = try openSession(agent: agent, agentSessionID: agentSessionID)
            if id == nil {
                let newID = Journal.newID()
                try db.query(
                    "INSERT INTO sessions(id, agent_session_id, agent, created_at) VALUES (?,?,?,?)",
                    [.text(newID), agentSessionID.map { .text($0) } ?? .null, .text(agent.rawValue), .text(now)])
                id = newID
            }
            let sid = id!
            guard var entry = try entry(id: sid) else {
                throw SessionError(.refused, "journal session \(sid) vanished during the save", file: path)
            }
            func add(_ list: inout [String], _ items: [String]) {
                for i in items where !list.contains(i) { list.append(i) }
            }
            if let job = fields.jobID { entry.jobID = job }
            if let title = fields.title { entry.title = title }
            add(&entry.accomplishments, fields.accomplishments)
            add(&entry.decisions, fields.decisions)
            add(&entry.pending, fields.pending)
            add(&entry.bugsFixed, fields.bugsFixed)
            add(&entry.errors, fields.errors)
            if let b = fields.breakthrough { entry.breakthrough = b }
            if let n = fields.nextPriority { entry.nextPriority = n }
            entry.quality =
                fields.quality
                ?? QualityScore.compute(
                    accomplishments: entry.accomplishments.count, bugsFixed: entry.bugsFixed.count,
                    errors: entry.errors.count, breakthrough: entry.breakthrough != nil)
            entry.endedAt = now
            func opt(_ s: String?) -> SQLiteValue { s.map { .text($0) } ?? .null }
            try db.query(
                """
                UPDATE sessions SET job_id = ?, title = ?, accomplishments = ?, decisions = ?, pending = ?,
                bugs_fixed = ?, errors_encountered = ?, breakthrough = ?, next_priority = ?, quality_score = ?,
                ended_at = ? WHERE id = ?
                """,
                [
                    opt(entry.jobID), opt(entry.title), Journal.encode(entry.accomplishments),
                    Journal.encode(entry.decisions), Journal.encode(entry.pending), Journal.encode(entry.bugsFixed),
                    Journal.encode(entry.errors), opt(entry.breakthrough), opt(entry.nextPriority),
                    .int(Int64(entry.quality!)), .text(now), .text(sid),
                ])
            try db.query(
                """
                INSERT INTO messages(session_id, conversation_flow, total_exchanges, duration_minutes, created_at)
                VALUES (?,?,?,?,?)
                """,
                [
                    .text(sid), opt(fields.flow), metrics.totalExchanges.map { .int(Int64($0)) } ?? .null,
                    metrics.durationMinutes.map { .int(Int64($0)) } ?? .null, .text(now),
                ])
            entry.totalExchanges = metrics.totalExchanges
            entry.durationMinutes = metrics.durationMinutes
            entry.flow = fields.flow ?? entry.flow
            return entry
        }
    }

    static let selectColumns = """
        s.id, s.agent_session_id, s.agent, s.job_id, s.title, s.accomplishments, s.decisions, s.pending, s.bugs_fixed,
        s.errors_encountered, s.breakthrough, s.next_priority, s.quality_score, s.created_at, s.ended_at,
        (SELECT total_exchanges FROM messages m WHERE m.session_id = s.id ORDER BY m.id DESC LIMIT 1),
        (SELECT duration_minutes FROM messages m WHERE m.session_id = s.id ORDER BY m.id DESC LIMIT 1),
        (SELECT conversation_flow FROM messages m WHERE m.session_id = s.id AND m.conversation_flow IS NOT NULL
         ORDER BY m.id DESC LIMIT 1)
        """

    static func entry(_ row: SQLiteRow) -> JournalEntry {
        JournalEntry(
            id: row.string(0) ?? "", agentSessionID: row.string(1), agent: row.string(2) ?? "", jobID: row.string(3),
            title: row.string(4), accomplishments: decode(row.string(5)), decisions: decode(row.string(6)),
            pending: decode(row.string(7)), bugsFixed: decode(row.string(8)), errors: decode(row.string(9)),
            breakthrough: row.string(10), nextPriority: row.string(11), quality: row.int(12).map { Int($0) },
            createdAt: row.string(13) ?? "", endedAt: row.string(14), totalExchanges: row.int(15).map { Int($0) },
            durationMinutes: row.int(16).map { Int($0) }, flow: row.string(17))
    }

    public func entry(id: String) throws(SessionError) -> JournalEntry? {
        var result: JournalEntry?
        try db.query("SELECT \(Journal.selectColumns) FROM sessions s WHERE s.id = ?", [.text(id)]) {
            result = Journal.entry($0)
        }
        return result
    }

    /// The sessions of a job, oldest first.
    public func entries(job: String) throws(SessionError) -> [JournalEntry] {
        var result: [JournalEntry] = []
        try db.query(
            "SELECT \(Journal.selectColumns) FROM sessions s WHERE s.job_id = ? ORDER BY s.created_at, s.rowid",
            [.text(job)]
        ) { result.append(Journal.entry($0)) }
        return result
    }

    /// The journal sessions of one agent session, oldest first.
    public func entries(agentSessionID: String) throws(SessionError) -> [JournalEntry] {
        var result: [JournalEntry] = []
        try db.query(
            """
            SELECT \(Journal.selectColumns) FROM sessions s WHERE s.agent_session_id = ? ORDER BY s.created_at, s.rowid
            """, [.text(agentSessionID)]
        ) { result.append(Journal.entry($0)) }
        return result
    }

    public func count() throws(SessionError) -> Int {
        var n = 0
        try db.query("SELECT COUNT(*) FROM sessions") { n = Int($0.int(0) ?? 0) }
        return n
    }
}
