/// OpenCode's session store.
///
/// 2026 (≥ 1.2): the SQLite database `$OPENCODE_DB`, else `$XDG_DATA_HOME/opencode/opencode.db` (default
/// `~/.local/share/opencode/opencode.db`), always opened read-only; tables `session`, `message`, `part`, `todo`
/// (`data` columns hold the JSON of a message or part minus its ids). 2025 (< 1.2): the JSON tree
/// `<data>/opencode/storage/{session/<projectID>/<ses>.json, message/<ses>/<msg>.json, part/<msg>/<prt>.json,
/// todo/<ses>.json}`. Both are read; a session present in both is taken from the database.
/// Sessions belong to a project by their `directory`; child sessions (subagents, `parent_id`) are not listed.
public struct OpenCodeStore: SessionStore {
    public let environment: AgentEnvironment
    public init(environment: AgentEnvironment) { self.environment = environment }
    public var agent: AgentKind { .opencode }

    /// `<XDG_DATA_HOME or ~/.local/share>/opencode`.
    var dataDir: String {
        Paths.join(
            environment.variable("XDG_DATA_HOME").map(environment.absolute)
                ?? Paths.join(environment.home, ".local/share"),
            "opencode")
    }

    /// The database path; nil when `OPENCODE_DB=:memory:` (nothing on disk).
    public var databasePath: String? {
        if let db = environment.variable("OPENCODE_DB") {
            if db == ":memory:" { return nil }
            return environment.absolute(db)
        }
        return Paths.join(dataDir, "opencode.db")
    }

    /// The 2025 JSON tree.
    public var legacyRoot: String { Paths.join(dataDir, "storage") }

    public var location: String {
        if let db = databasePath, FileInfo.isFile(db) { return db }
        return FileInfo.isDirectory(legacyRoot) ? legacyRoot : (databasePath ?? legacyRoot)
    }

    func openDatabase() throws(SessionError) -> SQLiteDatabase? {
        guard let path = databasePath, FileInfo.isFile(path) else { return nil }
        return try SQLiteDatabase(path: path, readOnly: true)
    }

    static func columns(_ db: SQLiteDatabase, _ table: String) throws(SessionError) -> Set<String> {
        var names: Set<String> = []
        try db.query("PRAGMA table_info(\(table))") { row in if let n = row.string(1) { names.insert(n) } }
        return names
    }

    // MARK: listing

    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        let wanted = StoreSupport.canonical(projectPath)
        func matches(_ directory: String) -> Bool {
            if directory == wanted || directory == projectPath { return true }
            return Paths.basename(directory) == Paths.basename(wanted) && StoreSupport.samePath(directory, wanted)
        }
        var result: [SessionSummary] = []
        var seen: Set<String> = []
        for s in try databaseSessions(where: nil) where s.parent == nil && matches(s.summary.projectPath ?? "") {
            seen.insert(s.summary.id)
            result.append(s.summary)
        }
        for s in legacySessions() where !seen.contains(s.summary.id) && s.parent == nil {
            if matches(s.summary.projectPath ?? "") {
                seen.insert(s.summary.id)
                result.append(s.summary)
            }
        }
        return StoreSupport.newestFirst(result)
    }

    public func session(id: String) throws(SessionError) -> SessionSummary? {
        guard isValidID(id) else { return nil }
        if let s = try databaseSessions(where: id).first { return s.summary }
        return legacySessions(only: id).first?.summary
    }

    typealias Listed = (summary: SessionSummary, parent: String?)

    func databaseSessions(where id: String?) throws(SessionError) -> [Listed] {
        guard let db = try openDatabase() else { return [] }
        let tables = try db.tableNames()
        guard tables.contains("session") else { return [] }
        let cols = try Self.columns(db, "session")
        let parent = cols.contains("parent_id") ? "parent_id" : "NULL"
        var counts: [String] = []
        if tables.contains("message") { counts.append("(SELECT count(*) FROM message m WHERE m.session_id = s.id)") }
        if tables.contains("session_message") {
            counts.append(
                "(SELECT count(*) FROM session_message v WHERE v.session_id = s.id AND v.type IN ('user','assistant'))")
        }
        let count = counts.isEmpty ? "NULL" : counts.count == 1 ? counts[0] : "max(\(counts.joined(separator: ", ")))"
        var sql = "SELECT id, directory, title, time_created, time_updated, \(parent), \(count) FROM session s"
        var parameters: [SQLiteValue] = []
        if let id {
            sql += " WHERE id = ?"
            parameters.append(.text(id))
        }
        var result: [Listed] = []
        let path = db.path
        try db.query(sql, parameters) { row in
            guard let id = row.string(0) else { return }
            let summary = SessionSummary(
                agent: .opencode, id: id, path: path, projectPath: row.string(1),
                startedAt: row.double(3).map { StoreSupport.iso(epoch: $0) },
                updatedAt: row.double(4).map { StoreSupport.iso(epoch: $0) },
                title: StoreSupport.title(row.string(2)), messageCount: row.int(6).map { Int($0) })
            result.append((summary, row.string(5)))
        }
        return result
    }

    /// Sessions of the 2025 tree (`storage/session/<projectID>/<ses>.json`).
    func legacySessions(only id: String? = nil) -> [Listed] {
        let sessionRoot = Paths.join(legacyRoot, "session")
        var result: [Listed] = []
        for project in FileInfo.list(sessionRoot).sorted() {
            let folder = Paths.join(sessionRoot, project)
            let names = id.map { [$0 + ".json"] } ?? FileInfo.list(folder).filter { $0.hasSuffix(".json") }.sorted()
            for name in names {
                let file = Paths.join(folder, name)
                guard FileInfo.isFile(file), let doc = StoreSupport.tryJSONFile(file),
                    let sid = doc["id"]?.stringValue
                else { continue }
                let messages = FileInfo.list(Paths.join(legacyRoot, "message", sid)).filter { $0.hasSuffix(".json") }
                let summary = SessionSummary(
                    agent: .opencode, id: sid, path: file, projectPath: doc["directory"]?.stringValue,
                    startedAt: StoreSupport.timestamp(doc["time"]?["created"]),
                    updatedAt: StoreSupport.timestamp(doc["time"]?["updated"]),
                    title: StoreSupport.title(doc["title"]?.stringValue), messageCount: messages.count)
                result.append((summary, doc["parentID"]?.stringValue))
            }
        }
        return result
    }

    func isDatabase(_ session: SessionSummary) -> Bool { !session.path.hasSuffix(".json") }

    // MARK: reading

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError) -> ReadStats
    {
        var stats = ReadStats()
        if let title = session.title { try visit(.title(title)) }
        if isDatabase(session) {
            try readDatabase(session, &stats, visit)
        } else {
            try readLegacy(session, &stats, visit)
        }
        return stats
    }

    func readDatabase(
        _ session: SessionSummary, _ stats: inout ReadStats, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    )
        throws(SessionError)
    {
        let db = try SQLiteDatabase(path: session.path, readOnly: true)
        let tables = try db.tableNames()
        if tables.contains("session_message") {
            var n: Int64 = 0
            if tables.contains("message") {
                try db.query("SELECT count(*) FROM message WHERE session_id = ?", [.text(session.id)]) {
                    n = $0.int(0) ?? 0
                }
            }
            if n == 0 { return try readSessionMessages(db, session, &stats, visit) }
        }
        guard tables.contains("message") else { return }
        let hasParts = tables.contains("part")
        let sql =
            hasParts
            ? """
            SELECT m.id, m.data, p.id, p.data FROM message m LEFT JOIN part p ON p.message_id = m.id
            WHERE m.session_id = ? ORDER BY m.time_created, m.id, p.id
            """
            : "SELECT m.id, m.data, NULL, NULL FROM message m WHERE m.session_id = ? ORDER BY m.time_created, m.id"
        var current: (id: String, data: JSONValue?)?
        var parts: [JSONValue] = []
        var local = stats
        defer { stats = local }
        func flush() throws(SessionError) {
            guard let c = current else { return }
            local.lines += 1
            if let data = c.data { try Self.emit(id: c.id, data: data, parts: parts, stats: &local, visit) }
            current = nil
            parts = []
        }
        let where_ = session.path
        try db.query(sql, [.text(session.id)]) { row throws(SessionError) in
            let messageID = row.string(0) ?? ""
            if current?.id != messageID {
                try flush()
                var data: JSONValue?
                let parsed = StoreSupport.parseText(row.string(1) ?? "")
                data = parsed.value
                if let reason = parsed.reason { local.malformed.append("\(where_):message \(messageID): \(reason)") }
                current = (messageID, data)
            }
            if let partID = row.string(2) {
                let parsed = StoreSupport.parseText(row.string(3) ?? "")
                if let value = parsed.value { parts.append(value) }
                if let reason = parsed.reason { local.malformed.append("\(where_):part \(partID): \(reason)") }
            }
        }
        try flush()
    }

    /// The newer `session_message` table (`type` + `data`: user, assistant with `content[]` of text / reasoning /
    /// tool, compaction, shell, synthetic, agent-switched, model-switched), read when the session has no `message`
    /// rows.
    func readSessionMessages(
        _ db: SQLiteDatabase, _ session: SessionSummary, _ stats: inout ReadStats,
        _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) {
        var local = stats
        defer { stats = local }
        let where_ = session.path
        try db.query(
            "SELECT id, type, data FROM session_message WHERE session_id = ? ORDER BY time_created, id",
            [.text(session.id)]
        ) { row throws(SessionError) in
            local.lines += 1
            let id = row.string(0) ?? ""
            let type = row.string(1) ?? ""
            let parsed = StoreSupport.parseText(row.string(2) ?? "")
            guard let data = parsed.value else {
                local.malformed.append("\(where_):session_message \(id): \(parsed.reason ?? "not JSON")")
                return
            }
            let created = StoreSupport.timestamp(data["time"]?["created"])
            var m = TranscriptMessage(role: .user, id: id, timestamp: created)
            switch type {
            case "user":
                m.text = data["text"]?.stringValue ?? ""
                for file in data["files"]?.arrayValue ?? [] {
                    m.attachments.append(
                        "file:"
                            + (file["name"]?.stringValue ?? file["filename"]?.stringValue
                                ?? file["mime"]?.stringValue ?? "?"))
                }
            case "assistant":
                m.role = .assistant
                m.model = data["model"]?["id"]?.stringValue ?? data["model"]?.stringValue
                var texts: [String] = []
                for item in data["content"]?.arrayValue ?? [] {
                    switch item["type"]?.stringValue {
                    case "text":
                        if item["synthetic"]?.boolValue == true || item["ignored"]?.boolValue == true { continue }
                        if let t = item["text"]?.stringValue, !t.isEmpty { texts.append(t) }
                    case "reasoning":
                        if let t = item["text"]?.stringValue, !t.isEmpty { m.thinking.append(t) }
                    case "tool":
                        let callID = item["id"]?.stringValue
                        let state = item["state"]
                        m.toolCalls.append(
                            ToolCall(
                                id: callID, name: item["name"]?.stringValue ?? "tool",
                                input: StoreSupport.toolInput(state?["input"])))
                        let status = state?["status"]?.stringValue
                        if status == "completed" || status == "error" {
                            var output = StoreSupport.text(state?["content"])
                            if status == "error", output.isEmpty {
                                output =
                                    state?["error"]?["message"]?.stringValue
                                    ?? StoreSupport.outputText(state?["error"])
                            }
                            m.toolResults.append(ToolResult(callId: callID, output: output, isError: status == "error"))
                        }
                    default:
                        local.skipped["content:\(item["type"]?.stringValue ?? "untyped")", default: 0] += 1
                    }
                }
                m.text = texts.joined(separator: "\n\n")
            case "compaction":
                try visit(.compaction(timestamp: created, trigger: data["reason"]?.stringValue))
                m.text = data["summary"]?.stringValue ?? ""
                m.isCompactSummary = true
            case "shell":
                let callID = data["callID"]?.stringValue
                m.toolCalls = [ToolCall(id: callID, name: "shell", input: ["command": data["command"] ?? .null])]
                m.toolResults = [ToolResult(callId: callID, output: data["output"]?.stringValue ?? "")]
            case "agent-switched", "model-switched":
                return
            default:
                local.skipped["session_message:\(type.isEmpty ? "untyped" : type)", default: 0] += 1
                return
            }
            local.messages += 1
            try visit(.message(m))
        }
    }

    func readLegacy(
        _ session: SessionSummary, _ stats: inout ReadStats, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    )
        throws(SessionError)
    {
        // Message ids are created ascending (`msg_` + time-ordered suffix), so file-name order is conversation
        // order; each message and its parts are read and handed out one at a time.
        let messageDir = Paths.join(legacyRoot, "message", session.id)
        for name in FileInfo.list(messageDir).filter({ $0.hasSuffix(".json") }).sorted() {
            let file = Paths.join(messageDir, name)
            stats.lines += 1
            let data: JSONValue
            do throws(SessionError) {
                guard let d = try StoreSupport.readJSONFile(file) else { continue }
                data = d
            } catch {
                stats.malformed.append("\(file):\(error.line ?? 1): \(error.message)")
                continue
            }
            let id = data["id"]?.stringValue ?? String(name.dropLast(5))
            let partDir = Paths.join(legacyRoot, "part", id)
            var parts: [JSONValue] = []
            for partName in FileInfo.list(partDir).filter({ $0.hasSuffix(".json") }).sorted() {
                let partFile = Paths.join(partDir, partName)
                do throws(SessionError) {
                    if let p = try StoreSupport.readJSONFile(partFile) { parts.append(p) }
                } catch {
                    stats.malformed.append("\(partFile):\(error.line ?? 1): \(error.message)")
                }
            }
            try Self.emit(id: id, data: data, parts: parts, stats: &stats, visit)
        }
    }

    /// One OpenCode message (its `data` and its parts in order) into the common model.
    static func emit(
        id: String, data: JSONValue, parts: [JSONValue], stats: inout ReadStats,
        _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) {
        let roleName = data["role"]?.stringValue ?? ""
        guard let role = MessageRole(rawValue: roleName), role != .system else {
            stats.skipped["message:\(roleName.isEmpty ? "untyped" : roleName)", default: 0] += 1
            return
        }
        let created = StoreSupport.timestamp(data["time"]?["created"])
        var m = TranscriptMessage(
            role: role, id: id, parentId: data["parentID"]?.stringValue, timestamp: created,
            model: data["modelID"]?.stringValue ?? data["model"]?["modelID"]?.stringValue)
        m.isCompactSummary = data["summary"]?.boolValue == true
        var texts: [String] = []
        for part in parts {
            let type = part["type"]?.stringValue ?? ""
            switch type {
            case "text":
                if part["synthetic"]?.boolValue == true || part["ignored"]?.boolValue == true { continue }
                if let t = part["text"]?.stringValue, !t.isEmpty { texts.append(t) }
            case "reasoning":
                if let t = part["text"]?.stringValue, !t.isEmpty { m.thinking.append(t) }
            case "tool":
                let callID = part["callID"]?.stringValue
                let name = part["tool"]?.stringValue ?? "tool"
                let state = part["state"]
                m.toolCalls.append(ToolCall(id: callID, name: name, input: state?["input"] ?? .object([:])))
                switch state?["status"]?.stringValue {
                case "completed":
                    m.toolResults.append(ToolResult(callId: callID, output: StoreSupport.outputText(state?["output"])))
                case "error":
                    m.toolResults.append(
                        ToolResult(
                            callId: callID, output: StoreSupport.outputText(state?["error"]),
                            isError: true))
                default: break
                }
            case "file":
                m.attachments.append("file:" + (part["filename"]?.stringValue ?? part["mime"]?.stringValue ?? "?"))
            case "compaction":
                try visit(.compaction(timestamp: created, trigger: part["auto"]?.boolValue == true ? "auto" : "manual"))
            case "step-start", "step-finish", "snapshot", "patch", "agent", "subtask", "retry":
                break
            default:
                stats.skipped["part:\(type.isEmpty ? "untyped" : type)", default: 0] += 1
            }
        }
        m.text = texts.joined(separator: "\n\n")
        stats.messages += 1
        try visit(.message(m))
    }

    // MARK: tasks

    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? {
        if isDatabase(session) {
            let db = try SQLiteDatabase(path: session.path, readOnly: true)
            if try db.tableNames().contains("todo") {
                let cols = try Self.columns(db, "todo")
                let order = cols.contains("position") ? "position" : "rowid"
                var items: [TaskItem] = []
                try db.query(
                    "SELECT content, status FROM todo WHERE session_id = ? ORDER BY \(order)",
                    [.text(session.id)]
                ) { row in
                    guard let content = row.string(0), !content.isEmpty else { return }
                    items.append(TaskItem(title: content, status: TaskItem.Status(row.string(1) ?? "pending")))
                }
                if !items.isEmpty { return items }
            }
        }
        let file = Paths.join(legacyRoot, "todo", session.id + ".json")
        guard let json = try StoreSupport.readJSONFile(file) else { return nil }
        return try TaskListParser.parse(json, source: file)
    }

    public func resumeCommand(id: String) -> String { "opencode --session \(StoreSupport.shellQuote(id))" }
    public func isValidID(_ id: String) -> Bool { StoreSupport.isToken(id, prefix: "ses_") }
}
