#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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

    public mutating func begin(into out: OutputBuffer) throws(SessionError) {
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

    public mutating func write(_ event: TranscriptEvent, into out: OutputBuffer) throws(SessionError) {
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

    mutating func flush(_ out: OutputBuffer) throws(SessionError) {
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

    public mutating func finish(into out: OutputBuffer) throws(SessionError) {
        try flush(out)
        try WriterSupport.line(["$set": ["lastUpdated": .string(lastTimestamp)]], out)
    }
}
