/// Aider's chat history: `<project>/.aider.chat.history.md` (`AIDER_CHAT_HISTORY_FILE` moves it; a relative value
/// is taken from the project folder).
///
/// Format (aider `io.py`): each run appends `# aider chat started at YYYY-MM-DD HH:MM:SS` (local time), which starts
/// a session whose id is that time normalised (`2025-01-01T12-00-00`, `-2`, `-3`… when a second run started in the
/// same second); user input lines start with `#### `; tool/info output lines start with `> ` (skipped, counted as
/// `info`); everything else is the assistant's reply (Markdown; `> ` inside a code fence stays reply text).
/// Aider keeps no ids, no tool calls and no todos.
public struct AiderStore: SessionStore {
    public let environment: AgentEnvironment
    public init(environment: AgentEnvironment) { self.environment = environment }
    public var agent: AgentKind { .aider }

    public static let defaultFileName = ".aider.chat.history.md"

    /// The history file of `projectPath`.
    public func historyFile(projectPath: String) -> String {
        if let file = environment.variable("AIDER_CHAT_HISTORY_FILE") {
            if file.hasPrefix("~/") { return Paths.join(environment.home, String(file.dropFirst(2))) }
            return Paths.absolute(file, relativeTo: projectPath)
        }
        return Paths.join(projectPath, Self.defaultFileName)
    }

    public var location: String { historyFile(projectPath: StoreSupport.canonical(environment.workingDirectory)) }

    static let header = "# aider chat started at "

    /// `2025-01-01 12:00:00` → `2025-01-01T12-00-00`.
    static func normalise(_ time: String) -> String {
        time.trimmed(.whitespaces).replacingText(" ", with: "T")
            .replacingText(":", with: "-")
    }

    /// Walks the file once, handing each session's id, start time and lines to the callbacks.
    static func scan(
        _ path: String, header onHeader: (_ id: String, _ time: String, _ line: Int) throws(SessionError) -> Bool,
        line onLine: (UnsafeBufferPointer<UInt8>, Int) throws(SessionError) -> Bool
    ) throws(SessionError) {
        var counts: [String: Int] = [:]
        let prefix = Array(header.utf8)
        try LineReader.forEachLine(path: path) { line, number throws(SessionError) in
            if line.count > prefix.count, line.starts(with: prefix) {
                let time = String(decoding: UnsafeBufferPointer(rebasing: line[prefix.count...]), as: UTF8.self)
                    .trimmed(.whitespaces)
                let base = normalise(time)
                counts[base, default: 0] += 1
                let id = counts[base]! == 1 ? base : "\(base)-\(counts[base]!)"
                return try onHeader(id, time, number)
            }
            return try onLine(line, number)
        }
    }

    func summaries(file: String, projectPath: String?) throws(SessionError) -> [SessionSummary] {
        guard FileInfo.isFile(file) else { return [] }
        var result: [SessionSummary] = []
        var userBlock = false
        try Self.scan(
            file,
            header: { id, time, _ in
                result.append(
                    SessionSummary(
                        agent: .aider, id: id, path: file, projectPath: projectPath, startedAt: time,
                        messageCount: 0))
                userBlock = false
                return true
            },
            line: { line, _ in
                guard !result.isEmpty else { return true }
                let isUser =
                    line.starts(with: [0x23, 0x23, 0x23, 0x23, 0x20])
                    || (line.count == 4 && line.starts(with: [0x23, 0x23, 0x23, 0x23]))
                if isUser {
                    if !userBlock {
                        result[result.count - 1].messageCount! += 1
                        if result[result.count - 1].title == nil {
                            let text = String(
                                decoding: UnsafeBufferPointer(rebasing: line[min(5, line.count)...]), as: UTF8.self)
                            result[result.count - 1].title = StoreSupport.title(text)
                        }
                    }
                    userBlock = true
                } else if StoreSupport.isBlank(line) {
                    userBlock = false
                }
                return true
            })
        if !result.isEmpty { result[result.count - 1].updatedAt = StoreSupport.modificationStamp(file) }
        return result
    }

    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        let project = StoreSupport.canonical(projectPath)
        return StoreSupport.newestFirst(try summaries(file: historyFile(projectPath: project), projectPath: project))
    }

    /// Aider's sessions live in a project's file: looked for in the working directory's project.
    public func session(id: String) throws(SessionError) -> SessionSummary? {
        guard isValidID(id) else { return nil }
        return try sessions(projectPath: environment.workingDirectory).first { $0.id == id }
    }

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError) -> ReadStats
    {
        var stats = ReadStats()
        var inside = false
        var role: MessageRole?
        var lines: [String] = []
        var firstLine = 0
        var inFence = false
        func flush() throws(SessionError) {
            defer {
                role = nil
                lines = []
            }
            guard let r = role else { return }
            let hadLines = !lines.isEmpty
            while let last = lines.last, last.trimmed(.whitespaces).isEmpty { lines.removeLast() }
            while let first = lines.first, first.trimmed(.whitespaces).isEmpty { lines.removeFirst() }
            // An empty input (`#### <blank>`) is still a user turn; an empty reply is nothing.
            guard !lines.isEmpty || (r == .user && hadLines) else { return }
            stats.messages += 1
            try visit(
                .message(
                    TranscriptMessage(
                        role: r, timestamp: nil, text: lines.joined(separator: "\n"),
                        line: firstLine)))
        }
        try Self.scan(
            session.path,
            header: { id, _, _ in
                if inside { return false }  // the next session starts: this one is complete
                inside = id == session.id
                return true
            },
            line: { raw, number throws(SessionError) in
                guard inside else { return true }
                stats.lines += 1
                let text = String(decoding: raw, as: UTF8.self)
                if text.hasPrefix("#### ") || text == "####" {
                    if role != .user {
                        try flush()
                        role = .user
                        firstLine = number
                    }
                    var input = String(text.dropFirst(min(5, text.count)))
                    while input.hasSuffix(" ") { input.removeLast() }
                    lines.append(input == "<blank>" ? "" : input)
                    inFence = false
                    return true
                }
                if text.trimmed(.whitespaces).isEmpty {
                    if role == .user { try flush() } else if role == .assistant { lines.append("") }
                    return true
                }
                if !inFence, text.hasPrefix("> ") || text == ">" {
                    if role != nil { try flush() }
                    stats.skipped["info", default: 0] += 1
                    return true
                }
                if role != .assistant {
                    try flush()
                    role = .assistant
                    firstLine = number
                }
                if text.hasPrefix("```") { inFence.toggle() }
                lines.append(text)
                return true
            })
        try flush()
        return stats
    }

    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }

    public func resumeCommand(id: String) -> String {
        if let file = environment.variable("AIDER_CHAT_HISTORY_FILE") {
            return "aider --restore-chat-history --chat-history-file \(StoreSupport.shellQuote(file))"
        }
        return "aider --restore-chat-history"
    }

    /// Aider has no ids of its own: the ids we list are normalised start times (`2025-01-01T12-00-00`, `-N`), but
    /// any one word (no spaces, no slashes) is accepted, as the session registry does for Aider.
    public func isValidID(_ id: String) -> Bool {
        IDShapes.isSafeComponent(id) && !id.contains(" ") && !id.contains("\t")
    }
}
