/// GitHub Copilot CLI's session store: `<COPILOT_HOME or ~/.copilot>/session-state/`.
///
/// Current layout: `session-state/<id>/events.jsonl` with `workspace.yaml` (cwd, summary, times) beside it; older
/// layout: flat `session-state/<id>.jsonl`. Each line is an event envelope `{type, data, id, timestamp, parentId,
/// agentId?}`; line 1 is `session.start` with `data.context.cwd`. The pre-0.0.342 `history-session-state/` files are
/// not read. Copilot versions before mid-2026 kept state in `$XDG_STATE_HOME/.copilot` (current ones migrate it to
/// `~/.copilot` at start, github/copilot-cli#1750, microsoft/vscode#314917): without `COPILOT_HOME`, that folder is
/// read too when it exists.
public struct CopilotStore: SessionStore {
    public let environment: AgentEnvironment
    public init(environment: AgentEnvironment) { self.environment = environment }
    public var agent: AgentKind { .copilot }

    public var root: String {
        environment.variable("COPILOT_HOME").map(environment.absolute) ?? Paths.join(environment.home, ".copilot")
    }
    public var location: String { Paths.join(root, "session-state") }

    /// `location`, then the pre-migration `$XDG_STATE_HOME/.copilot/session-state` (only without `COPILOT_HOME`).
    var stateFolders: [String] {
        var folders = [location]
        if environment.variable("COPILOT_HOME") == nil, let xdg = environment.variable("XDG_STATE_HOME") {
            let old = Paths.join(xdg, ".copilot/session-state")
            if old != location, FileInfo.isDirectory(old) { folders.append(old) }
        }
        return folders
    }

    /// Every session's events file: folder layout first, then flat files not shadowed by a folder; a session in
    /// the current folder hides its copy in the old one.
    func eventFiles() -> [(id: String, file: String)] {
        var result: [(String, String)] = []
        var ids: Set<String> = []
        for folder in stateFolders {
            let names = FileInfo.list(folder).sorted()
            for name in names where !ids.contains(name) {
                let file = Paths.join(folder, name, "events.jsonl")
                if FileInfo.isFile(file) {
                    result.append((name, file))
                    ids.insert(name)
                }
            }
            for name in names where name.hasSuffix(".jsonl") {
                let id = String(name.dropLast(6))
                let file = Paths.join(folder, name)
                if !ids.contains(id), FileInfo.isFile(file) {
                    result.append((id, file))
                    ids.insert(id)
                }
            }
        }
        return result
    }

    /// Top-level `key: value` pairs of `workspace.yaml` (quotes removed); enough for cwd, summary and times.
    static func workspace(_ folder: String) -> [String: String] {
        // ignored: no readable workspace.yaml means no workspace facts
        guard let bytes = try? AtomicFile.read(Paths.join(folder, "workspace.yaml"), limit: 1 << 20) else { return [:] }
        var result: [String: String] = [:]
        for raw in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let first = raw.first, first != " ", first != "#", first != "-", let colon = raw.firstIndex(of: ":")
            else { continue }
            let key = raw[..<colon].trimmed(.whitespaces)
            var value = raw[raw.index(after: colon)...].trimmed(.whitespaces)
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
                if q == "\"" { value = value.replacingText("\\\"", with: "\"") }
            }
            if !key.isEmpty, !value.isEmpty, value != "null", value != "~" { result[key] = value }
        }
        return result
    }

    /// The listing facts of one events file: reads the workspace file and the log only up to the first prompt.
    func summary(id: String, file: String) -> SessionSummary {
        let folderLayout = Paths.basename(file) == "events.jsonl"
        let ws = folderLayout ? Self.workspace(Paths.dirname(file)) : [:]
        var s = SessionSummary(
            agent: .copilot, id: id, path: file, projectPath: ws["cwd"],
            startedAt: ws["created_at"], updatedAt: ws["updated_at"],
            title: StoreSupport.title(ws["name"]) ?? StoreSupport.title(ws["summary"]))
        var ignored = ReadStats()
        // ignored: a listing reads what it can; an unreadable file gives fewer facts, never an error
        try? LineReader.forEachLine(path: file) { line, number in
            guard let event = StoreSupport.parseLine(line, path: file, number: number, stats: &ignored) else {
                return number < 50
            }
            switch event["type"]?.stringValue {
            case "session.start":
                let data = event["data"]
                if s.projectPath == nil { s.projectPath = data?["context"]?["cwd"]?.stringValue }
                if s.startedAt == nil {
                    s.startedAt = StoreSupport.timestamp(data?["startTime"]) ?? event["timestamp"]?.stringValue
                }
                if let sid = data?["sessionId"]?.stringValue, !folderLayout { s.id = sid }
            case "session.title_changed":
                if s.title == nil { s.title = StoreSupport.title(event["data"]?["title"]?.stringValue) }
            case "user.message":
                if s.title == nil { s.title = StoreSupport.title(event["data"]?["content"]?.stringValue) }
                return false
            default: break
            }
            return true
        }
        if s.updatedAt == nil, let last = StoreSupport.lastLine(path: file),
            // ignored: a last line that is not JSON gives no update time
            let event = try? JSONParser.parse(last)
        {
            s.updatedAt = event["timestamp"]?.stringValue
        }
        if s.updatedAt == nil { s.updatedAt = StoreSupport.modificationStamp(file) }
        return s
    }

    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        let wanted = StoreSupport.canonical(projectPath)
        var result: [SessionSummary] = []
        for (id, file) in eventFiles() {
            let s = summary(id: id, file: file)
            guard let cwd = s.projectPath, cwd == wanted || StoreSupport.samePath(cwd, wanted) else { continue }
            result.append(s)
        }
        return StoreSupport.newestFirst(result)
    }

    public func session(id: String) throws(SessionError) -> SessionSummary? {
        guard isValidID(id) else { return nil }
        for folder in stateFolders {
            for file in [Paths.join(folder, id, "events.jsonl"), Paths.join(folder, id + ".jsonl")]
            where FileInfo.isFile(file) {
                return summary(id: id, file: file)
            }
        }
        return nil
    }

    /// Event types that carry nothing for the transcript (not counted as skipped).
    static let quiet: Set<String> = [
        "session.start", "session.resume", "session.shutdown", "session.idle", "session.info", "session.model_change",
        "session.todos_changed", "session.plan_changed", "session.usage_info", "session.compaction_start",
        "session.workspace_file_changed", "assistant.turn_start", "assistant.turn_end", "assistant.usage",
        "assistant.intent", "assistant.message_delta", "assistant.reasoning_delta", "tool.execution_progress",
        "tool.execution_partial_result", "pending_messages.modified",
    ]

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError) -> ReadStats
    {
        var stats = ReadStats()
        var seenCalls: Set<String> = []
        var thinking: [String] = []
        let path = session.path
        try LineReader.forEachLine(path: path) { line, number throws(SessionError) in
            stats.lines += 1
            guard let event = StoreSupport.parseLine(line, path: path, number: number, stats: &stats) else {
                return true
            }
            let type = event["type"]?.stringValue ?? ""
            let data = event["data"] ?? .object([:])
            var m = TranscriptMessage(
                role: .user, id: event["id"]?.stringValue,
                parentId: event["parentId"]?.stringValue,
                timestamp: event["timestamp"]?.stringValue, line: number)
            m.isSidechain = event["agentId"]?.stringValue != nil
            switch type {
            case "user.message":
                m.text = StoreSupport.text(data["content"])
                for attachment in data["attachments"]?.arrayValue ?? [] {
                    m.attachments.append(attachment["type"]?.stringValue ?? "attachment")
                }
            case "assistant.message":
                m.role = .assistant
                m.text = StoreSupport.text(data["content"])
                if let r = data["reasoningText"]?.stringValue, !r.isEmpty { thinking.append(r) }
                m.thinking = thinking
                thinking = []
                for request in data["toolRequests"]?.arrayValue ?? [] {
                    let callID = request["toolCallId"]?.stringValue
                    if let callID { seenCalls.insert(callID) }
                    m.toolCalls.append(
                        ToolCall(
                            id: callID, name: request["name"]?.stringValue ?? "tool",
                            input: StoreSupport.toolInput(request["arguments"])))
                }
            case "assistant.reasoning":
                if let r = data["content"]?.stringValue, !r.isEmpty { thinking.append(r) }
                return true
            case "tool.execution_start":
                let callID = data["toolCallId"]?.stringValue
                if let callID, seenCalls.contains(callID) { return true }
                if let callID { seenCalls.insert(callID) }
                m.role = .assistant
                m.toolCalls = [
                    ToolCall(
                        id: callID, name: data["toolName"]?.stringValue ?? "tool",
                        input: StoreSupport.toolInput(data["arguments"]))
                ]
            case "tool.execution_complete":
                let result = data["result"]
                let output =
                    result?["content"].map { StoreSupport.outputText($0) }
                    ?? data["error"]?["message"]?.stringValue ?? StoreSupport.outputText(result)
                m.toolResults = [
                    ToolResult(
                        callId: data["toolCallId"]?.stringValue, output: output,
                        isError: data["success"]?.boolValue == false)
                ]
            case "session.compaction_complete":
                try visit(.compaction(timestamp: m.timestamp, trigger: data["trigger"]?.stringValue))
                guard let summary = data["summaryContent"]?.stringValue ?? data["summary"]?.stringValue,
                    !summary.isEmpty
                else { return true }
                m.text = summary
                m.isCompactSummary = true
            case "session.title_changed":
                if let title = data["title"]?.stringValue, !title.isEmpty { try visit(.title(title)) }
                return true
            default:
                if !Self.quiet.contains(type) { stats.skipped[type.isEmpty ? "untyped" : type, default: 0] += 1 }
                return true
            }
            stats.messages += 1
            try visit(.message(m))
            return true
        }
        return stats
    }

    /// The task list: the session's SQL todo table (`session.db`, read-only) when there is one, else the last
    /// `session.todos_changed` event that carries todos, else the last `update_todo` call's Markdown checklist.
    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? {
        if Paths.basename(session.path) == "events.jsonl" {
            let dbPath = Paths.join(Paths.dirname(session.path), "session.db")
            if FileInfo.isFile(dbPath) {
                let db = try SQLiteDatabase(path: dbPath, readOnly: true)
                if try db.tableNames().contains("todos") {
                    var items: [TaskItem] = []
                    try db.query("SELECT title, description, status FROM todos ORDER BY rowid") { row in
                        guard let title = row.string(0) ?? row.string(1), !title.isEmpty else { return }
                        let notes = row.string(1).flatMap { $0 == title || $0.isEmpty ? nil : $0 }
                        items.append(
                            TaskItem(
                                title: title, status: TaskItem.Status(row.string(2) ?? "pending"),
                                notes: notes))
                    }
                    if !items.isEmpty { return items }
                }
            }
        }
        var fromEvent: JSONValue?
        var fromTool: String?
        var ignored = ReadStats()
        try LineReader.forEachLine(path: session.path) { line, number in
            guard let event = StoreSupport.parseLine(line, path: session.path, number: number, stats: &ignored) else {
                return true
            }
            switch event["type"]?.stringValue {
            case "session.todos_changed":
                if let data = event["data"], data["todos"]?.arrayValue != nil { fromEvent = data }
            case "assistant.message":
                for request in event["data"]?["toolRequests"]?.arrayValue ?? []
                where request["name"]?.stringValue == "update_todo" {
                    let input = StoreSupport.toolInput(request["arguments"])
                    if let todos = input["todos"]?.stringValue { fromTool = todos }
                }
            case "tool.execution_start":
                if event["data"]?["toolName"]?.stringValue == "update_todo",
                    let todos = StoreSupport.toolInput(event["data"]?["arguments"])["todos"]?.stringValue
                {
                    fromTool = todos
                }
            default: break
            }
            return true
        }
        if let fromEvent { return try TaskListParser.parse(fromEvent, source: session.path) }
        if let fromTool { return StoreSupport.checklist(fromTool) }
        return nil
    }

    public func resumeCommand(id: String) -> String { "copilot --resume \(StoreSupport.shellQuote(id))" }
    public func isValidID(_ id: String) -> Bool { IDShapes.isUUID(id) }
}
