/// Antigravity CLI (`agy`) conversations: `~/.gemini/antigravity-cli/brain/<uuid>/.system_generated/logs/`
/// `transcript_full.jsonl`, else `transcript.jsonl`, else (both missing or empty) `conversations/<uuid>.db`
/// (`AgyConversationDB`), else the conversation's inbox `brain/<uuid>/.system_generated/messages/*.json` (`AgyInbox`:
/// notices, not turns).
///
/// Each line is a step `{step_index, source, type, status, created_at, content, thinking?, tool_calls?}`:
/// `USER_INPUT` (the prompt inside `<USER_REQUEST>…</USER_REQUEST>`, with `<ADDITIONAL_METADATA>` around it),
/// `PLANNER_RESPONSE` (text, `thinking`, `tool_calls[{name, args|arguments, id?}]`), tool executions as other
/// `source: MODEL` steps (`RUN_COMMAND`, `VIEW_FILE`, …: their `content` is the tool's output), and context steps.
///
/// The project rule (agy records no cwd field we know of): a conversation belongs to the folder listed in its
/// `<user_information>` workspace mapping (`<path or file URI> -> <CorpusName>`) when a step carries one; otherwise
/// to the folder holding a `Cwd` tool argument or an `Active Document:` path of its first steps. Only the head of
/// the transcript (up to `headLines` lines) is read for this. A transcript naming no workspace takes the one agy's
/// `history.jsonl` records for the conversation.
/// Tasks: the conversation's `task.md` artifact (`brain/<uuid>/task.md`, a Markdown checklist).
public struct AgyStore: SessionStore {
    public let environment: AgentEnvironment
    public init(environment: AgentEnvironment) { self.environment = environment }
    public var agent: AgentKind { .agy }

    public var root: String { Paths.join(environment.home, ".gemini/antigravity-cli") }
    public var location: String { Paths.join(root, "brain") }
    static let headLines = 200

    /// The conversation's transcript: `transcript_full.jsonl` (whole outputs) when it has content, else
    /// `transcript.jsonl` (which agy can leave empty) (agent-stores.md §10; third-party readers).
    func transcript(_ id: String) -> String {
        let logs = Paths.join(location, id, ".system_generated/logs")
        let compact = Paths.join(logs, "transcript.jsonl")
        for file in [Paths.join(logs, "transcript_full.jsonl"), compact] where (FileInfo.size(file) ?? 0) > 0 {
            if FileInfo.isFile(file) { return file }
        }
        return compact
    }

    /// Where a conversation is read from: its transcript when it has content, else agy's own
    /// `conversations/<id>.db` (`AgyConversationDB`, best effort), else its inbox
    /// `brain/<id>/.system_generated/messages` when it holds message files (`AgyInbox`: the notices delivered to the
    /// conversation, `{sender, recipient, content}` from background tasks and subagents, not its turns; the last
    /// resort, so that inspect and export never come out empty when that is all there is), else the (empty)
    /// transcript; nil when none exists.
    func source(_ id: String) -> String? {
        let file = transcript(id)
        if (FileInfo.size(file) ?? 0) > 0 { return file }
        let db = Paths.join(root, "conversations", id + ".db")
        if FileInfo.isFile(db) { return db }
        let inbox = Paths.join(location, id, AgyInbox.folder)
        if !AgyInbox.files(inbox).isEmpty { return inbox }
        return FileInfo.isFile(file) ? file : nil
    }

    /// Conversation ids: brain folders, and databases without one.
    func conversationIDs() -> [String] {
        var ids = Set(FileInfo.list(location).filter(IDShapes.isUUID))
        for name in FileInfo.list(Paths.join(root, "conversations")) where name.hasSuffix(".db") {
            let id = String(name.dropLast(3))
            if IDShapes.isUUID(id) { ids.insert(id) }
        }
        return ids.sorted()
    }

    /// Workspace of each conversation from agy's prompt history `history.jsonl` (`{display, timestamp, workspace,
    /// conversationId}` per prompt; the last entry wins): for transcripts that name no workspace.
    func historyWorkspaces() -> [String: String] {
        var result: [String: String] = [:]
        // ignored: the history only adds titles; without it sessions are listed untitled
        try? LineReader.forEachLine(path: Paths.join(root, "history.jsonl")) { line, _ in
            if let o = StoreSupport.object(line), let id = o["conversationId"]?.stringValue,
                let ws = o["workspace"]?.stringValue, ws.hasPrefix("/")
            {
                result[id] = ws
            }
            return true
        }
        return result
    }

    // MARK: listing

    struct Head {
        var startedAt: String?
        /// Known from the head alone (an inbox: its last notice's time).
        var updatedAt: String?
        var title: String?
        var workspaces: [String] = []
        var hints: [String] = []
    }

    /// Reads the first steps: start time, first prompt, workspace folders and path hints.
    func head(_ file: String) -> Head {
        var h = Head()
        if file.hasSuffix(".db") {
            h.title = AgyConversationDB.title(file)
            return h
        }
        if AgyInbox.isInbox(file) {  // notices only: no prompt for a title, no workspace (history.jsonl may have it)
            (h.startedAt, h.updatedAt) = AgyInbox.times(file)
            return h
        }
        var ignored = ReadStats()
        // ignored: a listing reads what it can; an unreadable file gives fewer facts, never an error
        try? LineReader.forEachLine(path: file) { line, number in
            guard let step = StoreSupport.parseLine(line, path: file, number: number, stats: &ignored) else {
                return number < Self.headLines
            }
            if h.startedAt == nil { h.startedAt = step["created_at"]?.stringValue }
            let content = StoreSupport.text(step["content"])
            if h.workspaces.isEmpty { h.workspaces = Self.workspaces(in: content) }
            if step["type"]?.stringValue == "USER_INPUT" {
                if h.title == nil { h.title = StoreSupport.title(Self.userRequest(content)) }
                if let doc = Self.activeDocument(in: content) { h.hints.append(doc) }
            }
            for call in step["tool_calls"]?.arrayValue ?? [] {
                let args = StoreSupport.toolInput(call["args"] ?? call["arguments"])
                for key in ["Cwd", "cwd"] {
                    if let cwd = args[key]?.stringValue { h.hints.append(cwd) }
                }
            }
            return number < Self.headLines
        }
        return h
    }

    /// Paths of a `<user_information>` workspace mapping: the lines `<path> -> <CorpusName>` after its header.
    static func workspaces(in text: String) -> [String] {
        guard let header = text.firstRange(ofText: "[URI] -> [CorpusName]:") else { return [] }
        var result: [String] = []
        for line in text[header.upperBound...].split(separator: "\n").dropFirst(0) {
            let trimmed = line.trimmed(.whitespaces)
            if trimmed.isEmpty { continue }
            guard let arrow = trimmed.firstRange(ofText: " -> ") else { break }
            let left = String(trimmed[..<arrow.lowerBound])
            if let path = StoreSupport.pathFromURI(left), path.hasPrefix("/") { result.append(path) }
        }
        return result
    }

    static func activeDocument(in text: String) -> String? {
        guard let r = text.firstRange(ofText: "Active Document: ") else { return nil }
        let rest = text[r.upperBound...]
        let line = rest.prefix { $0 != "\n" }.trimmed(.whitespaces)
        let path = line.split(separator: " ").first.map(String.init) ?? line
        return path.hasPrefix("/") ? path : nil
    }

    /// The text inside `<USER_REQUEST>…</USER_REQUEST>`, else the whole content.
    static func userRequest(_ content: String) -> String {
        guard let open = content.firstRange(ofText: "<USER_REQUEST>") else { return content }
        let rest = content[open.upperBound...]
        let inner = rest.firstRange(ofText: "</USER_REQUEST>").map { rest[..<$0.lowerBound] } ?? rest
        return inner.trimmed(.whitespacesAndNewlines)
    }

    func summary(id: String, file: String, head h: Head) -> SessionSummary {
        var updated: String?
        if AgyInbox.isInbox(file) {
            updated = h.updatedAt
        } else if !file.hasSuffix(".db"), let last = StoreSupport.lastLine(path: file),
            // ignored: a last line that is not JSON gives no end time
            let step = try? JSONParser.parse(last)
        {
            updated = step["created_at"]?.stringValue
        }
        return SessionSummary(
            agent: .agy, id: id, path: file, projectPath: h.workspaces.first, startedAt: h.startedAt,
            updatedAt: updated ?? StoreSupport.modificationStamp(file), title: h.title)
    }

    static func belongs(_ h: Head, to wanted: String) -> Bool {
        if !h.workspaces.isEmpty { return h.workspaces.contains { StoreSupport.samePath($0, wanted) } }
        return h.hints.contains { hint in
            let c = StoreSupport.canonical(hint)
            return c == wanted || c.hasPrefix(wanted.hasSuffix("/") ? wanted : wanted + "/")
        }
    }

    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        let wanted = StoreSupport.canonical(projectPath)
        var result: [SessionSummary] = []
        let history = historyWorkspaces()
        for id in conversationIDs() {
            guard let file = source(id) else { continue }
            var h = head(file)
            if h.workspaces.isEmpty, let ws = history[id] { h.workspaces = [ws] }
            guard Self.belongs(h, to: wanted) else { continue }
            var s = summary(id: id, file: file, head: h)
            s.projectPath = h.workspaces.first ?? wanted
            result.append(s)
        }
        return StoreSupport.newestFirst(result)
    }

    public func session(id: String) throws(SessionError) -> SessionSummary? {
        guard isValidID(id), let file = source(id) else { return nil }
        var h = head(file)
        if h.workspaces.isEmpty, let ws = historyWorkspaces()[id] { h.workspaces = [ws] }
        return summary(id: id, file: file, head: h)
    }

    // MARK: reading

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError) -> ReadStats
    {
        if session.path.hasSuffix(".db") { return try AgyConversationDB.read(session.path, visit) }
        if AgyInbox.isInbox(session.path) { return try AgyInbox.read(session.path, visit) }
        var stats = ReadStats()
        var pendingCalls: [String?] = []
        let path = session.path
        try LineReader.forEachLine(path: path) { line, number throws(SessionError) in
            stats.lines += 1
            guard let step = StoreSupport.parseLine(line, path: path, number: number, stats: &stats) else {
                return true
            }
            let type = step["type"]?.stringValue ?? ""
            let content = StoreSupport.text(step["content"])
            var m = TranscriptMessage(
                role: .user, id: step["step_index"].map { StoreSupport.outputText($0) },
                timestamp: step["created_at"]?.stringValue, line: number)
            switch type {
            case "USER_INPUT":
                m.text = Self.userRequest(content)
            case "PLANNER_RESPONSE":
                m.role = .assistant
                m.text = content
                if let t = step["thinking"]?.stringValue, !t.isEmpty { m.thinking = [t] }
                for (i, call) in (step["tool_calls"]?.arrayValue ?? []).enumerated() {
                    let id = call["id"]?.stringValue ?? "\(m.id ?? "step"):\(i)"
                    pendingCalls.append(id)
                    m.toolCalls.append(
                        ToolCall(
                            id: id, name: call["name"]?.stringValue ?? "tool",
                            input: StoreSupport.toolInput(call["args"] ?? call["arguments"])))
                }
            default:
                guard step["source"]?.stringValue == "MODEL", !type.isEmpty, !Self.contextSteps.contains(type) else {
                    stats.skipped[type.isEmpty ? "untyped" : type, default: 0] += 1
                    return true
                }
                // A tool execution step: the output of the oldest call still waiting.
                let callID = pendingCalls.isEmpty ? nil : pendingCalls.removeFirst()
                let failed = ["ERROR", "FAILED", "CANCELED", "CANCELLED"].contains(step["status"]?.stringValue ?? "")
                m.toolResults = [ToolResult(callId: callID, output: content, isError: failed)]
                m.attachments = [type]
            }
            stats.messages += 1
            try visit(.message(m))
            return true
        }
        return stats
    }

    /// Steps that are context for the model, not conversation or tool output: skipped (counted).
    static let contextSteps: Set<String> = [
        "EPHEMERAL_MESSAGE", "CONVERSATION_HISTORY", "SYSTEM_MESSAGE", "KNOWLEDGE_ARTIFACTS", "CHECKPOINT",
    ]

    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? {
        let file = Paths.join(location, session.id, "task.md")
        guard let bytes = try AtomicFile.read(file, limit: 8 << 20) else { return nil }
        let items = StoreSupport.checklist(String(decoding: bytes, as: UTF8.self))
        return items.isEmpty ? nil : items
    }

    public func resumeCommand(id: String) -> String { "agy --conversation \(StoreSupport.shellQuote(id))" }
    public func isValidID(_ id: String) -> Bool { IDShapes.isUUID(id) }
}
