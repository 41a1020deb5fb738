/// Claude Code's session store: `<root>/projects/<enc>/<session-uuid>.jsonl` (agent-stores.md §1), where `<root>` is
/// `$CLAUDE_CONFIG_DIR`, else `$HOME/.claude`.
public struct ClaudeStore: SessionStore {
    public let environment: AgentEnvironment
    public init(environment: AgentEnvironment) { self.environment = environment }
    public var agent: AgentKind { .claude }

    /// `$CLAUDE_CONFIG_DIR` (made absolute), else `$HOME/.claude`.
    public var root: String {
        if let dir = environment.variables["CLAUDE_CONFIG_DIR"], !dir.isEmpty { return environment.absolute(dir) }
        return Paths.join(environment.home, ".claude")
    }

    public var location: String { root }
    var projectsFolder: String { root + "/projects" }

    /// The folder holding the sessions started in `projectPath` (a physical path).
    public func projectFolder(for projectPath: String) -> String {
        projectsFolder + "/" + ClaudeProjectFolder.name(for: projectPath, environment: environment.variables)
    }

    /// Sessions started in the project folder itself, plus those started in a subfolder of it (their folder name
    /// begins with the project's, and their recorded `cwd` is inside the project), newest first.
    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        let folder = projectFolder(for: projectPath)
        // Paths like `…/proj.a` and `…/proj-a` share a folder: the recorded `cwd` says whose session it is.
        var result = summaries(in: folder).filter { Self.belongs($0.projectPath, to: projectPath) }
        let name = Paths.basename(folder)
        if name.count < ClaudeProjectFolder.maxLength {
            let prefix = name + "-"
            let inside = projectPath.hasSuffix("/") ? projectPath : projectPath + "/"
            for sub in FileInfo.list(projectsFolder) where sub.hasPrefix(prefix) {
                let candidates = summaries(in: projectsFolder + "/" + sub)
                result += candidates.filter { $0.projectPath?.hasPrefix(inside) == true }
            }
        }
        return result.sorted(by: SessionSummary.newestFirst)
    }

    /// Whether a session whose transcript records `cwd` belongs to the project: no `cwd` (nothing tells otherwise),
    /// the project itself (also through a symlink), or a folder inside it.
    static func belongs(_ cwd: String?, to projectPath: String) -> Bool {
        guard let cwd, !cwd.isEmpty else { return true }
        if StoreSupport.samePath(cwd, projectPath) { return true }
        let inside = projectPath.hasSuffix("/") ? projectPath : projectPath + "/"
        return cwd.hasPrefix(inside) || StoreSupport.canonical(cwd).hasPrefix(StoreSupport.canonical(projectPath) + "/")
    }

    public func session(id: String) throws(SessionError) -> SessionSummary? {
        guard IDShapes.isSafeComponent(id) else { return nil }
        for folder in FileInfo.list(projectsFolder).sorted() {
            let path = projectsFolder + "/" + folder + "/" + id + ".jsonl"
            if FileInfo.isFile(path) { return summary(path: path, id: id) }
        }
        return nil
    }

    /// The sessions (top-level `<uuid>.jsonl` files) of one project folder. 2025 subagent files (`agent-*.jsonl`)
    /// are not sessions.
    func summaries(in folder: String) -> [SessionSummary] {
        FileInfo.list(folder).compactMap { name -> SessionSummary? in
            guard name.hasSuffix(".jsonl"), !name.hasPrefix("agent-"), !name.hasPrefix(".") else { return nil }
            let path = folder + "/" + name
            guard FileInfo.isFile(path) else { return nil }
            return summary(path: path, id: String(name.dropLast(6)))
        }
    }

    /// Cheap facts about one transcript: the first lines (start, cwd, first prompt, titles) and the last 256 KiB
    /// (last update, the latest title); never the whole file.
    func summary(path: String, id: String) -> SessionSummary {
        var started: String?
        var cwd: String?
        var firstPrompt: String?
        var headTitle: String?
        var scanned = 0
        var bytes = 0
        // ignored: a listing reads what it can; an unreadable file gives fewer facts, never an error
        try? LineReader.forEachLine(path: path, chunkSize: 64 << 10) { line, _ in
            scanned += 1
            bytes += line.count
            let more = scanned < 400 && bytes < 4 << 20  // the head: at most 400 lines / 4 MiB
            guard let o = StoreSupport.object(line) else { return more }
            if started == nil, let t = o["timestamp"]?.stringValue { started = t }
            if cwd == nil, let c = o["cwd"]?.stringValue { cwd = c }
            switch o["type"]?.stringValue {
            case "summary", "custom-title", "ai-title":
                if let t = ClaudeTranscriptReader.title(o) { headTitle = t }
            case "user":
                if firstPrompt == nil, o["isSidechain"]?.boolValue != true {
                    let m = ClaudeTranscriptReader.message(o, role: .user, line: 0)
                    if m.isPrompt { firstPrompt = StoreSupport.oneLine(m.text) }
                }
            default: break
            }
            return more && (started == nil || cwd == nil || firstPrompt == nil)
        }
        var updated: String?
        var tailTitle: String?
        for line in StoreSupport.tailLines(path: path) {
            guard let o = StoreSupport.object(line) else { continue }
            if let t = o["timestamp"]?.stringValue { updated = t }
            switch o["type"]?.stringValue {
            case "summary", "custom-title", "ai-title":
                if let t = ClaudeTranscriptReader.title(o) { tailTitle = t }
            default: break
            }
        }
        return SessionSummary(
            agent: .claude, id: id, path: path, projectPath: cwd, startedAt: started,
            updatedAt: updated ?? StoreSupport.modificationStamp(path),
            title: tailTitle ?? headTitle ?? firstPrompt, messageCount: nil)
    }

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError) -> ReadStats
    {
        try read(session, parts: .all, visit)
    }

    /// `read`, building only `parts` of the bulky texts (the others are checked by the parser, never built).
    public func read(
        _ session: SessionSummary, parts: TranscriptParts, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) -> ReadStats {
        var reader = ClaudeTranscriptReader(path: session.path, parts: parts)
        reader.attach(sessionID: session.id)
        try LineReader.forEachLine(path: session.path) { line, number throws(SessionError) in
            try reader.feed(line, number: number, visit)
            return true
        }
        try reader.finish(visit)
        return reader.stats
    }

    /// The session's task list: the 2026 task files `tasks/<id>/<n>.json` (numeric order), else the last TodoWrite
    /// in the transcript (`toolUseResult.newTodos`, or the tool_use input `todos`), else the 2025 file
    /// `todos/<id>-agent-<id>.json`. Nil when there is none.
    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? {
        if let tasks = try taskFiles(session.id) { return tasks }
        if let todos = try lastTodoWrite(session) { return todos }
        let legacy = root + "/todos/\(session.id)-agent-\(session.id).json"
        if let json = try JSONFile.read(legacy) { return try TaskListParser.parse(json, source: legacy) }
        return nil
    }

    /// The task files of a session's task list folder; nil when there are none. The folder is the session id, or
    /// `CLAUDE_CODE_TASK_LIST_ID` when that is set and the session is the one running us.
    func taskFiles(_ sessionID: String) throws(SessionError) -> [TaskItem]? {
        guard IDShapes.isSafeComponent(sessionID) else { return nil }
        var folders = [root + "/tasks/" + sessionID]
        if let list = environment.variables["CLAUDE_CODE_TASK_LIST_ID"], IDShapes.isSafeComponent(list),
            environment.variables["CLAUDE_CODE_SESSION_ID"] == sessionID
        {
            folders.insert(root + "/tasks/" + list, at: 0)
        }
        for folder in folders where FileInfo.isDirectory(folder) {
            let files = FileInfo.list(folder).compactMap { name -> (Int, String)? in
                guard name.hasSuffix(".json"), let n = Int(name.dropLast(5)) else { return nil }
                return (n, name)
            }.sorted { $0.0 < $1.0 }
            if files.isEmpty { continue }
            var items: [TaskItem] = []
            for (i, (_, name)) in files.enumerated() {
                let path = folder + "/" + name
                guard let json = try JSONFile.read(path) else { continue }
                if json["status"]?.stringValue == "deleted" { continue }
                items.append(try TaskListParser.task(json, index: i, source: path))
            }
            return items
        }
        return nil
    }

    /// The last TodoWrite list of the main thread that is a task list, streamed (a list whose items cannot be read
    /// is passed over, as Codex's last plan that parses: a line that is JSON never fails a read).
    func lastTodoWrite(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? {
        var last: [TaskItem]?
        let path = session.path
        try LineReader.forEachLine(path: path) { line, number in
            guard let o = StoreSupport.object(line), o["isSidechain"]?.boolValue != true else { return true }
            func take(_ todos: JSONValue?) {
                guard let todos, todos.arrayValue != nil,
                    // ignored: a todo list in a shape we do not know is skipped (the next one counts)
                    let items = try? TaskListParser.parse(todos, source: "\(path):\(number)")
                else { return }
                last = items
            }
            switch o["type"]?.stringValue {
            case "user":
                take(o["toolUseResult"]?["newTodos"])
            case "assistant":
                for block in o["message"]?["content"]?.arrayValue ?? []
                where
                    block["type"]?.stringValue == "tool_use" && block["name"]?.stringValue == "TodoWrite"
                {
                    take(block["input"]?["todos"])
                }
            default: break
            }
            return true
        }
        return last
    }

    public func resumeCommand(id: String) -> String { "claude --resume \(StoreSupport.shellQuote(id))" }
    public func isValidID(_ id: String) -> Bool { IDShapes.isUUID(id) }
}
