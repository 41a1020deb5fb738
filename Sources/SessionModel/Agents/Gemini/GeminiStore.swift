/// Gemini CLI's session store: `<GEMINI_CLI_HOME or HOME>/.gemini/tmp/<project folder>/chats/`.
///
/// Project folders: 2026 slug folders named in `projects.json` (`{"projects":{"<abs path>":"<slug>"}}`) and marked
/// by `<slug>/.project_root`; 2025 folders named by the SHA-256 hex of the project root. Chats: 2026 JSONL
/// (`session-<YYYY-MM-DDTHH-MM>-<id8>.jsonl`: metadata line, message records, `$set` patches, `$rewindTo`) and
/// 2025 single-JSON `.json` files. Subagent chats (`chats/<parentId>/<id>.jsonl`) are not listed as sessions.
public struct GeminiStore: SessionStore {
    public let environment: AgentEnvironment
    public init(environment: AgentEnvironment) { self.environment = environment }
    public var agent: AgentKind { .gemini }

    /// `<GEMINI_CLI_HOME or HOME>/.gemini`; a relative `GEMINI_CLI_HOME` counts from the working directory.
    public var root: String {
        Paths.join(environment.variable("GEMINI_CLI_HOME").map(environment.absolute) ?? environment.home, ".gemini")
    }
    public var location: String { root }
    var tmp: String { Paths.join(root, "tmp") }

    // MARK: projects

    /// The project folders under `tmp/` holding `projectPath`'s chats (slug and legacy hash), existing ones only.
    func projectFolders(_ projectPath: String) -> [String] {
        let wanted = StoreSupport.canonical(projectPath)
        var names: [String] = []
        if let projects = StoreSupport.tryJSONFile(Paths.join(root, "projects.json"))?["projects"]?.objectValue {
            for (path, slug) in projects.sorted(by: { $0.key < $1.key }) {
                if let slug = slug.stringValue, IDShapes.isSafeComponent(slug), StoreSupport.samePath(path, wanted) {
                    names.append(slug)
                }
            }
        }
        for name in FileInfo.list(tmp).sorted() where !names.contains(name) {
            if let marked = projectRoot(of: Paths.join(tmp, name)), StoreSupport.samePath(marked, wanted) {
                names.append(name)
            }
        }
        for candidate in [wanted, projectPath] {
            let hash = SHA256.hex(candidate)
            if !names.contains(hash) { names.append(hash) }
        }
        return names.map { Paths.join(tmp, $0) }.filter { FileInfo.isDirectory($0) }
    }

    /// The project path a folder belongs to: its `.project_root` marker, else the `projects.json` entry naming it.
    func projectRoot(of folder: String) -> String? {
        // ignored: an unreadable .project_root names no project
        if let bytes = try? AtomicFile.read(Paths.join(folder, ".project_root"), limit: 1 << 16) {
            let text = String(decoding: bytes, as: UTF8.self).trimmed(.whitespacesAndNewlines)
            if !text.isEmpty { return text }
        }
        let name = Paths.basename(folder)
        if let projects = StoreSupport.tryJSONFile(Paths.join(root, "projects.json"))?["projects"]?.objectValue {
            for (path, slug) in projects.sorted(by: { $0.key < $1.key }) where slug.stringValue == name {
                return path
            }
        }
        return nil
    }

    /// Main-session chat files of a project folder (`chats/session-*.jsonl|.json`); when a legacy `.json` was
    /// migrated to `.jsonl` beside it, only the `.jsonl` is kept.
    func chatFiles(in folder: String) -> [String] {
        let chats = Paths.join(folder, "chats")
        let names = FileInfo.list(chats).filter {
            $0.hasPrefix("session-") && ($0.hasSuffix(".jsonl") || $0.hasSuffix(".json"))
        }
        let set = Set(names)
        return names.filter { !($0.hasSuffix(".json") && set.contains($0 + "l")) }.sorted().map {
            Paths.join(chats, $0)
        }.filter { FileInfo.isFile($0) }
    }

    // MARK: listing

    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        var result: [SessionSummary] = []
        var seen: Set<String> = []
        for folder in projectFolders(projectPath) {
            let recorded = projectRoot(of: folder) ?? StoreSupport.canonical(projectPath)
            for file in chatFiles(in: folder) {
                guard var summary = summary(file: file), !seen.contains(summary.id) else { continue }
                summary.projectPath = recorded
                seen.insert(summary.id)
                result.append(summary)
            }
        }
        return StoreSupport.newestFirst(result)
    }

    public func session(id: String) throws(SessionError) -> SessionSummary? {
        guard isValidID(id) else { return nil }
        let short = String(id.prefix(8))
        var fallback: [(String, String)] = []
        for name in FileInfo.list(tmp).sorted() {
            let folder = Paths.join(tmp, name)
            for file in chatFiles(in: folder) {
                let base = Paths.basename(file)
                if base.hasSuffix("-\(short).jsonl") || base.hasSuffix("-\(short).json") {
                    if var s = summary(file: file), s.id == id {
                        s.projectPath = projectRoot(of: folder)
                        return s
                    }
                } else {
                    fallback.append((folder, file))
                }
            }
        }
        // Files renamed by hand: look at every chat's own id.
        for (folder, file) in fallback {
            if var s = summary(file: file), s.id == id {
                s.projectPath = projectRoot(of: folder)
                return s
            }
        }
        return nil
    }

    /// The listing facts of one chat file; nil when it is not a Gemini chat.
    func summary(file: String) -> SessionSummary? {
        if file.hasSuffix(".json") {
            guard let doc = StoreSupport.tryJSONFile(file), let id = doc["sessionId"]?.stringValue else { return nil }
            let messages = doc["messages"]?.arrayValue ?? []
            let firstUser = messages.lazy.filter { $0["type"]?.stringValue == "user" }.map {
                StoreSupport.text($0["content"])
            }.first { GeminiFold.isPrompt($0) }
            return SessionSummary(
                agent: .gemini, id: id, path: file, startedAt: StoreSupport.timestamp(doc["startTime"]),
                updatedAt: StoreSupport.timestamp(doc["lastUpdated"]) ?? StoreSupport.modificationStamp(file),
                title: StoreSupport.title(doc["summary"]?.stringValue) ?? StoreSupport.title(firstUser),
                messageCount: messages.count)
        }
        // ignored: a chat file that cannot be scanned is not listed
        guard let fold = try? GeminiFold.scan(file), let id = fold.metadata["sessionId"]?.stringValue else {
            return nil
        }
        return SessionSummary(
            agent: .gemini, id: id, path: file, startedAt: StoreSupport.timestamp(fold.metadata["startTime"]),
            updatedAt: StoreSupport.timestamp(fold.metadata["lastUpdated"]) ?? StoreSupport.modificationStamp(file),
            title: StoreSupport.title(fold.metadata["summary"]?.stringValue) ?? StoreSupport.title(fold.firstUserText),
            messageCount: fold.messageCount)
    }

    // MARK: reading

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError) -> ReadStats
    {
        var stats = ReadStats()
        if session.path.hasSuffix(".json") {
            guard let doc = try StoreSupport.readJSONFile(session.path) else {
                throw SessionError(.missing, "session file is gone", file: session.path)
            }
            stats.lines = 1
            if let summary = doc["summary"]?.stringValue, !summary.isEmpty { try visit(.title(summary)) }
            var attach = GeminiFold.ResultAttacher()
            for record in doc["messages"]?.arrayValue ?? [] {
                if let message = GeminiFold.message(record, line: nil, stats: &stats), let done = attach.take(message) {
                    stats.messages += 1
                    try visit(.message(done))
                }
            }
            if let last = attach.held {
                stats.messages += 1
                try visit(.message(last))
            }
            return stats
        }
        try GeminiFold.stream(session.path, stats: &stats, visit)
        return stats
    }

    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? {
        var last: JSONValue?
        _ = try read(session) { event in
            if case .message(let m) = event {
                for call in m.toolCalls where call.name == "write_todos" { last = call.input }
            }
        }
        guard let last else { return nil }
        return try TaskListParser.parse(last, source: session.path)
    }

    public func resumeCommand(id: String) -> String { "gemini --resume \(StoreSupport.shellQuote(id))" }
    public func isValidID(_ id: String) -> Bool { IDShapes.isUUID(id) }
}

/// The replay rules of Gemini's JSONL chats (gemini-cli `loadConversationRecord`): a record with a string `id` is a
/// message (a later one with the same id replaces it, keeping its place); `{"$rewindTo":id}` drops that message
/// and every later one (all of them when the id is unknown); `{"$set":{…}}` patches the metadata, and a non-empty
/// `$set.messages` replaces the whole conversation; the first line is the metadata (`sessionId`, `projectHash`).
///
/// Streaming with bounded memory takes two passes: the first keeps only ids and line numbers, the second parses
/// each surviving message at its last line and hands them out in conversation order.
struct GeminiFold {
    var metadata: [String: JSONValue] = [:]
    /// Surviving message ids in conversation order.
    var order: [String] = []
    /// The line holding each surviving message's final version.
    var finalLine: [String: Int] = [:]
    /// The last `$set` line with a non-empty `messages` array, and its count.
    var setMessagesLine: Int?
    var setMessagesCount = 0
    var firstUserText: String?

    var messageCount: Int { setMessagesLine != nil ? setMessagesCount : order.count }

    static func scan(_ path: String) throws(SessionError) -> GeminiFold {
        var fold = GeminiFold()
        var ignored = ReadStats()
        try LineReader.forEachLine(path: path) { line, number in
            guard let record = StoreSupport.parseLine(line, path: path, number: number, stats: &ignored) else {
                return true
            }
            fold.apply(record, line: number)
            return true
        }
        return fold
    }

    mutating func apply(_ record: JSONValue, line: Int) {
        if let target = record["$rewindTo"]?.stringValue {
            if let index = order.firstIndex(of: target) {
                for id in order[index...] { finalLine[id] = nil }
                order.removeSubrange(index...)
            } else {
                order.removeAll()
                finalLine.removeAll()
            }
        } else if let id = record["id"]?.stringValue {
            if finalLine[id] == nil { order.append(id) }
            finalLine[id] = line
            if firstUserText == nil, record["type"]?.stringValue == "user" {
                let text = StoreSupport.text(record["content"])
                if Self.isPrompt(text) { firstUserText = text }
            }
        } else if let set = record["$set"]?.objectValue {
            for (key, value) in set where key != "messages" { metadata[key] = value }
            if let messages = set["messages"]?.arrayValue, !messages.isEmpty {
                setMessagesLine = line
                setMessagesCount = messages.count
                if firstUserText == nil {
                    firstUserText = messages.lazy.filter { $0["type"]?.stringValue == "user" }.map {
                        StoreSupport.text($0["content"])
                    }.first { Self.isPrompt($0) }
                }
            }
        } else if let object = record.objectValue, object["sessionId"]?.stringValue != nil {
            for (key, value) in object where key != "messages" { metadata[key] = value }
        }
    }

    static func stream(_ path: String, stats: inout ReadStats, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError)
    {
        let fold = try scan(path)
        if let summary = fold.metadata["summary"]?.stringValue, !summary.isEmpty { try visit(.title(summary)) }
        var pending: [String: TranscriptMessage?] = [:]
        var next = 0
        var localStats = stats
        var attach = ResultAttacher()
        defer { stats = localStats }
        func emit(_ m: TranscriptMessage) throws(SessionError) {
            guard let out = attach.take(m) else { return }
            localStats.messages += 1
            try visit(.message(out))
        }
        try LineReader.forEachLine(path: path) { line, number throws(SessionError) in
            localStats.lines += 1
            guard let record = StoreSupport.parseLine(line, path: path, number: number, stats: &localStats) else {
                return true
            }
            guard case .object(let object) = record else {
                localStats.skipped[record.typeName, default: 0] += 1
                return true
            }
            if object["$rewindTo"]?.stringValue != nil { return true }
            if let set = object["$set"]?.objectValue {
                if number == fold.setMessagesLine, let messages = set["messages"]?.arrayValue {
                    for item in messages {
                        if let m = message(item, line: number, stats: &localStats) { try emit(m) }
                    }
                }
                return true
            }
            if let id = object["id"]?.stringValue {
                guard fold.setMessagesLine == nil, fold.finalLine[id] == number else { return true }
                pending[id] = .some(message(record, line: number, stats: &localStats))
                while next < fold.order.count, let m = pending.removeValue(forKey: fold.order[next]) {
                    next += 1
                    guard let m else { continue }
                    try emit(m)
                }
                return true
            }
            if object["sessionId"]?.stringValue != nil { return true }
            let kind = object["type"]?.stringValue ?? object.keys.sorted().first ?? "object"
            localStats.skipped[kind, default: 0] += 1
            return true
        }
        if let last = attach.held {
            localStats.messages += 1
            try visit(.message(last))
        }
    }

    /// Whether a user record's text is a prompt the user typed: gemini-cli's own first-prompt rule passes over
    /// injected `<session_context>` / `<hook_context>` records, slash commands (`/`) and help (`?`).
    static func isPrompt(_ text: String) -> Bool {
        let head = text.drop(while: { $0.isWhitespace })
        guard let first = head.first else { return false }
        if first == "/" || first == "?" { return false }
        return !head.hasPrefix("<session_context>") && !head.hasPrefix("<hook_context>")
    }

    /// Tool results that Gemini wrote as a separate `user` record (`functionResponse` parts) go onto the message
    /// that made the call, instead of standing as an empty user message.
    struct ResultAttacher {
        var held: TranscriptMessage?

        /// Takes the next message; returns the one that is complete, if any.
        mutating func take(_ m: TranscriptMessage) -> TranscriptMessage? {
            if m.role == .user, m.text.isEmpty, !m.toolResults.isEmpty, var open = held, open.role == .assistant,
                m.toolResults.allSatisfy({ r in open.toolCalls.contains { $0.id == r.callId } })
            {
                open.toolResults += m.toolResults
                held = open
                return nil
            }
            let done = held
            held = m
            return done
        }
    }

    /// One Gemini message record in the common model; nil (counted as skipped) for an unknown `type`.
    static func message(_ record: JSONValue, line: Int?, stats: inout ReadStats) -> TranscriptMessage? {
        let type = record["type"]?.stringValue ?? ""
        let role: MessageRole
        switch type {
        case "user": role = .user
        case "gemini", "model", "assistant": role = .assistant
        case "info", "error", "warning", "system": role = .system
        default:
            stats.skipped["message:\(type.isEmpty ? "untyped" : type)", default: 0] += 1
            return nil
        }
        var m = TranscriptMessage(
            role: role, id: record["id"]?.stringValue,
            timestamp: record["timestamp"]?.stringValue,
            text: StoreSupport.text(record["content"]), model: record["model"]?.stringValue,
            line: line)
        if type == "error" || type == "warning" || type == "info" { m.attachments.append(type) }
        if role == .user, !m.text.isEmpty, !isPrompt(m.text) { m.role = .system }  // environment or a command
        for thought in record["thoughts"]?.arrayValue ?? [] {
            let subject = thought["subject"]?.stringValue ?? ""
            let description = thought["description"]?.stringValue ?? ""
            let text = [subject, description].filter { !$0.isEmpty }.joined(separator: ": ")
            if !text.isEmpty { m.thinking.append(text) }
        }
        for call in record["toolCalls"]?.arrayValue ?? [] {
            guard let name = call["name"]?.stringValue else { continue }
            let id = call["id"]?.stringValue
            m.toolCalls.append(ToolCall(id: id, name: name, input: StoreSupport.toolInput(call["args"])))
            if let result = call["result"], !result.isNull {
                m.toolResults.append(
                    ToolResult(
                        callId: id, output: resultText(result),
                        isError: call["status"]?.stringValue == "error"))
            }
        }
        if case .array(let parts) = record["content"] {
            for part in parts where part["inlineData"] != nil || part["fileData"] != nil {
                m.attachments.append("file")
            }
            for part in parts {
                guard let response = part["functionResponse"] else { continue }
                m.toolResults.append(
                    ToolResult(
                        callId: response["id"]?.stringValue ?? response["name"]?.stringValue,
                        output: resultText(part), isError: response["response"]?["error"] != nil))
            }
        }
        return m
    }

    /// A tool result (`PartListUnion`): text parts, `functionResponse.response.output`, else compact JSON.
    static func resultText(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .array(let parts): return parts.map(resultText).filter { !$0.isEmpty }.joined(separator: "\n")
        case .object:
            if let t = value["text"]?.stringValue { return t }
            if let response = value["functionResponse"]?["response"] {
                if let out = response["output"]?.stringValue { return out }
                if let err = response["error"]?.stringValue { return err }
                return JSONWriter.compactString(response)
            }
            return JSONWriter.compactString(value)
        default: return StoreSupport.outputText(value)
        }
    }
}
