/// What an export says about the session it holds (the first line of the neutral transcript).
public struct TranscriptHeader: Sendable, Equatable {
    public var agent: AgentKind
    public var sessionID: String
    public var title: String?
    public var startedAt: String?
    public var projectPath: String?
    /// When the export was made (ISO 8601, UTC).
    public var exportedAt: String
    public var redacted: Bool

    public init(
        agent: AgentKind, sessionID: String, title: String? = nil, startedAt: String? = nil,
        projectPath: String? = nil, exportedAt: String, redacted: Bool
    ) {
        self.agent = agent
        self.sessionID = sessionID
        self.title = title
        self.startedAt = startedAt
        self.projectPath = projectPath
        self.exportedAt = exportedAt
        self.redacted = redacted
    }

    public init(summary: SessionSummary, exportedAt: String, redacted: Bool) {
        self.init(
            agent: summary.agent, sessionID: summary.id, title: summary.title, startedAt: summary.startedAt,
            projectPath: summary.projectPath, exportedAt: exportedAt, redacted: redacted)
    }
}

/// Our neutral transcript: JSON Lines, a header line, one line per event, an end line. Documented in
/// docs/transcript-format.md; `version` changes only when a reader would misread a file.
public enum NeutralTranscript {
    public static let format = "agent-sessions/transcript"
    public static let version = 1
    public static let fileExtension = "transcript.jsonl"

    public static func headerJSON(_ h: TranscriptHeader) -> JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return [
            "format": .string(format), "version": .int(version), "agent": .string(h.agent.rawValue),
            "session_id": .string(h.sessionID), "title": opt(h.title), "started_at": opt(h.startedAt),
            "project_path": opt(h.projectPath), "exported_at": .string(h.exportedAt), "redacted": .bool(h.redacted),
        ]
    }

    /// One event as a JSON object; empty, null and false fields are left out (a reader takes absent as empty).
    public static func eventJSON(_ event: TranscriptEvent) -> JSONValue {
        eventJSON(event, outputsAsPlaceholders: false)
    }

    /// `eventJSON`; with `outputsAsPlaceholders` the i-th tool result's output is `JSONWriter.textPlaceholder(i)`,
    /// for `JSONWriter.write(_:into:indent:pretty:texts:)` with the outputs' bytes (never made strings).
    static func eventJSON(_ event: TranscriptEvent, outputsAsPlaceholders: Bool) -> JSONValue {
        switch event {
        case .title(let title):
            return ["type": "title", "title": .string(title)]
        case .compaction(let timestamp, let trigger):
            var o: [String: JSONValue] = ["type": "compaction"]
            if let timestamp { o["timestamp"] = .string(timestamp) }
            if let trigger { o["trigger"] = .string(trigger) }
            return .object(o)
        case .message(let m):
            var o: [String: JSONValue] = ["type": "message", "role": .string(m.role.rawValue), "text": .string(m.text)]
            if let id = m.id { o["id"] = .string(id) }
            if let p = m.parentId { o["parent_id"] = .string(p) }
            if let t = m.timestamp { o["timestamp"] = .string(t) }
            if !m.thinking.isEmpty { o["thinking"] = .strings(m.thinking) }
            if !m.toolCalls.isEmpty {
                o["tool_calls"] = .array(
                    m.toolCalls.map { c in
                        var call: [String: JSONValue] = ["name": .string(c.name), "input": c.input]
                        if let id = c.id { call["id"] = .string(id) }
                        return .object(call)
                    })
            }
            if !m.toolResults.isEmpty {
                o["tool_results"] = .array(
                    m.toolResults.enumerated().map { i, r in
                        var result: [String: JSONValue] = [
                            "output": outputsAsPlaceholders ? JSONWriter.textPlaceholder(i) : .string(r.output)
                        ]
                        if let id = r.callId { result["call_id"] = .string(id) }
                        if r.isError { result["is_error"] = true }
                        return .object(result)
                    })
            }
            if let model = m.model { o["model"] = .string(model) }
            if m.isSidechain { o["sidechain"] = true }
            if m.isCompactSummary { o["compact_summary"] = true }
            if !m.attachments.isEmpty { o["attachments"] = .strings(m.attachments) }
            return .object(o)
        }
    }

    public static func endJSON(messages: Int, redactions: RedactionCounts?) -> JSONValue {
        var o: [String: JSONValue] = ["type": "end", "messages": .int(messages)]
        if let redactions { o["redactions"] = redactions.json }
        return .object(o)
    }

    /// The header of a neutral transcript file, or nil when `firstLine` is not one.
    public static func header(firstLine: [UInt8]) -> TranscriptHeader? {
        // ignored: a first line that is not JSON, or not our header, is simply not one (the caller tries the others)
        guard let json = try? JSONParser.parse(firstLine) else { return nil }
        return try? header(json, file: "")  // ignored: as above
    }

    static func header(_ json: JSONValue, file: String) throws(SessionError) -> TranscriptHeader {
        guard json["format"]?.stringValue == format else {
            throw SessionError(
                .badData, "not an agent-sessions transcript (no \"format\":\"\(format)\" header)",
                file: file, line: 1)
        }
        guard let v = json["version"]?.intValue, v <= version else {
            throw SessionError(
                .badData,
                "transcript version \(json["version"].map { JSONWriter.compactString($0) } ?? "?") is newer than this tool reads (\(version))",
                hint: "update agent-sessions", file: file, line: 1)
        }
        guard let agentName = json["agent"]?.stringValue, let agent = AgentKind(rawValue: agentName),
            let id = json["session_id"]?.stringValue
        else {
            throw SessionError(.badData, "transcript header lacks agent or session_id", file: file, line: 1)
        }
        return TranscriptHeader(
            agent: agent, sessionID: id, title: json["title"]?.stringValue,
            startedAt: json["started_at"]?.stringValue,
            projectPath: json["project_path"]?.stringValue,
            exportedAt: json["exported_at"]?.stringValue ?? "",
            redacted: json["redacted"]?.boolValue ?? false)
    }

    /// The event a line holds; nil for `end` and unknown types (counted as skipped by the reader).
    public static func event(_ json: JSONValue) -> TranscriptEvent? {
        switch json["type"]?.stringValue {
        case "title":
            return json["title"]?.stringValue.map { .title($0) }
        case "compaction":
            return .compaction(timestamp: json["timestamp"]?.stringValue, trigger: json["trigger"]?.stringValue)
        case "message":
            guard let role = json["role"]?.stringValue.flatMap(MessageRole.init(rawValue:)) else { return nil }
            let calls = (json["tool_calls"]?.arrayValue ?? []).map { c in
                ToolCall(id: c["id"]?.stringValue, name: c["name"]?.stringValue ?? "tool", input: c["input"] ?? .null)
            }
            let results = (json["tool_results"]?.arrayValue ?? []).map { r in
                ToolResult(
                    callId: r["call_id"]?.stringValue, output: r["output"]?.stringValue ?? "",
                    isError: r["is_error"]?.boolValue ?? false)
            }
            return .message(
                TranscriptMessage(
                    role: role, id: json["id"]?.stringValue, parentId: json["parent_id"]?.stringValue,
                    timestamp: json["timestamp"]?.stringValue, text: json["text"]?.stringValue ?? "",
                    thinking: (json["thinking"]?.arrayValue ?? []).compactMap(\.stringValue), toolCalls: calls,
                    toolResults: results, model: json["model"]?.stringValue,
                    isSidechain: json["sidechain"]?.boolValue ?? false,
                    isCompactSummary: json["compact_summary"]?.boolValue ?? false,
                    attachments: (json["attachments"]?.arrayValue ?? []).compactMap(\.stringValue)))
        default:
            return nil
        }
    }

    static func parseLine(_ line: UnsafeBufferPointer<UInt8>) -> (value: JSONValue?, reason: String) {
        switch JSONParser.parse(line) {
        case .success(let v): return (v, "")
        case .failure(let e): return (nil, e.reason)
        }
    }

    /// Streams a neutral transcript file: the header, then each event in order.
    @discardableResult
    public static func read(
        path: String, header headerVisit: (TranscriptHeader) throws(SessionError) -> Void,
        _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) -> ReadStats {
        var stats = ReadStats()
        var sawHeader = false
        try LineReader.forEachLine(path: path) { (line, number) throws(SessionError) -> Bool in
            stats.lines += 1
            if line.isEmpty { return true }
            let parsed = parseLine(line)
            guard let json = parsed.value else {
                if !sawHeader {
                    throw SessionError(.badData, "invalid JSON: \(parsed.reason)", file: path, line: number)
                }
                stats.malformed.append("\(path):\(number): \(parsed.reason)")
                return true
            }
            if !sawHeader {
                try headerVisit(try header(json, file: path))
                sawHeader = true
                return true
            }
            if let event = event(json) {
                if case .message = event { stats.messages += 1 }
                try visit(event)
            } else if json["type"]?.stringValue != "end" {
                stats.skipped[json["type"]?.stringValue ?? "?", default: 0] += 1
            }
            return true
        }
        if !sawHeader { throw SessionError(.badData, "file is empty, expected a transcript", file: path) }
        return stats
    }
}

/// A `SessionStore`-like source over one neutral transcript file (import and convert read exports with it).
public struct TranscriptFileSource: Sendable {
    public var path: String
    public var header: TranscriptHeader

    public init(path: String) throws(SessionError) {
        guard let first = LineReader.firstLine(path: path) else {
            throw SessionError(.missing, FileInfo.exists(path) ? "file is empty" : "file does not exist", file: path)
        }
        let json: JSONValue
        do { json = try JSONParser.parse(first) } catch {
            throw SessionError(.badData, "the first line is not JSON", file: path, line: 1)
        }
        self.path = path
        self.header = try NeutralTranscript.header(json, file: path)
    }

    public var summary: SessionSummary {
        SessionSummary(
            agent: header.agent, id: header.sessionID, path: path, projectPath: header.projectPath,
            startedAt: header.startedAt, title: header.title)
    }

    public func read(_ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) -> ReadStats {
        try NeutralTranscript.read(path: path, header: { _ in }, visit)
    }
}

/// A one-session store over a neutral transcript file (`export-session --input FILE`).
public struct TranscriptFileStore: SessionStore {
    public let source: TranscriptFileSource
    public init(_ source: TranscriptFileSource) { self.source = source }
    public var agent: AgentKind { source.header.agent }
    public var location: String { source.path }
    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] { [source.summary] }
    public func session(id: String) throws(SessionError) -> SessionSummary? {
        id == source.header.sessionID ? source.summary : nil
    }
    public func read(
        _ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) -> ReadStats {
        try source.read(visit)
    }
    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }
    public func resumeCommand(id: String) -> String { "" }
    public func isValidID(_ id: String) -> Bool { id == source.header.sessionID }
}
