/// The agents whose sessions we read and write.
/// An agent's identity: its name (the `--agent` value, the `agent` of registry entries), its display name and the
/// aliases users may type. Each agent declares its kind in its own folder (`Agents/<Name>/<Name>Agent.swift`) and
/// its entry in `AgentRegistry`; two kinds are the same agent when their names are equal.
public struct AgentKind: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public let displayName: String
    /// Other names `parse` accepts (lowercase).
    public let aliases: [String]

    public init(_ name: String, displayName: String, aliases: [String] = []) {
        self.rawValue = name
        self.displayName = displayName
        self.aliases = aliases
    }

    /// The agent registered (in `AgentRegistry.standard`) under exactly this name.
    public init?(rawValue: String) {
        guard let kind = AgentRegistry.standard.kind(named: rawValue) else { return nil }
        self = kind
    }

    public static func == (a: AgentKind, b: AgentKind) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public var description: String { rawValue }

    /// Parses a user-given agent name (case-insensitive; the agents' aliases) among `registry`'s agents. Usage error
    /// listing the names otherwise.
    public static func parse(_ name: String, registry: AgentRegistry = .standard) throws(SessionError) -> AgentKind {
        let lower = name.lowercased()
        var aliases: [String: AgentKind] = [:]
        for kind in registry.kinds { for alias in kind.aliases { aliases[alias] = kind } }
        if let kind = registry.kind(named: lower) ?? aliases[lower] { return kind }
        let names = registry.allNames
        throw SessionError(
            .invalidValue, "unknown agent '\(name)'",
            hint: Suggest.nearest(lower, among: names + aliases.keys.sorted()).map {
                "did you mean '\((registry.kind(named: $0) ?? aliases[$0])?.rawValue ?? $0)'?"
            } ?? "agents: \(names.joined(separator: ", "))")
    }
}

/// One stored session of an agent, as listed (cheap facts only).
public struct SessionSummary: Sendable, Equatable {
    public var agent: AgentKind
    public var id: String
    /// The transcript file (or database, or folder) holding it.
    public var path: String
    /// The working directory the agent recorded, when it did.
    public var projectPath: String?
    /// Timestamps as the agent wrote them (ISO 8601 strings), when known.
    public var startedAt: String?
    public var updatedAt: String?
    /// The session's own title, else its first user prompt (trimmed to one line).
    public var title: String?
    /// Messages in the session, when cheap to know.
    public var messageCount: Int?

    public init(
        agent: AgentKind, id: String, path: String, projectPath: String? = nil, startedAt: String? = nil,
        updatedAt: String? = nil, title: String? = nil, messageCount: Int? = nil
    ) {
        self.agent = agent
        self.id = id
        self.path = path
        self.projectPath = projectPath
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.title = title
        self.messageCount = messageCount
    }

    public var json: JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return [
            "agent": .string(agent.rawValue), "id": .string(id), "path": .string(path),
            "project_path": opt(projectPath), "started_at": opt(startedAt), "updated_at": opt(updatedAt),
            "title": opt(title), "message_count": messageCount.map { .int($0) } ?? .null,
        ]
    }
}

public enum MessageRole: String, Sendable, Equatable {
    case user, assistant, system
}

public struct ToolCall: Sendable, Equatable {
    public var id: String?
    public var name: String
    /// The call's input as JSON (a Codex `arguments` string is parsed when it is JSON, else kept as a string).
    public var input: JSONValue
    /// The input's JSON text instead of `input` (then null), from a store read with `TranscriptParts.toolInputPreview`:
    /// a renderer that shows only a preview builds what it shows (`RenderText.previewInput`).
    public var inputJSON: [UInt8]?

    public init(id: String?, name: String, input: JSONValue, inputJSON: [UInt8]? = nil) {
        self.id = id
        self.name = name
        self.input = input
        self.inputJSON = inputJSON
    }
}

public struct ToolResult: Sendable, Equatable {
    public var callId: String?
    /// The output as UTF-8 bytes, always well-formed: from the parser to the renderers a tool output is only
    /// redacted, cut, escaped and copied, so it is never made a `String` on the way (a reader that parses bytes
    /// captures it as bytes, checked once by `UTF8Check`; see `JSONParser.KeyFilter.Keep.capture`).
    public var outputBytes: [UInt8]
    public var isError: Bool
    /// The UTF-8 length of the output when a reader measured it without building it (`TranscriptParts
    /// .toolOutputSize`; `output` is then empty); nil when `output` is the output.
    public var outputSize: Int?
    /// Set when `outputBytes` is already a Markdown/HTML excerpt (the exporter redacted only what it shows, issue
    /// #17): what was left out after it. `outputSize` is then the size of the whole output.
    public var excerptRest: ExcerptRest?

    public init(callId: String?, output: String, isError: Bool = false, outputSize: Int? = nil) {
        self.init(callId: callId, outputBytes: Array(output.utf8), isError: isError, outputSize: outputSize)
    }

    /// `bytes` must be well-formed UTF-8 (what `UTF8Check.isValid` accepts).
    public init(callId: String?, outputBytes bytes: [UInt8], isError: Bool = false, outputSize: Int? = nil) {
        self.callId = callId
        self.outputBytes = bytes
        self.isError = isError
        self.outputSize = outputSize
    }

    /// The output as a string (built on each call: for writers and tests; renderers use `outputBytes`).
    public var output: String {
        get { String(decoding: outputBytes, as: UTF8.self) }
        set { outputBytes = Array(newValue.utf8) }
    }

    /// The output's size in UTF-8 bytes (measured or counted).
    public var size: Int { outputSize ?? outputBytes.count }
}

/// One message of a transcript in the common model every adapter reads into and every writer writes from.
public struct TranscriptMessage: Sendable, Equatable {
    public var role: MessageRole
    public var id: String?
    public var parentId: String?
    /// As the agent wrote it.
    public var timestamp: String?
    /// The visible text (text blocks joined by blank lines).
    public var text: String
    /// Reasoning the agent stored in clear text (encrypted reasoning is not text: it is counted as lost).
    public var thinking: [String]
    public var toolCalls: [ToolCall]
    public var toolResults: [ToolResult]
    public var model: String?
    /// Part of a subagent's (sidechain's) conversation.
    public var isSidechain: Bool
    /// The summary a compaction left in place of the earlier conversation.
    public var isCompactSummary: Bool
    /// Things present in the source that are not text (e.g. "image", "encrypted reasoning", "attachment").
    public var attachments: [String]
    /// 1-based line in the source file, when it came from a line-based file.
    public var line: Int?

    public init(
        role: MessageRole, id: String? = nil, parentId: String? = nil, timestamp: String? = nil,
        text: String = "", thinking: [String] = [], toolCalls: [ToolCall] = [], toolResults: [ToolResult] = [],
        model: String? = nil, isSidechain: Bool = false, isCompactSummary: Bool = false,
        attachments: [String] = [], line: Int? = nil
    ) {
        self.role = role
        self.id = id
        self.parentId = parentId
        self.timestamp = timestamp
        self.text = text
        self.thinking = thinking
        self.toolCalls = toolCalls
        self.toolResults = toolResults
        self.model = model
        self.isSidechain = isSidechain
        self.isCompactSummary = isCompactSummary
        self.attachments = attachments
        self.line = line
    }

    /// A user message that is a prompt (not only tool results).
    public var isPrompt: Bool { role == .user && toolResults.isEmpty && !text.isEmpty && !isCompactSummary }
}

/// What a transcript reader hands its visitor, in file order.
public enum TranscriptEvent: Sendable, Equatable {
    case message(TranscriptMessage)
    /// A compaction boundary: what came before was summarised.
    case compaction(timestamp: String?, trigger: String?)
    /// The session's title (the last one wins).
    case title(String)
}

/// What a reader saw besides the events.
public struct ReadStats: Sendable, Equatable {
    public var lines = 0
    public var messages = 0
    /// Record types we do not know, by type, with counts: skipped, never fatal.
    public var skipped: [String: Int] = [:]
    /// Lines that were not valid JSON (file:line reasons), skipped where the format allows it.
    public var malformed: [String] = []

    public init() {}

    public var json: JSONValue {
        [
            "lines": .int(lines), "messages": .int(messages),
            "skipped": .object(skipped.mapValues { .int($0) }), "malformed": .strings(malformed),
        ]
    }
}

/// An agent's native session store. One type per agent under `Agents/<Agent>/`.
public protocol SessionStore: Sendable {
    var agent: AgentKind { get }
    /// Where the store is (after env vars and HOME), for messages and `status`.
    var location: String { get }
    /// Sessions of the project at `projectPath` (physical path), newest first.
    func sessions(projectPath: String) throws(SessionError) -> [SessionSummary]
    /// The newest session of the project; the default is the first of `sessions(projectPath:)`, a store with
    /// thousands of files overrides it to stop early.
    func newestSession(projectPath: String) throws(SessionError) -> SessionSummary?
    /// A session by id, in any project; nil when the store has none.
    func session(id: String) throws(SessionError) -> SessionSummary?
    /// Streams the transcript, line by line with bounded memory, calling `visit` for each event in order.
    func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    /// `read` for a visitor that uses only `parts` of the bulky texts (default: `read`, everything built).
    func read(
        _ session: SessionSummary, parts: TranscriptParts, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError)
        -> ReadStats
    /// The session's task list (latest), or nil when the agent keeps none for it.
    func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]?
    /// The command that resumes `id`, e.g. `claude --resume <id>`.
    func resumeCommand(id: String) -> String
    /// Whether `id` has this agent's id shape (UUID, `ses_…`, …): catches a wrong paste.
    func isValidID(_ id: String) -> Bool
}

extension SessionStore {
    public func newestSession(projectPath: String) throws(SessionError) -> SessionSummary? {
        try sessions(projectPath: projectPath).first
    }

    /// `read`, for a visitor that uses only `parts` of the bulky texts: a store may leave the others out (empty)
    /// instead of building them; the events are the same, in the same order, with the same roles, ids, times and
    /// counts of calls and results. The default reads everything.
    public func read(
        _ session: SessionSummary, parts: TranscriptParts, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) -> ReadStats {
        try read(session, visit)
    }
}

/// The bulky texts of a transcript a reader may be asked to leave out (see `SessionStore.read(_:parts:_:)`).
public struct TranscriptParts: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Thinking / reasoning texts.
    public static let thinking = TranscriptParts(rawValue: 1)
    /// Tool call inputs.
    public static let toolInput = TranscriptParts(rawValue: 2)
    /// Tool result outputs (a result keeps its call id and error flag; its output is empty).
    public static let toolOutput = TranscriptParts(rawValue: 4)
    /// Without `toolOutput`: each tool result's size (`ToolResult.outputSize`, its output empty), measured without
    /// building the text (what `--results none` shows). A store that does not measure builds the output instead.
    public static let toolOutputSize = TranscriptParts(rawValue: 8)
    /// With `toolInput`: a store may give a tool call's input as its JSON text (`ToolCall.inputJSON`) instead of the
    /// built value, for a renderer that shows only a one-line preview of it (Markdown).
    public static let toolInputPreview = TranscriptParts(rawValue: 16)
    public static let all: TranscriptParts = [.thinking, .toolInput, .toolOutput]
}

/// How the current session was found: said to the user so they can trust it.
public struct CurrentSession: Sendable, Equatable {
    public var agent: AgentKind
    public var id: String
    /// `env:CLAUDE_CODE_SESSION_ID`, `hook-payload`, `newest`, `option`.
    public var rule: String
    public var transcriptPath: String?
    public var summary: SessionSummary?

    public init(
        agent: AgentKind, id: String, rule: String, transcriptPath: String? = nil,
        summary: SessionSummary? = nil
    ) {
        self.agent = agent
        self.id = id
        self.rule = rule
        self.transcriptPath = transcriptPath
        self.summary = summary
    }

    public var json: JSONValue {
        [
            "agent": .string(agent.rawValue), "session_id": .string(id), "rule": .string(rule),
            "transcript_path": transcriptPath.map { .string($0) } ?? .null,
        ]
    }
}

public enum IDShapes {
    /// 8-4-4-4-12 hex, any version.
    public static func isUUID(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else if !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) {
                return false
            }
        }
        return true
    }

    /// Safe as one path component: no separators, no `..`, no control characters, not too long.
    public static func isSafeComponent(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 255 && s != "." && s != ".." && !s.contains("/") && !s.contains("\\")
            && !s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
