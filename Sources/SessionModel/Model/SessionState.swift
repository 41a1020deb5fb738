/// The checkpoint in `.claude/claude-state.json`. The seed schema is kept exactly:
/// `{"version":"1.0","timestamp","completed":[],"in_progress":[],"pending":[],
///   "context":{"branch","last_commit","last_commit_message","modified_files":[],"notes"}}`;
/// we add `task_details` (notes and active forms by task) and `other_tasks` (statuses outside the three lists).
public struct SessionState: Sendable, Equatable {
    public static let currentVersion = "1.0"

    public var version: String = SessionState.currentVersion
    public var timestamp: String
    public var tasks: [TaskItem]
    public var branch: String?
    public var lastCommit: String?
    public var lastCommitMessage: String?
    public var modifiedFiles: [String]
    public var notes: String?
    /// False when the folder was not a git repository at save time.
    public var git: Bool = true
    /// The agent session this state came from, when known (`{"agent","session_id"}`).
    public var source: JSONValue?
    /// Keys of the file (top level, and inside `context`) that we do not own: kept as they are through a save, as
    /// save-session keeps the registry's.
    public var unknownKeys: [String: JSONValue] = [:]
    public var unknownContextKeys: [String: JSONValue] = [:]

    static let ownKeys: Set<String> = [
        "version", "timestamp", "completed", "in_progress", "pending", "context", "task_details", "other_tasks",
        "source",
    ]
    static let ownContextKeys: Set<String> = [
        "branch", "last_commit", "last_commit_message", "modified_files", "notes", "git",
    ]

    /// Carries the keys we do not own over from the state this one replaces.
    public mutating func keepUnknownKeys(of old: SessionState?) {
        guard let old else { return }
        unknownKeys = old.unknownKeys
        unknownContextKeys = old.unknownContextKeys
    }

    public init(
        timestamp: String, tasks: [TaskItem], branch: String?, lastCommit: String?, lastCommitMessage: String?,
        modifiedFiles: [String], notes: String?, git: Bool = true, source: JSONValue? = nil
    ) {
        self.timestamp = timestamp
        self.tasks = tasks
        self.branch = branch
        self.lastCommit = lastCommit
        self.lastCommitMessage = lastCommitMessage
        self.modifiedFiles = modifiedFiles
        self.notes = notes
        self.git = git
        self.source = source
    }

    public func tasks(_ status: TaskItem.Status) -> [TaskItem] { tasks.filter { $0.status == status } }
    public var otherTasks: [TaskItem] {
        tasks.filter { if case .other = $0.status { return true } else { return false } }
    }
    public var unfinished: [TaskItem] { tasks.filter { $0.status == .inProgress || $0.status == .pending } }

    public var json: JSONValue {
        func titles(_ s: TaskItem.Status) -> JSONValue { .strings(tasks(s).map(\.title)) }
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        var context: [String: JSONValue] = unknownContextKeys
        context.merge([
            "branch": opt(branch),
            "last_commit": opt(lastCommit),
            "last_commit_message": opt(lastCommitMessage),
            "modified_files": .strings(modifiedFiles),
            "notes": opt(notes),
        ]) { $1 }
        if !git { context["git"] = .bool(false) }
        var object: [String: JSONValue] = unknownKeys
        object.merge([
            "version": .string(version),
            "timestamp": .string(timestamp),
            "completed": titles(.completed),
            "in_progress": titles(.inProgress),
            "pending": titles(.pending),
            "context": .object(context),
        ]) { $1 }
        var details: [String: JSONValue] = [:]
        for t in tasks where t.notes != nil || t.activeForm != nil {
            var d: [String: JSONValue] = [:]
            if let n = t.notes { d["notes"] = .string(n) }
            if let a = t.activeForm { d["active_form"] = .string(a) }
            details[t.title] = .object(d)
        }
        if !details.isEmpty { object["task_details"] = .object(details) }
        let others = otherTasks
        if !others.isEmpty {
            object["other_tasks"] = .array(
                others.map { .object(["content": .string($0.title), "status": .string($0.status.word)]) })
        }
        if let source { object["source"] = source }
        return .object(object)
    }

    /// Reads a state written by us or by the seed's /save command. Wrong types → 65 naming the key.
    public init(json: JSONValue, file: String) throws(SessionError) {
        guard case .object(let o) = json else {
            throw SessionError(.badData, "expected a JSON object, found \(json.typeName)", file: file)
        }
        func string(_ v: JSONValue?, _ key: String) throws(SessionError) -> String? {
            switch v {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case let other?:
                throw SessionError(.badData, "\"\(key)\" must be a string, found \(other.typeName)", file: file)
            }
        }
        let details = o["task_details"]?.objectValue ?? [:]
        var tasks: [TaskItem] = []
        for (key, status) in [
            ("completed", TaskItem.Status.completed), ("in_progress", .inProgress), ("pending", .pending),
        ] {
            switch o[key] {
            case nil, .null?: continue
            case .array(let items)?:
                for (i, item) in items.enumerated() {
                    var t = try TaskListParser.task(item, index: i, source: file, defaultStatus: status)
                    t.status = status
                    if let d = details[t.title] {
                        t.notes = t.notes ?? d["notes"]?.stringValue
                        t.activeForm = t.activeForm ?? d["active_form"]?.stringValue
                    }
                    tasks.append(t)
                }
            case let other?:
                throw SessionError(.badData, "\"\(key)\" must be an array, found \(other.typeName)", file: file)
            }
        }
        if case .array(let others)? = o["other_tasks"] {
            for (i, item) in others.enumerated() {
                tasks.append(try TaskListParser.task(item, index: i, source: file))
            }
        }
        self.tasks = tasks
        version = try string(o["version"], "version") ?? SessionState.currentVersion
        timestamp = try string(o["timestamp"], "timestamp") ?? ""
        let context = o["context"]?.objectValue ?? [:]
        if let c = o["context"], c.objectValue == nil, !c.isNull {
            throw SessionError(.badData, "\"context\" must be an object, found \(c.typeName)", file: file)
        }
        branch = try string(context["branch"], "context.branch")
        lastCommit = try string(context["last_commit"], "context.last_commit")
        lastCommitMessage = try string(context["last_commit_message"], "context.last_commit_message")
        notes = try string(context["notes"], "context.notes")
        modifiedFiles = context["modified_files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        git = context["git"]?.boolValue ?? true
        source = o["source"]
        unknownKeys = o.filter { !SessionState.ownKeys.contains($0.key) }
        unknownContextKeys = context.filter { !SessionState.ownContextKeys.contains($0.key) }
    }
}

/// Rules that decide what a new save keeps, pure so they can be tested alone.
public enum StateRules {
    /// Unfinished tasks of `old` that appear nowhere in `new` (by normalised title).
    public static func droppedTasks(old: SessionState, new: [TaskItem]) -> [TaskItem] {
        let present = Set(new.map { TaskItem.key($0.title) })
        return old.unfinished.filter { !present.contains(TaskItem.key($0.title)) }
    }
}
