#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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

    func envelope(_ type: String, _ payload: JSONValue, _ ts: String, _ out: OutputBuffer) throws(SessionError) {
        try WriterSupport.line(["timestamp": .string(ts), "type": .string(type), "payload": payload], out)
    }

    mutating func userMessage(_ text: String, _ ts: String, _ out: OutputBuffer) throws(SessionError) {
        try envelope(
            "response_item",
            [
                "type": "message", "role": "user",
                "content": [["type": "input_text", "text": .string(text)]],
            ], ts, out)
        try envelope("event_msg", ["type": "user_message", "message": .string(text), "images": []], ts, out)
    }

    public mutating func begin(into out: OutputBuffer) throws(SessionError) {
        try envelope(
            "session_meta",
            [
                "id": .string(setup.sessionID), "timestamp": .string(lastTimestamp), "cwd": .string(setup.cwd),
                "originator": "codex_cli_rs", "cli_version": .string(cliVersion), "source": "cli",
                "model_provider": "openai",
            ], lastTimestamp, out)
        if let note = setup.provenance { try userMessage(note, lastTimestamp, out) }
    }

    mutating func closeOpen(_ ts: String, _ out: OutputBuffer) throws(SessionError) {
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

    public mutating func write(_ event: TranscriptEvent, into out: OutputBuffer) throws(SessionError) {
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

    public mutating func finish(into out: OutputBuffer) throws(SessionError) {
        try closeOpen(lastTimestamp, out)
    }
}
