/// Reads Claude Code transcript lines (agent-stores.md §1.3) into the common model, one line at a time.
///
/// - `user` / `assistant` / `system` lines become messages; every other record type is skipped and counted
///   (titles and compaction boundaries become events).
/// - One API message is written as several `assistant` lines sharing `message.id` (one content block per line): they
///   are merged into one message. Tool-result lines that arrive between such lines are held back until the merged
///   message is complete, so the results follow the message that asked for them.
/// - `isMeta` lines (caveats, injected context) and local slash-command records (`<command-name>`,
///   `<local-command-stdout>`, …) are kept with role `system`: they are not prompts the user typed to the model.
struct ClaudeTranscriptReader {
    let path: String
    var stats = ReadStats()
    private var pending: TranscriptMessage?
    private var pendingAPIID: String?
    private var held: [TranscriptMessage] = []
    /// The session's own folder (`<sid>/`: subagents, persisted tool outputs), when it is read with them.
    private var sessionFolder: String?
    /// Subagent transcripts by the id of the tool call that started them (`""`: no known call), not read yet.
    private var subagents: [String: [Subagent]] = [:]
    /// Whether this reader reads a subagent's file (its messages are all sidechain).
    private var isSubagent = false

    /// The biggest persisted tool output inlined into a result; the rest is named, not copied.
    static let persistedCap = 64 << 10

    struct Subagent: Sendable {
        var path: String
        var label: String
    }

    /// What of the bulky texts is built (`TranscriptParts`); the rest is only checked by the parser.
    private var parts: TranscriptParts = .all
    private var filter = ClaudeTranscriptReader.allFilter
    private var persistedFilter = ClaudeTranscriptReader.allPersistedFilter
    /// The tool outputs the parse of the current line captured as bytes (`JSONParser.captured`).
    private var captures: [JSONParser.Captured] = []

    init(path: String, parts: TranscriptParts = .all) {
        self.path = path
        self.parts = parts
        if parts != .all {
            filter = Self.filter(parts, persisted: false)
            // A line naming a persisted output builds its results (the persisted text replaces the preview).
            let outputs = parts.contains(.toolOutputSize) ? parts.union(.toolOutput) : parts
            persistedFilter = Self.filter(outputs, persisted: true)
        }
    }

    static let allFilter = filter(.all, persisted: false)
    static let allPersistedFilter = filter(.all, persisted: true)

    /// The key filter that builds only `parts`: without thinking, no `thinking` key; without tool input, no `input`;
    /// `content` is built only at the line's and the message's level; deeper (a tool result's `content` is in a
    /// block below `message.content`) it is captured as bytes with tool output, measured with `toolOutputSize`,
    /// else left out.
    static func filter(_ parts: TranscriptParts, persisted: Bool) -> JSONParser.KeyFilter {
        var keys = persisted ? Self.keys + ["toolUseResult", "persistedOutputPath"] : Self.keys
        if !parts.contains(.thinking) { keys.removeAll { $0 == "thinking" } }
        let outputs = parts.contains(.toolOutput)
        let input = parts.contains(.toolInput)
        let preview = input && parts.contains(.toolInputPreview)
        return JSONParser.KeyFilter(
            keys: keys, whole: input && !preview ? ["input"] : [], wholeObjects: ["content"],
            shallow: ["content"], measureDeep: !outputs && parts.contains(.toolOutputSize), captureDeep: outputs,
            json: preview ? ["input"] : [])
    }

    /// Reads the session's subagent transcripts (nested after the result of the call that started them) and
    /// inlines its persisted tool outputs (agent-stores.md §10).
    mutating func attach(sessionID: String) {
        let folder = ClaudeSessionFiles.folder(transcript: path, id: sessionID)
        sessionFolder = folder
        for relative in ClaudeSessionFiles.list(transcript: path, id: sessionID)
        where relative.hasPrefix("subagents/") && relative.hasSuffix(".jsonl") {
            let file = folder + "/" + relative
            let meta = StoreSupport.tryJSONFile(String(file.dropLast(6)) + ".meta.json")
            let kind = meta?["agentType"]?.stringValue ?? "agent"
            let about = meta?["description"]?.stringValue.map { ": " + $0 } ?? ""
            let call = meta?["toolUseId"]?.stringValue ?? ""
            subagents[call, default: []].append(Subagent(path: file, label: "Subagent \(kind)\(about)"))
        }
    }

    /// User lines that are not prompts, as Claude's own prompt filter sees them: local slash-command records, `!`
    /// shell-mode input and output, background-task notifications and ticks (agent-stores.md §10).
    static let commandPrefixes = [
        "<command-name>", "<command-message>", "<command-args>", "<local-command-stdout>",
        "<local-command-stderr>", "<local-command-caveat>", "<bash-input>", "<bash-stdout>", "<bash-stderr>",
        "<task-notification>", "<tick>",
    ]

    /// Every key `handle` and `message` read (with `StoreSupport.text(of:)` and `title`), at any depth: the other
    /// members of a line (`toolUseResult`, `usage`, `signature`, `cwd`, …) are checked but never built. A tool's
    /// `input` is kept whole (it is shown as it is), and so is an object `content` (a tool result's odd content is
    /// written as compact JSON). A new key read here must be added to this list (ClaudeStoreTests compares the
    /// events with those of a full parse).
    static let keyFilter = JSONParser.KeyFilter(keys: keys, whole: ["input"], wholeObjects: ["content"])
    static let keys = [
        "type", "message", "uuid", "parentUuid", "timestamp", "isSidechain", "isCompactSummary", "isMeta",
        "subtype", "compactMetadata", "trigger", "content", "customTitle", "aiTitle", "title", "summary", "id",
        "model", "text", "thinking", "name", "tool_use_id", "is_error", "origin", "kind",
    ]

    /// The same, plus what names a persisted tool output: used only for the rare line that holds
    /// `<persisted-output>` (a `toolUseResult` is often a second copy of a large output, so it is not built
    /// otherwise).
    static let persistedKeyFilter = JSONParser.KeyFilter(
        keys: keys + ["toolUseResult", "persistedOutputPath"], whole: ["input"],
        wholeObjects: ["content"])
    static let persistedMarker = Array("<persisted-output>".utf8)

    /// Feeds one line; `visit` gets the events that are complete.
    mutating func feed(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    )
        throws(SessionError)
    {
        stats.lines += 1
        // Persisted outputs are looked for only on a line that mentions one (memchr for its `<`, then memcmp).
        let persisted =
            sessionFolder != nil && !parts.isDisjoint(with: [.toolOutput, .toolOutputSize])
            && PlatformFacts.containsByFirstByte(line, Self.persistedMarker)
        captures.removeAll(keepingCapacity: true)
        guard
            let o = StoreSupport.parseObjectLine(
                line, path: path, number: number, stats: &stats,
                filter: persisted ? persistedFilter : filter, captures: &captures)
        else { return }
        try handle(o, number: number, persisted: persisted, captures: captures, visit)
    }

    mutating func handle(
        _ o: [String: JSONValue], number: Int, persisted: Bool = true, captures: [JSONParser.Captured] = [],
        _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) {
        let type = o["type"]?.stringValue ?? "(no type)"
        switch type {
        case "assistant":
            let message = Self.message(o, role: .assistant, line: number, captures: captures)
            let apiID = o["message"]?["id"]?.stringValue
            if let apiID, apiID == pendingAPIID, var merged = pending {
                merged.text = Self.join(merged.text, message.text)
                merged.thinking += message.thinking
                merged.toolCalls += message.toolCalls
                merged.attachments += message.attachments
                if merged.model == nil { merged.model = message.model }
                pending = merged
                return
            }
            try flush(visit)
            pending = message
            pendingAPIID = apiID
        case "user":
            var message = Self.message(o, role: .user, line: number, captures: captures)
            if isSubagent { message.isSidechain = true }
            if persisted, let folder = sessionFolder {
                let named = o["toolUseResult"]?["persistedOutputPath"]?.stringValue
                for i in message.toolResults.indices
                where PlatformFacts.contains(message.toolResults[i].outputBytes, Self.persistedMarker) {
                    // The path is in `toolUseResult` (Bash) or only in the preview's "saved to: <path>" line.
                    guard let path = named ?? Self.savedPath(message.toolResults[i].output) else { continue }
                    let file = folder + "/tool-results/" + Paths.basename(path)
                    if let text = ClaudeSessionFiles.persistedText(file, cap: Self.persistedCap) {
                        message.toolResults[i].output = text
                    }
                }
            }
            if pending != nil, !message.toolResults.isEmpty, message.text.isEmpty {
                held.append(message)
                return
            }
            try flush(visit)
            try emit(message, visit)
        case "system":
            try flush(visit)
            if o["subtype"]?.stringValue == "compact_boundary" {
                try visit(
                    .compaction(
                        timestamp: o["timestamp"]?.stringValue,
                        trigger: o["compactMetadata"]?["trigger"]?.stringValue))
                return
            }
            let text = o["content"]?.stringValue ?? ""
            if text.isEmpty {
                stats.skipped["system:" + (o["subtype"]?.stringValue ?? "(none)"), default: 0] += 1
                return
            }
            var message = TranscriptMessage(
                role: .system, id: o["uuid"]?.stringValue,
                parentId: o["parentUuid"]?.stringValue,
                timestamp: o["timestamp"]?.stringValue, text: text,
                isSidechain: o["isSidechain"]?.boolValue ?? false, line: number)
            message.isCompactSummary = false
            try emit(message, visit)
        case "summary", "custom-title", "ai-title":
            if let title = Self.title(o) { try visit(.title(title)) } else { stats.skipped[type, default: 0] += 1 }
        default:
            stats.skipped[type, default: 0] += 1
        }
    }

    /// Emits what is still held back; call once at the end.
    mutating func finish(_ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) {
        try flush(visit)
        guard !isSubagent else { return }
        // Subagents whose starting call is not in the transcript come last, in name order.
        let rest = subagents.values.flatMap { $0 }.sorted { $0.path < $1.path }
        subagents = [:]
        for sub in rest { try readSubagent(sub, visit) }
    }

    private mutating func flush(_ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) {
        if let message = pending {
            pending = nil
            pendingAPIID = nil
            try emit(message, visit)
        }
        let results = held
        held = []
        for r in results { try emit(r, visit) }
    }

    private mutating func emit(_ message: TranscriptMessage, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError)
    {
        var message = message
        if isSubagent { message.isSidechain = true }
        stats.messages += 1
        try visit(.message(message))
        for result in message.toolResults {
            guard let call = result.callId, let started = subagents.removeValue(forKey: call) else { continue }
            for sub in started { try readSubagent(sub, visit) }
        }
    }

    /// One subagent's transcript, its messages marked as sidechain, after a line naming it.
    private mutating func readSubagent(_ sub: Subagent, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError)
    {
        stats.messages += 1
        try visit(.message(TranscriptMessage(role: .system, text: sub.label, isSidechain: true)))
        var nested = ClaudeTranscriptReader(path: sub.path, parts: parts)
        nested.isSubagent = true
        nested.sessionFolder = sessionFolder
        nested.subagents = subagents
        subagents = [:]
        try LineReader.forEachLine(path: sub.path) { line, number throws(SessionError) in
            try nested.feed(line, number: number) { event throws(SessionError) in
                if case .message = event { try visit(event) }  // a subagent's titles are not the session's
            }
            return true
        }
        try nested.finish { event throws(SessionError) in if case .message = event { try visit(event) } }
        subagents = nested.subagents
        stats.messages += nested.stats.messages
        stats.malformed += nested.stats.malformed
    }

    static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        return a + "\n\n" + b
    }

    /// The title a `summary` / `custom-title` / `ai-title` record carries.
    static func title(_ o: [String: JSONValue]) -> String? {
        let keys = ["customTitle", "aiTitle", "title", "summary"]
        for k in keys { if let s = o[k]?.stringValue, let t = StoreSupport.oneLine(s) { return t } }
        return nil
    }

    /// One transcript line as a message (content blocks of this line only).
    /// `captures`: the tool outputs the line's parse captured as bytes (`JSONParser.captured`).
    static func message(
        _ o: [String: JSONValue], role lineRole: MessageRole, line: Int, captures: [JSONParser.Captured] = []
    ) -> TranscriptMessage {
        var m = TranscriptMessage(
            role: lineRole, id: o["uuid"]?.stringValue, parentId: o["parentUuid"]?.stringValue,
            timestamp: o["timestamp"]?.stringValue,
            isSidechain: o["isSidechain"]?.boolValue ?? false,
            isCompactSummary: o["isCompactSummary"]?.boolValue ?? false, line: line)
        let api = o["message"]
        m.model = api?["model"]?.stringValue
        var texts: [String] = []
        switch api?["content"] {
        case .string(let s)?:
            texts.append(s)
        case .array(let blocks)?:
            for block in blocks {
                switch block["type"]?.stringValue {
                case "text":
                    if let t = block["text"]?.stringValue { texts.append(t) }
                case "thinking":
                    if let t = block["thinking"]?.stringValue, !t.isEmpty { m.thinking.append(t) }
                case "redacted_thinking":
                    m.attachments.append("redacted thinking")
                case "tool_use", "server_tool_use", "mcp_tool_use":
                    let id = block["id"]?.stringValue
                    let name = block["name"]?.stringValue ?? "?"
                    if let json = JSONParser.captured(block["input"], in: captures) {  // `toolInputPreview`: text
                        m.toolCalls.append(ToolCall(id: id, name: name, input: .null, inputJSON: json.bytes))
                    } else {
                        m.toolCalls.append(ToolCall(id: id, name: name, input: block["input"] ?? .object([:])))
                    }
                case "tool_result", "mcp_tool_result":
                    if let (size, image) = JSONParser.measured(block["content"]) {  // `toolOutputSize`
                        m.toolResults.append(
                            ToolResult(
                                callId: block["tool_use_id"]?.stringValue, output: "",
                                isError: block["is_error"]?.boolValue ?? false, outputSize: size))
                        if image { m.attachments.append("image") }
                        continue
                    }
                    if let captured = JSONParser.captured(block["content"], in: captures) {  // `toolOutput`: bytes
                        m.toolResults.append(
                            ToolResult(
                                callId: block["tool_use_id"]?.stringValue, outputBytes: captured.bytes,
                                isError: block["is_error"]?.boolValue ?? false))
                        if captured.image { m.attachments.append("image") }
                        continue
                    }
                    m.toolResults.append(
                        ToolResult(
                            callId: block["tool_use_id"]?.stringValue,
                            output: StoreSupport.text(of: block["content"]),
                            isError: block["is_error"]?.boolValue ?? false))
                    if case .array(let inner)? = block["content"],
                        inner.contains(where: { $0["type"]?.stringValue == "image" })
                    {
                        m.attachments.append("image")
                    }
                case "image":
                    m.attachments.append("image")
                case "document":
                    m.attachments.append("document")
                case let other?:
                    m.attachments.append(other)
                case nil:
                    if let s = block.stringValue { texts.append(s) }
                }
            }
        default:
            break
        }
        m.text = texts.count == 1 ? texts[0] : texts.joined(separator: "\n\n")  // one text: shared, not copied
        if lineRole == .user {
            if o["isMeta"]?.boolValue == true { m.role = .system }
            if o["origin"]?["kind"]?.stringValue == "task-notification" { m.role = .system }
            let trimmed = m.text.drop(while: { $0.isWhitespace })
            if commandPrefixes.contains(where: { trimmed.hasPrefix($0) }) {
                m.role = .system
                if let typed = typedCommand(m.text) { m.text = typed }
            }
        }
        return m
    }

    /// A slash-command record as the user typed it (`/review src`), read by the one parser of these records
    /// (`ClaudeMetaLine`). Nil when the text names no slash command.
    static func typedCommand(_ text: String) -> String? {
        guard case .command(let typed)? = ClaudeMetaLine.parse(text), typed.hasPrefix("/"), typed != "/" else {
            return nil
        }
        return typed
    }

    /// The path a `<persisted-output>` preview names (`… saved to: <path>`), when it names one.
    static func savedPath(_ preview: String) -> String? {
        guard let at = preview.firstRange(of: "saved to: ") else { return nil }
        let path = preview[at.upperBound...].prefix { $0 != "\n" }
        return path.hasPrefix("/") ? String(path) : nil
    }
}
