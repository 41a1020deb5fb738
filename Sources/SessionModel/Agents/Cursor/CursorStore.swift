/// Cursor's chat stores (read-only): the VS Code–style `state.vscdb` SQLite databases under Cursor's user folder, and
/// the Cursor Agent CLI's own chats (`CursorAgentChats`).
///
/// - Composer chats (current): global `globalStorage/state.vscdb`, table `cursorDiskKV`: `composerData:<id>`
///   (`name`, `createdAt`, `lastUpdatedAt`, and the conversation as `fullConversationHeadersOnly` headers whose
///   bubbles are rows `bubbleId:<composerId>:<bubbleId>`, or older inline `conversation[]` / `conversationMap{}`).
///   Bubble `type` 1 = user, 2 = assistant; text in `text`, else `rawText`, else `content`.
/// - Project rule: a composer belongs to the project whose workspace lists it: `workspaceStorage/<hash>/workspace.json`
///   (`folder` URI) + that workspace's `state.vscdb` `ItemTable` key `composer.composerData` (`allComposers[]`).
/// - Oldest chats: the workspace `ItemTable` key `workbench.panel.aichat.view.aichat.chatdata` (`tabs[].bubbles[]`,
///   `type` "user"/"ai"); each tab is a session (id `tabId`).
/// - Newer composers also carry `workspaceIdentifier{id: <workspaceStorage hash>, uri{fsPath, path}}`: a second way
///   to attach a composer to the project.
/// Only these keys are read: `ItemTable` also holds credentials (`cursorAuth/*`, `secret://…`) and composer data
/// holds encryption keys; none of them is ever read or copied out.
public struct CursorStore: SessionStore {
    public let environment: AgentEnvironment
    public init(environment: AgentEnvironment) { self.environment = environment }
    public var agent: AgentKind { .cursor }

    public enum Platform: Sendable { case linux, macOS }

    public static var currentPlatform: Platform { PlatformProcess.isMacOS ? .macOS : .linux }

    /// Cursor's `User` folder: `~/Library/Application Support/Cursor/User` on macOS, `$XDG_CONFIG_HOME/Cursor/User`
    /// (default `~/.config/Cursor/User`) elsewhere — the one per-OS choice of this adapter.
    public static func userDirectory(home: String, environment: [String: String], platform: Platform) -> String {
        switch platform {
        case .macOS: return Paths.join(home, "Library/Application Support/Cursor/User")
        case .linux:
            let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? Paths.join(home, ".config")
            return Paths.join(config, "Cursor/User")
        }
    }

    public var userDirectory: String {
        Self.userDirectory(home: environment.home, environment: environment.variables, platform: Self.currentPlatform)
    }
    public var globalDatabase: String { Paths.join(userDirectory, "globalStorage/state.vscdb") }
    public var location: String { userDirectory }

    static let legacyChatKey = "workbench.panel.aichat.view.aichat.chatdata"

    // MARK: workspaces

    struct Workspace {
        /// The `workspaceStorage/<hash>` folder name, which VS Code also uses as the workspace identifier's `id`.
        var hash: String
        var folder: String
        var database: String
    }

    /// Workspaces whose `workspace.json` folder is `projectPath` (or all, when nil).
    func workspaces(for projectPath: String?) -> [Workspace] {
        let root = Paths.join(userDirectory, "workspaceStorage")
        let wanted = projectPath.map(StoreSupport.canonical)
        var result: [Workspace] = []
        for hash in FileInfo.list(root).sorted() {
            let dir = Paths.join(root, hash)
            guard let doc = StoreSupport.tryJSONFile(Paths.join(dir, "workspace.json")),
                let uri = doc["folder"]?.stringValue, let folder = StoreSupport.pathFromURI(uri)
            else { continue }
            if let wanted, folder != wanted, !StoreSupport.samePath(folder, wanted) { continue }
            result.append(Workspace(hash: hash, folder: folder, database: Paths.join(dir, "state.vscdb")))
        }
        return result
    }

    static func itemValue(_ db: SQLiteDatabase, _ key: String) throws(SessionError) -> JSONValue? {
        guard try db.tableNames().contains("ItemTable") else { return nil }
        var text: String?
        try db.query("SELECT value FROM ItemTable WHERE key = ?", [.text(key)]) { row in text = row.string(0) }
        return text.flatMap { StoreSupport.parseText($0).value }
    }

    static func kvText(_ db: SQLiteDatabase, _ key: String) throws(SessionError) -> String? {
        var text: String?
        try db.query("SELECT value FROM cursorDiskKV WHERE key = ?", [.text(key)]) { row in text = row.string(0) }
        return text
    }

    /// Composer ids a workspace lists.
    static func composerIDs(_ workspace: Workspace) -> [String] {
        guard FileInfo.isFile(workspace.database),
            // ignored: a workspace database that cannot be opened is not listed
            let db = try? SQLiteDatabase(path: workspace.database, readOnly: true),
            // ignored: a workspace without readable composer data is not listed
            let data = (try? itemValue(db, "composer.composerData")) ?? nil
        else { return [] }
        return (data["allComposers"]?.arrayValue ?? []).compactMap { $0["composerId"]?.stringValue }
    }

    // MARK: listing

    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        var result: [SessionSummary] = []
        var seen: Set<String> = []
        let global = FileInfo.isFile(globalDatabase) ? try SQLiteDatabase(path: globalDatabase, readOnly: true) : nil
        let hasKV = try global?.tableNames().contains("cursorDiskKV") ?? false
        for workspace in workspaces(for: projectPath) {
            if let global, hasKV {
                for id in Self.composerIDs(workspace) where !seen.contains(id) {
                    guard var s = try composerSummary(global, id: id) else { continue }
                    s.projectPath = workspace.folder
                    seen.insert(id)
                    result.append(s)
                }
            }
            for var s in legacyTabs(workspace) where !seen.contains(s.id) {
                s.projectPath = workspace.folder
                seen.insert(s.id)
                result.append(s)
            }
        }
        // Newer composers also name their workspace (`workspaceIdentifier{id, uri}`): those the workspace's own
        // list misses are found through it, using SQLite's JSON functions so no composer is parsed here.
        if let global, hasKV {
            let wanted = StoreSupport.canonical(projectPath)
            let hashes = Set(workspaces(for: projectPath).map(\.hash))
            var extra: [String] = []
            let sql =
                "SELECT substr(key, 14), json_extract(value, '$.workspaceIdentifier.id'), "
                + "json_extract(value, '$.workspaceIdentifier.uri.fsPath'), "
                + "json_extract(value, '$.workspaceIdentifier.uri.path') "
                + "FROM cursorDiskKV WHERE key LIKE 'composerData:%' AND json_valid(value) "
                + "AND json_type(value, '$.workspaceIdentifier') = 'object'"
            // ignored: the global database only adds composers; when unreadable the workspaces' own are listed
            try? global.query(sql) { row in
                guard let id = row.string(0), !seen.contains(id) else { return }
                let path = row.string(2) ?? row.string(3)
                if row.string(1).map(hashes.contains) == true || path.map({ StoreSupport.samePath($0, wanted) }) == true
                {
                    extra.append(id)
                }
            }
            for id in extra where !seen.contains(id) {
                guard var s = try composerSummary(global, id: id) else { continue }
                s.projectPath = wanted
                seen.insert(id)
                result.append(s)
            }
        }
        result += CursorAgentChats(environment: environment).sessions(projectPath: projectPath).filter {
            !seen.contains($0.id)
        }
        return StoreSupport.newestFirst(result)
    }

    public func session(id: String) throws(SessionError) -> SessionSummary? {
        guard isValidID(id) else { return nil }
        if let chat = CursorAgentChats(environment: environment).session(id: id) { return chat }
        let all = workspaces(for: nil)
        if FileInfo.isFile(globalDatabase) {
            let global = try SQLiteDatabase(path: globalDatabase, readOnly: true)
            if try global.tableNames().contains("cursorDiskKV"), var s = try composerSummary(global, id: id) {
                s.projectPath = all.first { Self.composerIDs($0).contains(id) }?.folder ?? s.projectPath
                return s
            }
        }
        for workspace in all {
            if var s = legacyTabs(workspace).first(where: { $0.id == id }) {
                s.projectPath = workspace.folder
                return s
            }
        }
        return nil
    }

    func composerSummary(_ db: SQLiteDatabase, id: String) throws(SessionError) -> SessionSummary? {
        guard let text = try Self.kvText(db, "composerData:\(id)"), let data = StoreSupport.parseText(text).value
        else { return nil }
        let headers = data["fullConversationHeadersOnly"]?.arrayValue
        let inline = data["conversation"]?.arrayValue
        var title = StoreSupport.title(data["name"]?.stringValue)
        if title == nil {
            if let first = inline?.first(where: { $0["type"]?.intValue == 1 }) {
                title = StoreSupport.title(Self.bubbleText(first))
            } else if let bid = headers?.first(where: { $0["type"]?.intValue == 1 })?["bubbleId"]?.stringValue {
                var bubble = data["conversationMap"]?[bid]
                if bubble == nil {
                    bubble = try Self.kvText(db, "bubbleId:\(id):\(bid)").flatMap { StoreSupport.parseText($0).value }
                }
                title = StoreSupport.title(bubble.map(Self.bubbleText))
            }
        }
        let uri = data["workspaceIdentifier"]?["uri"]
        return SessionSummary(
            agent: .cursor, id: id, path: db.path,
            projectPath: (uri?["fsPath"] ?? uri?["path"])?.stringValue,
            startedAt: StoreSupport.timestamp(data["createdAt"]),
            updatedAt: StoreSupport.timestamp(data["lastUpdatedAt"] ?? data["createdAt"]),
            title: title, messageCount: (headers ?? inline)?.count)
    }

    func legacyTabs(_ workspace: Workspace) -> [SessionSummary] {
        guard FileInfo.isFile(workspace.database),
            // ignored: a workspace database that cannot be opened has no legacy chat
            let db = try? SQLiteDatabase(path: workspace.database, readOnly: true),
            // ignored: unreadable legacy chat data is none
            let chat = (try? Self.itemValue(db, Self.legacyChatKey)) ?? nil
        else { return [] }
        return (chat["tabs"]?.arrayValue ?? []).compactMap { tab in
            guard let id = tab["tabId"]?.stringValue else { return nil }
            let bubbles = tab["bubbles"]?.arrayValue ?? []
            let firstUser = bubbles.first { $0["type"]?.stringValue == "user" }.map(Self.bubbleText)
            let time = StoreSupport.timestamp(tab["lastSendTime"])
            return SessionSummary(
                agent: .cursor, id: id, path: workspace.database, startedAt: time, updatedAt: time,
                title: StoreSupport.title(tab["chatTitle"]?.stringValue) ?? StoreSupport.title(firstUser),
                messageCount: bubbles.count)
        }
    }

    /// A bubble's text: `text`, else `rawText`, else `content` (a string or text parts), as Cursor versions differ.
    static func bubbleText(_ bubble: JSONValue) -> String {
        for key in ["text", "rawText"] {
            if let t = bubble[key]?.stringValue, !t.isEmpty { return t }
        }
        return StoreSupport.text(bubble["content"])
    }

    // MARK: reading

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError) -> ReadStats
    {
        if CursorAgentChats.isChat(session.path) {
            return try CursorAgentChats(environment: environment).read(session, visit)
        }
        var stats = ReadStats()
        let db = try SQLiteDatabase(path: session.path, readOnly: true)
        if try db.tableNames().contains("cursorDiskKV"), let text = try Self.kvText(db, "composerData:\(session.id)") {
            guard let data = StoreSupport.parseText(text).value else {
                throw SessionError(.badData, "composerData:\(session.id) is not valid JSON", file: session.path)
            }
            if let name = data["name"]?.stringValue, !name.isEmpty { try visit(.title(name)) }
            try readComposer(db, id: session.id, data: data, &stats, visit)
            return stats
        }
        guard let chat = try Self.itemValue(db, Self.legacyChatKey),
            let tab = chat["tabs"]?.arrayValue?.first(where: { $0["tabId"]?.stringValue == session.id })
        else { throw SessionError(.missing, "no Cursor chat \(session.id)", file: session.path) }
        if let title = tab["chatTitle"]?.stringValue, !title.isEmpty { try visit(.title(title)) }
        for bubble in tab["bubbles"]?.arrayValue ?? [] {
            stats.lines += 1
            let type = bubble["type"]?.stringValue ?? ""
            guard type == "user" || type == "ai" else {
                stats.skipped["bubble:\(type)", default: 0] += 1
                continue
            }
            let m = TranscriptMessage(
                role: type == "user" ? .user : .assistant, id: bubble["id"]?.stringValue,
                text: Self.bubbleText(bubble))
            stats.messages += 1
            try visit(.message(m))
        }
        return stats
    }

    func readComposer(
        _ db: SQLiteDatabase, id: String, data: JSONValue, _ stats: inout ReadStats,
        _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) {
        func emit(_ bubble: JSONValue, fallbackID: String?) throws(SessionError) {
            guard let m = Self.message(bubble, fallbackID: fallbackID, stats: &stats) else { return }
            stats.messages += 1
            try visit(.message(m))
        }
        if let headers = data["fullConversationHeadersOnly"]?.arrayValue {
            let map = data["conversationMap"]?.objectValue ?? [:]
            for header in headers {
                stats.lines += 1
                guard let bid = header["bubbleId"]?.stringValue else { continue }
                if let bubble = map[bid] {
                    try emit(bubble, fallbackID: bid)
                    continue
                }
                let key = "bubbleId:\(id):\(bid)"
                guard let text = try Self.kvText(db, key) else {
                    stats.skipped["missing bubble", default: 0] += 1
                    continue
                }
                let parsed = StoreSupport.parseText(text)
                guard let bubble = parsed.value else {
                    stats.malformed.append("\(db.path):\(key): \(parsed.reason ?? "not JSON")")
                    continue
                }
                try emit(bubble, fallbackID: bid)
            }
        } else {
            for bubble in data["conversation"]?.arrayValue ?? [] {
                stats.lines += 1
                try emit(bubble, fallbackID: nil)
            }
        }
    }

    /// One composer bubble; nil (counted) for a type other than 1 (user) or 2 (assistant).
    static func message(_ bubble: JSONValue, fallbackID: String?, stats: inout ReadStats) -> TranscriptMessage? {
        let type = bubble["type"]?.intValue
        guard type == 1 || type == 2 else {
            stats.skipped["bubble:\(type.map(String.init) ?? "untyped")", default: 0] += 1
            return nil
        }
        var m = TranscriptMessage(
            role: type == 1 ? .user : .assistant,
            id: bubble["bubbleId"]?.stringValue ?? fallbackID,
            timestamp: StoreSupport.timestamp(bubble["createdAt"]), text: bubbleText(bubble))
        if let thinking = bubble["thinking"]?["text"]?.stringValue, !thinking.isEmpty { m.thinking.append(thinking) }
        if let tool = bubble["toolFormerData"], tool.objectValue != nil {
            let callID = tool["toolCallId"]?.stringValue
            let name = tool["name"]?.stringValue ?? tool["tool"].map { StoreSupport.outputText($0) } ?? "tool"
            m.toolCalls.append(
                ToolCall(
                    id: callID, name: name,
                    input: StoreSupport.toolInput(tool["rawArgs"] ?? tool["params"])))
            if let result = tool["result"], !result.isNull {
                m.toolResults.append(
                    ToolResult(
                        callId: callID, output: StoreSupport.outputText(result),
                        isError: tool["status"]?.stringValue == "error"))
            }
        }
        if let images = bubble["images"]?.arrayValue, !images.isEmpty {
            m.attachments += Array(repeating: "image", count: images.count)
        }
        return m
    }

    /// Composer todos when the composer data carries a `todos` list (best effort; Cursor's format is unverified).
    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? {
        if CursorAgentChats.isChat(session.path) { return nil }
        let db = try SQLiteDatabase(path: session.path, readOnly: true)
        guard try db.tableNames().contains("cursorDiskKV"),
            let text = try Self.kvText(db, "composerData:\(session.id)"),
            let todos = StoreSupport.parseText(text).value?["todos"], let list = todos.arrayValue, !list.isEmpty
        else { return nil }
        return try TaskListParser.parse(todos, source: session.path)
    }

    /// A Cursor Agent CLI chat (or an id this machine does not know): `cursor-agent --resume <chatId>`. The IDE
    /// cannot resume a chat by id: for one of its composers the command reopens the project, and says which chat to
    /// pick.
    public func resumeCommand(id: String) -> String {
        // ignored: without the session the generic resume command is given
        let found = (try? session(id: id)) ?? nil
        guard let found, !CursorAgentChats.isChat(found.path) else { return ResumeCommands.table(.cursor, id: id) }
        let folder = found.projectPath.map(StoreSupport.shellQuote) ?? "."
        let chat = found.title.map { "\"\($0)\"" } ?? StoreSupport.shellQuote(id)
        return "cursor \(folder)  # then open the chat \(chat) in the chat history (Cursor has no resume by id)"
    }

    public func isValidID(_ id: String) -> Bool { IDShapes.isUUID(id) }
}
