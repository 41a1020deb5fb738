#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a conversion carried, changed and could not carry. Printed and saved beside the converted session.
public struct ConversionLoss: Sendable, Equatable {
    /// Things in the source the target cannot hold, with counts ("thinking block", "image", …).
    public var lost: [String: Int] = [:]
    /// Things adapted to fit the target ("tool call without a result: placeholder result added", …).
    public var changed: [String: Int] = [:]
    public var prompts = 0
    public var answers = 0
    public var toolCalls = 0
    public var toolResults = 0

    public init() {}

    mutating func lose(_ what: String, _ n: Int = 1) { if n > 0 { lost[what, default: 0] += n } }
    mutating func change(_ what: String, _ n: Int = 1) { if n > 0 { changed[what, default: 0] += n } }

    /// Counts what a source message holds that no target carries as such.
    mutating func noteAttachments(_ m: TranscriptMessage) {
        for a in m.attachments { lose(a) }
    }

    public var json: JSONValue {
        [
            "carried": [
                "prompts": .int(prompts), "answers": .int(answers), "tool_calls": .int(toolCalls),
                "tool_results": .int(toolResults),
            ],
            "lost": .object(lost.mapValues { .int($0) }), "changed": .object(changed.mapValues { .int($0) }),
        ]
    }

    public func report(source: String, target: String, written: String?) -> String {
        var text = "Conversion loss report\n"
        text += "Source: \(source)\nTarget: \(target)\n"
        if let written { text += "Written: \(written)\n" }
        text +=
            "Carried: \(prompts) prompts, \(answers) answers, \(toolCalls) tool calls, \(toolResults) tool results\n"
        text += "Not carried:"
        if lost.isEmpty {
            text += " nothing\n"
        } else {
            text += "\n" + lost.keys.sorted().map { "- \(lost[$0]!) × \($0)" }.joined(separator: "\n") + "\n"
        }
        if !changed.isEmpty {
            text += "Changed to fit the target:\n"
            text += changed.keys.sorted().map { "- \(changed[$0]!) × \($0)" }.joined(separator: "\n") + "\n"
        }
        return text
    }
}

/// Facts every writer needs about the session it writes.
public struct WriterSetup: Sendable {
    /// The new session's id.
    public var sessionID: String
    /// The project folder the session belongs to (physical path): Claude's `cwd`, Codex's `session_meta.cwd`.
    public var cwd: String
    /// Where the session came from, for the provenance note (nil: no note, e.g. a plain import).
    public var provenance: String?
    /// Used when a message has no timestamp of its own.
    public var now: Date
    public var seed: String
    /// The source session's start (as written): the session's first line and the provenance note carry it, so the
    /// note sorts before the messages it introduces.
    public var startedAt: String?

    public init(
        sessionID: String, cwd: String, provenance: String?, now: Date, seed: String? = nil,
        startedAt: String? = nil
    ) {
        self.sessionID = sessionID
        self.cwd = cwd
        self.provenance = provenance
        self.now = now
        self.seed = seed ?? sessionID
        self.startedAt = startedAt
    }

    var firstTimestamp: String {
        WriterSupport.timestamp(startedAt, fallback: Timestamps.iso8601Milliseconds(now))
    }

    /// `Converted by agent-sessions from <Agent> session <id> (started …) on <date>.`
    public static func provenanceNote(source: TranscriptHeader, convertedAt: Date) -> String {
        var text =
            "[agent-sessions] This session was converted from \(source.agent.displayName) session "
            + source.sessionID
        if let s = source.startedAt { text += " (started \(s))" }
        text += " on \(Timestamps.iso8601(convertedAt)). Earlier reasoning, images and attachments were not carried;"
        text += " tool calls keep their original names."
        return text
    }
}

/// Writes a session in an agent's native format from transcript events, one line per event where it can.
public protocol SessionWriter {
    var agent: AgentKind { get }
    var loss: ConversionLoss { get }
    mutating func begin(into out: OutputBuffer) throws
    mutating func write(_ event: TranscriptEvent, into out: OutputBuffer) throws
    mutating func finish(into out: OutputBuffer) throws
}

enum WriterSupport {
    /// The message a writer carries and its timestamp; nil, with the loss noted, for what no target carries:
    /// compaction boundaries, subagent (sidechain) messages and system messages. Keeps `lastTimestamp` current.
    static func carried(_ event: TranscriptEvent, loss: inout ConversionLoss, lastTimestamp: inout String)
        -> (TranscriptMessage, String)?
    {
        guard case .message(let m) = event else {
            if case .compaction = event { loss.lose("compaction boundary (the summary after it is carried as text)") }
            return nil
        }
        if m.isSidechain {
            loss.lose("subagent (sidechain) message")
            return nil
        }
        loss.noteAttachments(m)
        let ts = timestamp(m.timestamp, fallback: lastTimestamp)
        lastTimestamp = ts
        if m.role == .system {
            loss.lose("system message")
            return nil
        }
        return (m, ts)
    }

    static func line(_ value: JSONValue, _ out: OutputBuffer) throws {
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes, indent: 0, pretty: false)
        bytes.append(0x0A)
        try out.write(bytes)
    }

    /// An ISO timestamp with milliseconds, from what the source wrote, else `fallback`.
    static func timestamp(_ source: String?, fallback: String) -> String {
        if let source, let date = Timestamps.parse(source) { return Timestamps.iso8601Milliseconds(date) }
        return fallback
    }

    /// A tool call's input as a JSON object (targets want objects; anything else is wrapped as `{"input": …}`).
    static func objectInput(_ input: JSONValue) -> JSONValue {
        if case .object = input { return input }
        if case .string(let s) = input, let parsed = try? JSONParser.parse(s), case .object = parsed { return parsed }
        if input == .null { return .object([:]) }
        return ["input": input]
    }

    /// A tool-call id of `[A-Za-z0-9_-]` (what the Anthropic API accepts), else nil.
    static func cleanID(_ id: String?) -> String? {
        guard let id, !id.isEmpty, id.utf8.count <= 128,
            id.utf8.allSatisfy({ ByteClass.base64URL.contains($0) })
        else { return nil }
        return id
    }

    static let noResult = "(no result was recorded for this tool call in the source session)"
}

// MARK: - Claude Code

/// A Claude Code transcript (agent-stores.md §1.7): `uuid`/`parentUuid` chain, assistant lines holding a full API
/// message, every `tool_use` answered by a `tool_result` in the next user line.
public struct ClaudeSessionWriter: SessionWriter {
    public var agent: AgentKind { .claude }
    public private(set) var loss = ConversionLoss()
    public var version = "2.1.329"
    let setup: WriterSetup
    var ids: IDGenerator
    var parent: String?
    var lastTimestamp: String
    /// The assistant turn being gathered (consecutive assistant messages become one API message).
    var blocks: [JSONValue] = []
    var assistantTimestamp: String?
    var assistantModel: String?
    /// tool_use ids of the last assistant line still waiting for results, in order.
    var open: [String] = []
    /// Source call id → the id written.
    var idMap: [String: String] = [:]

    public init(_ setup: WriterSetup) {
        self.setup = setup
        self.ids = IDGenerator(seed: "claude:" + setup.seed)
        self.lastTimestamp = setup.firstTimestamp
    }

    func base(_ type: String, uuid: String, timestamp: String) -> [String: JSONValue] {
        [
            "type": .string(type), "uuid": .string(uuid), "parentUuid": parent.map { .string($0) } ?? .null,
            "timestamp": .string(timestamp), "sessionId": .string(setup.sessionID), "cwd": .string(setup.cwd),
            "version": .string(version), "isSidechain": false, "userType": "external",
        ]
    }

    mutating func userLine(_ content: JSONValue, timestamp: String, _ out: OutputBuffer) throws {
        let uuid = ids.uuid()
        var o = base("user", uuid: uuid, timestamp: timestamp)
        o["message"] = ["role": "user", "content": content]
        try WriterSupport.line(.object(o), out)
        parent = uuid
    }

    public mutating func begin(into out: OutputBuffer) throws {
        if let note = setup.provenance { try userLine(.string(note), timestamp: lastTimestamp, out) }
    }

    public mutating func write(_ event: TranscriptEvent, into out: OutputBuffer) throws {
        guard let (m, ts) = WriterSupport.carried(event, loss: &loss, lastTimestamp: &lastTimestamp) else { return }
        if !m.toolResults.isEmpty {
            try flushAssistant(out)
            var content: [JSONValue] = []
            var answered: Set<String> = []
            for r in m.toolResults {
                let mapped =
                    r.callId.flatMap { idMap[$0] } ?? (r.callId == nil ? open.first { !answered.contains($0) } : nil)
                if let id = mapped, open.contains(id), !answered.contains(id) {
                    answered.insert(id)
                    var block: [String: JSONValue] = [
                        "type": "tool_result", "tool_use_id": .string(id),
                        "content": .string(r.output),
                    ]
                    if r.isError { block["is_error"] = true }
                    content.append(.object(block))
                    loss.toolResults += 1
                } else {
                    loss.change("tool result without a matching call: carried as text")
                    content.append([
                        "type": "text",
                        "text": .string("Tool result\(r.callId.map { " (\($0))" } ?? ""):\n\(r.output)"),
                    ])
                }
            }
            for id in open where !answered.contains(id) {
                loss.change("tool call without a result: placeholder result added")
                content.insert(
                    [
                        "type": "tool_result", "tool_use_id": .string(id), "content": .string(WriterSupport.noResult),
                        "is_error": true,
                    ], at: 0)
            }
            open = []
            if m.role == .user && !m.text.isEmpty {
                content.append(["type": "text", "text": .string(m.text)])
                loss.prompts += 1
            }
            try userLine(.array(content), timestamp: ts, out)
            if m.role == .user { return }
        }
        switch m.role {
        case .user:
            guard !m.text.isEmpty else { return }
            try flushAssistant(out)
            try closeOpen(ts, out)
            try userLine(.string(m.text), timestamp: ts, out)
            loss.prompts += 1
        case .assistant:
            loss.lose(
                "thinking block (clear-text reasoning: Claude only accepts its own signed thinking)", m.thinking.count)
            if !m.text.isEmpty {
                blocks.append(["type": "text", "text": .string(m.text)])
                loss.answers += 1
            }
            for c in m.toolCalls {
                let id = WriterSupport.cleanID(c.id) ?? "toolu_conv" + ids.hex(20)
                if let original = c.id { idMap[original] = id }
                if WriterSupport.cleanID(c.id) == nil { loss.change("tool call id rewritten to Claude's shape") }
                blocks.append([
                    "type": "tool_use", "id": .string(id), "name": .string(c.name),
                    "input": WriterSupport.objectInput(c.input),
                ])
                loss.toolCalls += 1
            }
            if assistantTimestamp == nil { assistantTimestamp = ts }
            if assistantModel == nil { assistantModel = m.model }
        case .system:
            return
        }
    }

    /// Answers tool calls left open with a placeholder result, so the API sees every tool_use paired.
    mutating func closeOpen(_ ts: String, _ out: OutputBuffer) throws {
        guard !open.isEmpty else { return }
        let content = open.map { id -> JSONValue in
            [
                "type": "tool_result", "tool_use_id": .string(id), "content": .string(WriterSupport.noResult),
                "is_error": true,
            ]
        }
        loss.change("tool call without a result: placeholder result added", open.count)
        open = []
        try userLine(.array(content), timestamp: ts, out)
    }

    mutating func flushAssistant(_ out: OutputBuffer) throws {
        guard !blocks.isEmpty else { return }
        try closeOpen(assistantTimestamp ?? lastTimestamp, out)
        let uuid = ids.uuid()
        var o = base("assistant", uuid: uuid, timestamp: assistantTimestamp ?? lastTimestamp)
        let toolIDs = blocks.compactMap { $0["type"]?.stringValue == "tool_use" ? $0["id"]?.stringValue : nil }
        o["message"] = [
            "id": .string("msg_conv" + ids.hex(24)), "type": "message", "role": "assistant",
            "model": .string(assistantModel ?? "unknown"), "content": .array(blocks),
            "stop_reason": .string(toolIDs.isEmpty ? "end_turn" : "tool_use"), "stop_sequence": .null,
            "usage": ["input_tokens": 0, "output_tokens": 0],
        ]
        o["requestId"] = .string("req_conv" + ids.hex(24))
        try WriterSupport.line(.object(o), out)
        parent = uuid
        open = toolIDs
        blocks = []
        assistantTimestamp = nil
        assistantModel = nil
    }

    public mutating func finish(into out: OutputBuffer) throws {
        try flushAssistant(out)
        try closeOpen(lastTimestamp, out)
    }
}

// MARK: - Codex CLI

/// A legacy Codex rollout (agent-stores.md §2.6): `session_meta`, then `response_item` messages and
/// `function_call`/`function_call_output` pairs, with the `user_message`/`agent_message` events the TUI shows.
public struct CodexRolloutWriter: SessionWriter {
    public var agent: AgentKind { .codex }
    public private(set) var loss = ConversionLoss()
    public var cliVersion = "0.163.0"
    let setup: WriterSetup
    var ids: IDGenerator
    var lastTimestamp: String
    var open: [String] = []
    var idMap: [String: String] = [:]

    public init(_ setup: WriterSetup) {
        self.setup = setup
        self.ids = IDGenerator(seed: "codex:" + setup.seed)
        self.lastTimestamp = setup.firstTimestamp
    }

    func envelope(_ type: String, _ payload: JSONValue, _ ts: String, _ out: OutputBuffer) throws {
        try WriterSupport.line(["timestamp": .string(ts), "type": .string(type), "payload": payload], out)
    }

    mutating func userMessage(_ text: String, _ ts: String, _ out: OutputBuffer) throws {
        try envelope(
            "response_item",
            [
                "type": "message", "role": "user",
                "content": [["type": "input_text", "text": .string(text)]],
            ], ts, out)
        try envelope("event_msg", ["type": "user_message", "message": .string(text), "images": []], ts, out)
    }

    public mutating func begin(into out: OutputBuffer) throws {
        try envelope(
            "session_meta",
            [
                "id": .string(setup.sessionID), "timestamp": .string(lastTimestamp), "cwd": .string(setup.cwd),
                "originator": "codex_cli_rs", "cli_version": .string(cliVersion), "source": "cli",
                "model_provider": "openai",
            ], lastTimestamp, out)
        if let note = setup.provenance { try userMessage(note, lastTimestamp, out) }
    }

    mutating func closeOpen(_ ts: String, _ out: OutputBuffer) throws {
        for id in open {
            loss.change("tool call without a result: placeholder result added")
            try envelope(
                "response_item",
                [
                    "type": "function_call_output", "call_id": .string(id),
                    "output": .string(WriterSupport.noResult),
                ], ts, out)
        }
        open = []
    }

    public mutating func write(_ event: TranscriptEvent, into out: OutputBuffer) throws {
        guard let (m, ts) = WriterSupport.carried(event, loss: &loss, lastTimestamp: &lastTimestamp) else { return }
        for r in m.toolResults {
            let id = r.callId.flatMap { idMap[$0] } ?? (r.callId == nil ? open.first : nil)
            if let id, let index = open.firstIndex(of: id) {
                open.remove(at: index)
                try envelope(
                    "response_item",
                    [
                        "type": "function_call_output", "call_id": .string(id),
                        "output": .string(r.output),
                    ], ts, out)
                loss.toolResults += 1
            } else {
                loss.change("tool result without a matching call: carried as text")
                try envelope(
                    "response_item",
                    [
                        "type": "message", "role": "user",
                        "content": [
                            [
                                "type": "input_text",
                                "text": .string("Tool result\(r.callId.map { " (\($0))" } ?? ""):\n\(r.output)"),
                            ]
                        ],
                    ], ts, out)
            }
        }
        switch m.role {
        case .user:
            guard !m.text.isEmpty else { return }
            try closeOpen(ts, out)
            try userMessage(m.text, ts, out)
            loss.prompts += 1
        case .assistant:
            loss.lose(
                "thinking block (clear-text reasoning: Codex only replays its own encrypted reasoning)",
                m.thinking.count)
            if !m.text.isEmpty {
                try envelope(
                    "response_item",
                    [
                        "type": "message", "role": "assistant",
                        "content": [["type": "output_text", "text": .string(m.text)]],
                    ], ts, out)
                try envelope("event_msg", ["type": "agent_message", "message": .string(m.text)], ts, out)
                loss.answers += 1
            }
            for c in m.toolCalls {
                let id = c.id.flatMap { $0.isEmpty ? nil : $0 } ?? "call_conv" + ids.hex(20)
                if let original = c.id { idMap[original] = id }
                let arguments: String
                if case .string(let s) = c.input {
                    arguments = s
                } else {
                    arguments = JSONWriter.compactString(WriterSupport.objectInput(c.input))
                }
                try envelope(
                    "response_item",
                    [
                        "type": "function_call", "name": .string(c.name),
                        "arguments": .string(arguments), "call_id": .string(id),
                    ], ts, out)
                open.append(id)
                loss.toolCalls += 1
            }
        case .system:
            return
        }
    }

    public mutating func finish(into out: OutputBuffer) throws {
        try closeOpen(lastTimestamp, out)
    }
}

// MARK: - Gemini CLI

/// A Gemini CLI 2026 chat (agent-stores.md §3): a metadata line, then `user`/`gemini` message records; a model
/// turn's tool calls carry their results; `lastUpdated` is patched with `$set` at the end.
public struct GeminiChatWriter: SessionWriter {
    public var agent: AgentKind { .gemini }
    public private(set) var loss = ConversionLoss()
    let setup: WriterSetup
    var ids: IDGenerator
    var lastTimestamp: String
    /// The model turn being gathered until its tool results are in.
    var pending: [String: JSONValue]?
    var calls: [JSONValue] = []
    var callIDs: [String] = []
    var results: [String: (String, Bool)] = [:]
    var idMap: [String: String] = [:]

    public init(_ setup: WriterSetup) {
        self.setup = setup
        self.ids = IDGenerator(seed: "gemini:" + setup.seed)
        self.lastTimestamp = setup.firstTimestamp
    }

    public mutating func begin(into out: OutputBuffer) throws {
        try WriterSupport.line(
            [
                "sessionId": .string(setup.sessionID), "projectHash": .string(SHA256.hex(setup.cwd)),
                "startTime": .string(lastTimestamp), "lastUpdated": .string(lastTimestamp), "kind": "main",
            ], out)
        if let note = setup.provenance {
            try WriterSupport.line(
                [
                    "id": .string(ids.uuid()), "timestamp": .string(lastTimestamp), "type": "info",
                    "content": .string(note),
                ], out)
        }
    }

    public mutating func write(_ event: TranscriptEvent, into out: OutputBuffer) throws {
        guard let (m, ts) = WriterSupport.carried(event, loss: &loss, lastTimestamp: &lastTimestamp) else { return }
        for r in m.toolResults {
            let id = r.callId.flatMap { idMap[$0] } ?? (r.callId == nil ? callIDs.first { results[$0] == nil } : nil)
            if let id, callIDs.contains(id), results[id] == nil {
                results[id] = (r.output, r.isError)
                loss.toolResults += 1
            } else {
                loss.change("tool result without a matching call: carried as text")
                try flush(out)
                try WriterSupport.line(
                    [
                        "id": .string(ids.uuid()), "timestamp": .string(ts), "type": "user",
                        "content": .string("Tool result\(r.callId.map { " (\($0))" } ?? ""):\n\(r.output)"),
                    ], out)
            }
        }
        switch m.role {
        case .user:
            guard !m.text.isEmpty else { return }
            try flush(out)
            try WriterSupport.line(
                [
                    "id": .string(ids.uuid()), "timestamp": .string(ts), "type": "user",
                    "content": .string(m.text),
                ], out)
            loss.prompts += 1
        case .assistant:
            if pending != nil && !callIDs.isEmpty { try flush(out) }
            var record =
                pending ?? [
                    "id": .string(ids.uuid()), "timestamp": .string(ts), "type": "gemini",
                    "content": "",
                ]
            if !m.text.isEmpty {
                let before = record["content"]?.stringValue ?? ""
                record["content"] = .string(before.isEmpty ? m.text : before + "\n\n" + m.text)
                loss.answers += 1
            }
            if let model = m.model { record["model"] = .string(model) }
            if !m.thinking.isEmpty {
                var thoughts = record["thoughts"]?.arrayValue ?? []
                for t in m.thinking {
                    thoughts.append(["subject": "", "description": .string(t), "timestamp": .string(ts)])
                }
                record["thoughts"] = .array(thoughts)
            }
            for c in m.toolCalls {
                let id = c.id.flatMap { $0.isEmpty ? nil : $0 } ?? "call_conv" + ids.hex(20)
                if let original = c.id { idMap[original] = id }
                callIDs.append(id)
                calls.append([
                    "id": .string(id), "name": .string(c.name), "args": WriterSupport.objectInput(c.input),
                    "timestamp": .string(ts),
                ])
                loss.toolCalls += 1
            }
            pending = record
        case .system:
            return
        }
    }

    mutating func flush(_ out: OutputBuffer) throws {
        guard var record = pending else { return }
        if !calls.isEmpty {
            record["toolCalls"] = .array(
                calls.map { call in
                    guard case .object(var c) = call, let id = c["id"]?.stringValue, let name = c["name"]?.stringValue
                    else { return call }
                    if let (output, isError) = results[id] {
                        c["status"] = .string(isError ? "error" : "success")
                        c["result"] = [
                            [
                                "functionResponse": [
                                    "id": .string(id), "name": .string(name),
                                    "response": isError ? ["error": .string(output)] : ["output": .string(output)],
                                ]
                            ]
                        ]
                    } else {
                        loss.change("tool call without a result: marked cancelled")
                        c["status"] = "cancelled"
                        c["result"] = [
                            [
                                "functionResponse": [
                                    "id": .string(id), "name": .string(name),
                                    "response": ["error": .string(WriterSupport.noResult)],
                                ]
                            ]
                        ]
                    }
                    return .object(c)
                })
        }
        try WriterSupport.line(.object(record), out)
        pending = nil
        calls = []
        callIDs = []
        results = [:]
    }

    public mutating func finish(into out: OutputBuffer) throws {
        try flush(out)
        try WriterSupport.line(["$set": ["lastUpdated": .string(lastTimestamp)]], out)
    }
}
