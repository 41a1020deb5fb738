/// One task of a session's task list, whatever tool wrote it.
public struct TaskItem: Sendable, Equatable {
    public enum Status: Sendable, Equatable, Hashable {
        case completed, inProgress, pending
        /// Any other status (cancelled, blocked, deleted, …): kept and reported, never dropped.
        case other(String)

        /// Maps the status words agents use onto ours.
        public init(_ raw: String) {
            switch raw.lowercased().replacingText("-", with: "_").replacingText(" ", with: "_") {
            case "completed", "complete", "done", "finished": self = .completed
            case "in_progress", "inprogress", "active", "started", "doing", "running": self = .inProgress
            case "pending", "todo", "not_started", "open", "queued", "": self = .pending
            default: self = .other(raw)
            }
        }

        public var word: String {
            switch self {
            case .completed: return "completed"
            case .inProgress: return "in_progress"
            case .pending: return "pending"
            case .other(let s): return s
            }
        }
    }

    public var title: String
    public var status: Status
    public var notes: String?
    public var activeForm: String?

    public init(title: String, status: Status, notes: String? = nil, activeForm: String? = nil) {
        self.title = title
        self.status = status
        self.notes = notes
        self.activeForm = activeForm
    }

    /// The form used to match tasks across saves: trimmed, inner whitespace collapsed, case folded.
    public static func key(_ title: String) -> String {
        title.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
    }
}

/// Reads the task-list shapes agents and people hand us.
public enum TaskListParser {
    public static let acceptedShapes =
        "a TodoWrite list [{\"content\",\"status\"}] or {\"todos\":[…]}, a Claude task list [{\"subject\",\"status\"}], a plan {\"plan\":[{\"step\",\"status\"}]}, or {\"completed\":[],\"in_progress\":[],\"pending\":[]}"

    /// Parses a task list; `source` names the input in errors.
    public static func parse(_ json: JSONValue, source: String) throws(SessionError) -> [TaskItem] {
        switch json {
        case .array(let items):
            return try items.enumerated().map { (i, item) throws(SessionError) in
                try task(item, index: i, source: source)
            }
        case .object(let o):
            for key in ["todos", "tasks", "plan", "newTodos", "items"] {
                if let list = o[key] {
                    guard case .array = list else {
                        throw SessionError(
                            .badData, "\"\(key)\" must be an array, found \(list.typeName)", file: source)
                    }
                    return try parse(list, source: source)
                }
            }
            let buckets: [(String, TaskItem.Status)] = [
                ("completed", .completed), ("in_progress", .inProgress), ("inProgress", .inProgress),
                ("pending", .pending),
            ]
            if buckets.contains(where: { o[$0.0] != nil }) {
                var result: [TaskItem] = []
                for (key, status) in buckets {
                    guard let list = o[key] else { continue }
                    guard case .array(let items) = list else {
                        throw SessionError(
                            .badData, "\"\(key)\" must be an array, found \(list.typeName)", file: source)
                    }
                    for (i, item) in items.enumerated() {
                        var t = try task(item, index: i, source: source, defaultStatus: status)
                        t.status = status
                        result.append(t)
                    }
                }
                return result
            }
            throw SessionError(.badData, "not a task list; expected \(acceptedShapes)", file: source)
        default:
            throw SessionError(
                .badData, "not a task list (found \(json.typeName)); expected \(acceptedShapes)",
                file: source)
        }
    }

    static func task(_ item: JSONValue, index: Int, source: String, defaultStatus: TaskItem.Status = .pending)
        throws(SessionError) -> TaskItem
    {
        switch item {
        case .string(let s):
            guard !s.trimmed(.whitespacesAndNewlines).isEmpty else {
                throw SessionError(.badData, "task \(index + 1) is empty", file: source)
            }
            return TaskItem(title: s, status: defaultStatus)
        case .object(let o):
            let titleKeys = ["content", "subject", "title", "step", "text", "description", "task"]
            guard
                let title = titleKeys.lazy.compactMap({ o[$0]?.stringValue }).first(where: {
                    !$0.trimmed(.whitespacesAndNewlines).isEmpty
                })
            else {
                throw SessionError(
                    .badData,
                    "task \(index + 1) has no text (expected one of: \(titleKeys.joined(separator: ", ")))",
                    file: source)
            }
            var status = defaultStatus
            if let raw = o["status"]?.stringValue {
                status = TaskItem.Status(raw)
            } else if let done = o["completed"]?.boolValue {
                status = done ? .completed : .pending
            }
            let notes =
                o["notes"]?.stringValue
                ?? (o["subject"] != nil ? o["description"]?.stringValue.flatMap { $0 == title ? nil : $0 } : nil)
            return TaskItem(
                title: title, status: status, notes: notes.flatMap { $0.isEmpty ? nil : $0 },
                activeForm: o["activeForm"]?.stringValue ?? o["active_form"]?.stringValue)
        default:
            throw SessionError(
                .badData, "task \(index + 1) must be a string or an object, found \(item.typeName)",
                file: source)
        }
    }
}
