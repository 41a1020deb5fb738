#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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

    mutating func userLine(_ content: JSONValue, timestamp: String, _ out: OutputBuffer) throws(SessionError) {
        let uuid = ids.uuid()
        var o = base("user", uuid: uuid, timestamp: timestamp)
        o["message"] = ["role": "user", "content": content]
        try WriterSupport.line(.object(o), out)
        parent = uuid
    }

    public mutating func begin(into out: OutputBuffer) throws(SessionError) {
        if let note = setup.provenance { try userLine(.string(note), timestamp: lastTimestamp, out) }
    }

    public mutating func write(_ event: TranscriptEvent, into out: OutputBuffer) throws(SessionError) {
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
    mutating func closeOpen(_ ts: String, _ out: OutputBuffer) throws(SessionError) {
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

    mutating func flushAssistant(_ out: OutputBuffer) throws(SessionError) {
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

    public mutating func finish(into out: OutputBuffer) throws(SessionError) {
        try flushAssistant(out)
        try closeOpen(lastTimestamp, out)
    }
}
