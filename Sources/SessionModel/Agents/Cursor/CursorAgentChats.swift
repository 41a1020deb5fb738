/// The Cursor Agent CLI's (`cursor-agent`) own chats, beside the IDE's `state.vscdb` (agent-stores.md §10; issues
/// omartelo/lich#378, kenn-io/agentsview#1664; the layout third-party readers and writers of these files use):
///
/// - `<config>/chats/<md5 of the workspace path>/<chatId>/store.db`, `<config>` = `configDirectory` (also
///   `~/.cursor/chats`, where builds before the XDG move kept them). SQLite with `meta(key, value)`: one row `0`
///   whose value is hex-encoded JSON `{agentId, latestRootBlobId, name, mode, createdAt (ms), lastUsedModel}`; and
///   `blobs(id, data)`, content-addressed (`id` = SHA-256 hex of `data`). The root blob is protobuf: field 1 repeats
///   the 32-byte ids of the conversation's message blobs in order, field 9 is the workspace path. Message blobs are
///   JSON `{role, content}` (`content` a string or parts `text`, `reasoning`, `tool-call{toolCallId, toolName,
///   args}`, `tool-result{toolCallId, result}`); the user's text sits inside `<user_query>…</user_query>`.
/// - `~/.cursor/projects/<slug>/agent-transcripts/<id>/<id>.jsonl` (slug: the path without its leading `/`, every
///   other character outside `[A-Za-z0-9]` as `-`): lines `{role, message:{content:[text|tool_use|tool_result]}}`.
///   When a chat has one, it is read instead of the blobs.
/// - Resumed with `cursor-agent --resume <chatId>`.
struct CursorAgentChats {
    let environment: AgentEnvironment

    /// Cursor's configuration folder, where the Agent CLI keeps its chats (hooks and commands stay in
    /// `AgentEntry.cursor.home`): `$CURSOR_CONFIG_DIR`, else `$XDG_CONFIG_HOME/cursor` when that folder exists, else `~/.cursor`; always absolute
    /// (relative values count from the working directory). Cursor's CLI takes the XDG folder without looking
    /// (rimio-ai/rimz#399, reading the CLI bundle's `cursor-config/dist/paths.js`); asking for it to exist keeps
    /// setups where only `~/.cursor` is used (older builds, the IDE) where they are.
    static func configDirectory(_ environment: AgentEnvironment) -> String {
        if let dir = environment.variable("CURSOR_CONFIG_DIR") { return environment.absolute(dir) }
        if let xdg = environment.variable("XDG_CONFIG_HOME") {
            let dir = Paths.join(environment.absolute(xdg), "cursor")
            if FileInfo.isDirectory(dir) { return dir }
        }
        return Paths.join(environment.home, ".cursor")
    }

    var configDirectory: String { Self.configDirectory(environment) }

    /// `<config>/chats`, then `~/.cursor/chats` (where builds before the XDG move kept them) when that differs.
    var chatsFolders: [String] {
        let first = Paths.join(configDirectory, "chats")
        let legacy = Paths.join(environment.home, ".cursor/chats")
        return first == legacy ? [first] : [first, legacy]
    }
    var projectsFolder: String { Paths.join(environment.home, ".cursor/projects") }

    static func isChat(_ path: String) -> Bool { path.hasSuffix("/store.db") || path.hasSuffix(".jsonl") }

    /// The transcripts folder name of a workspace path.
    static func slug(_ path: String) -> String {
        let trimmed = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        var out = ""
        for scalar in trimmed.unicodeScalars {
            let v = scalar.value
            let keep = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
            out.unicodeScalars.append(keep ? scalar : "-")
        }
        return out
    }

    // MARK: listing

    /// The chats of a project: `chats/<md5(path)>/*/store.db` (also of the path as given, when it differs), and
    /// transcripts of `projects/<slug>/agent-transcripts/` that have no store.
    func sessions(projectPath: String) -> [SessionSummary] {
        let physical = StoreSupport.canonical(projectPath)
        var result: [SessionSummary] = []
        var seen: Set<String> = []
        for chats in chatsFolders {
            for path in Set([physical, projectPath]).sorted() {
                let folder = Paths.join(chats, MD5.hex(Array(path.utf8)))
                for id in FileInfo.list(folder).sorted() where IDShapes.isUUID(id) && !seen.contains(id) {
                    guard var s = summary(store: Paths.join(folder, id, "store.db"), id: id) else { continue }
                    s.projectPath = physical
                    seen.insert(id)
                    result.append(s)
                }
            }
        }
        for path in Set([physical, projectPath]).sorted() {
            let folder = Paths.join(projectsFolder, Self.slug(path), "agent-transcripts")
            for id in FileInfo.list(folder).sorted() where IDShapes.isUUID(id) && !seen.contains(id) {
                let file = Paths.join(folder, id, id + ".jsonl")
                guard FileInfo.isFile(file) else { continue }
                seen.insert(id)
                result.append(transcriptSummary(file, id: id, projectPath: physical))
            }
        }
        return result
    }

    func session(id: String) -> SessionSummary? {
        if let store = store(for: id), let s = summary(store: store, id: id) { return s }
        for slug in FileInfo.list(projectsFolder).sorted() {
            let file = Paths.join(projectsFolder, slug, "agent-transcripts", id, id + ".jsonl")
            if FileInfo.isFile(file) { return transcriptSummary(file, id: id, projectPath: nil) }
        }
        return nil
    }

    /// The chat's `store.db`, when there is one.
    func store(for id: String) -> String? {
        guard IDShapes.isUUID(id) else { return nil }
        for chats in chatsFolders {
            for hash in FileInfo.list(chats).sorted() {
                let store = Paths.join(chats, hash, id, "store.db")
                if FileInfo.isFile(store) { return store }
            }
        }
        return nil
    }

    /// A chat's listing facts from its `meta` row (and the workspace its root blob names).
    func summary(store: String, id: String) -> SessionSummary? {
        // ignored: a chat store that cannot be opened is not listed
        guard FileInfo.isFile(store), let db = try? SQLiteDatabase(path: store, readOnly: true),
            let meta = Self.meta(db)
        else { return nil }
        let root = meta["latestRootBlobId"]?.stringValue.flatMap { Self.blob(db, $0) }
        let workspace = root.flatMap { Self.rootFields($0).workspace }
        var title = StoreSupport.title(meta["name"]?.stringValue)
        if title == "New Agent" || title == "Untitled" { title = nil }
        let created = StoreSupport.timestamp(meta["createdAt"])
        return SessionSummary(
            agent: .cursor, id: id, path: transcript(for: id) ?? store, projectPath: workspace, startedAt: created,
            updatedAt: StoreSupport.modificationStamp(store) ?? created, title: title,
            messageCount: root.map { Self.rootFields($0).messages.count })
    }

    /// The chat's transcript file, when Cursor wrote one.
    func transcript(for id: String) -> String? {
        for slug in FileInfo.list(projectsFolder).sorted() {
            let file = Paths.join(projectsFolder, slug, "agent-transcripts", id, id + ".jsonl")
            if FileInfo.isFile(file) { return file }
        }
        return nil
    }

    func transcriptSummary(_ file: String, id: String, projectPath: String?) -> SessionSummary {
        var title: String?
        var ignored = ReadStats()
        // ignored: a listing reads what it can; an unreadable transcript gives fewer facts
        try? LineReader.forEachLine(path: file, chunkSize: 64 << 10) { line, number in
            if let o = StoreSupport.parseLine(line, path: file, number: number, stats: &ignored),
                o["role"]?.stringValue == "user"
            {
                title = StoreSupport.title(Self.userText(StoreSupport.text(o["message"]?["content"])))
            }
            return title == nil && number < 200
        }
        return SessionSummary(
            agent: .cursor, id: id, path: file, projectPath: projectPath,
            updatedAt: StoreSupport.modificationStamp(file), title: title)
    }

    // MARK: the store

    static func meta(_ db: SQLiteDatabase) -> JSONValue? {
        // ignored: a database that cannot be read has no meta row (nil)
        guard (try? db.tableNames())?.isSuperset(of: ["meta", "blobs"]) == true else { return nil }
        var value: SQLiteValue = .null
        // ignored: a meta row that cannot be read is none (nil)
        try? db.query("SELECT value FROM meta WHERE key = '0'") { row in value = row.value(0) }
        let hex: [UInt8]
        switch value {
        case .text(let s): hex = Array(s.utf8)
        case .blob(let b): hex = b
        default: return nil
        }
        // ignored: hex that is not JSON is tried as plain JSON next
        if let bytes = fromHex(hex), let json = try? JSONParser.parse(bytes) { return json }
        // ignored: a meta value that is not JSON is none (nil)
        return try? JSONParser.parse(hex)  // plain JSON in some versions
    }

    static func blob(_ db: SQLiteDatabase, _ id: String) -> [UInt8]? {
        var data: [UInt8]?
        // ignored: a blob that cannot be read is missing (nil)
        try? db.query("SELECT data FROM blobs WHERE id = ?", [.text(id)]) { row in data = row.bytes(0) }
        return data
    }

    /// The root blob's message ids (field 1, hex) and workspace path (field 9).
    static func rootFields(_ bytes: [UInt8]) -> (messages: [String], workspace: String?) {
        var messages: [String] = []
        var workspace: String?
        var i = 0
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count, shift < 64 {
                let b = bytes[i]
                i += 1
                value |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while i < bytes.count {
            guard let key = varint() else { break }
            switch key & 7 {
            case 0: guard varint() != nil else { return (messages, workspace) }
            case 1: i += 8
            case 5: i += 4
            case 2:
                guard let n = varint(), n <= UInt64(bytes.count - i) else { return (messages, workspace) }
                let field = bytes[i..<i + Int(n)]
                i += Int(n)
                if key >> 3 == 1, field.count == 32 { messages.append(hex(Array(field))) }
                if key >> 3 == 9 { workspace = String(decoding: field, as: UTF8.self) }
            default: return (messages, workspace)
            }
        }
        return (messages, workspace)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func fromHex(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 2 == 0, !text.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var i = 0
        while i < text.count {
            guard let hi = hexDigitValue(text[i]), let lo = hexDigitValue(text[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// The text inside `<user_query>…</user_query>`, else the whole text.
    static func userText(_ text: String) -> String {
        guard let open = text.firstRange(of: "<user_query>") else { return text }
        let rest = text[open.upperBound...]
        let inner = rest.firstRange(of: "</user_query>").map { rest[..<$0.lowerBound] } ?? rest
        return inner.trimmed(.whitespacesAndNewlines)
    }

    // MARK: reading

    func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    {
        if session.path.hasSuffix(".jsonl") { return try readTranscript(session.path, visit) }
        var stats = ReadStats()
        let db = try SQLiteDatabase(path: session.path, readOnly: true)
        guard let meta = Self.meta(db) else {
            throw SessionError(.badData, "not a Cursor Agent chat store (no meta row)", file: session.path)
        }
        if let name = meta["name"]?.stringValue, let title = StoreSupport.title(name), title != "New Agent" {
            try visit(.title(title))
        }
        guard let rootID = meta["latestRootBlobId"]?.stringValue, let root = Self.blob(db, rootID) else {
            return stats
        }
        for id in Self.rootFields(root).messages {
            stats.lines += 1
            guard let data = Self.blob(db, id) else {
                stats.skipped["missing blob", default: 0] += 1
                continue
            }
            // ignored: a blob that is not JSON is skipped
            guard let json = try? JSONParser.parse(data) else {
                stats.skipped["blob:binary", default: 0] += 1
                continue
            }
            guard let m = Self.message(json, id: id, stats: &stats) else { continue }
            stats.messages += 1
            try visit(.message(m))
        }
        return stats
    }

    /// One message blob `{role, content}`; nil (counted) for the system prompt and unknown roles.
    static func message(_ json: JSONValue, id: String?, stats: inout ReadStats) -> TranscriptMessage? {
        let role = json["role"]?.stringValue ?? ""
        var m: TranscriptMessage
        switch role {
        case "user": m = TranscriptMessage(role: .user, id: id)
        case "assistant": m = TranscriptMessage(role: .assistant, id: id)
        case "tool": m = TranscriptMessage(role: .user, id: id)
        default:
            stats.skipped["message:\(role.isEmpty ? "untyped" : role)", default: 0] += 1
            return nil
        }
        var texts: [String] = []
        switch json["content"] {
        case .string(let s)?: texts.append(s)
        case .array(let parts)?:
            for part in parts {
                switch part["type"]?.stringValue {
                case "text": if let t = part["text"]?.stringValue { texts.append(t) }
                case "reasoning", "thinking":
                    if let t = (part["text"] ?? part["thinking"])?.stringValue, !t.isEmpty { m.thinking.append(t) }
                case "tool-call", "tool_use":
                    m.toolCalls.append(
                        ToolCall(
                            id: (part["toolCallId"] ?? part["id"])?.stringValue,
                            name: (part["toolName"] ?? part["name"])?.stringValue ?? "tool",
                            input: StoreSupport.toolInput(part["args"] ?? part["input"])))
                case "tool-result", "tool_result":
                    m.toolResults.append(
                        ToolResult(
                            callId: (part["toolCallId"] ?? part["tool_use_id"])?.stringValue,
                            output: StoreSupport.outputText(part["result"] ?? part["content"]),
                            isError: part["isError"]?.boolValue ?? part["is_error"]?.boolValue ?? false))
                case "image": m.attachments.append("image")
                case let other?: m.attachments.append(other)
                case nil: break
                }
            }
        default: break
        }
        let text = texts.joined(separator: "\n\n")
        m.text = role == "user" ? userText(text) : text
        return m
    }

    func readTranscript(_ path: String, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    {
        var stats = ReadStats()
        try LineReader.forEachLine(path: path) { line, number throws(SessionError) in
            stats.lines += 1
            guard let o = StoreSupport.parseLine(line, path: path, number: number, stats: &stats) else { return true }
            var record: [String: JSONValue] = ["role": o["role"] ?? .null]
            record["content"] = o["message"]?["content"] ?? o["content"]
            guard var m = Self.message(.object(record), id: nil, stats: &stats) else { return true }
            m.line = number
            stats.messages += 1
            try visit(.message(m))
            return true
        }
        return stats
    }
}
