/// Reads Codex rollout lines (agent-stores.md §2.2) into the common model, one line at a time.
///
/// - `response_item` records are the conversation. Assistant output of one turn (reasoning, function calls, text)
///   is gathered into one assistant message until a tool output, a user message or a second text arrives; tool
///   outputs become user messages holding `toolResults` (as in Claude's model).
/// - `developer` messages, and `user` messages that Codex injects itself (`<environment_context>`,
///   `<user_instructions>`, `# AGENTS.md instructions for …`, `<skill>`, `<turn_aborted>`, …), become role `system`:
///   they are context, not prompts. Decided by the text's opening tag, the way Codex itself tells them apart.
/// - `event_msg` records repeat what the response items already hold (`user_message`, `agent_message`,
///   `item_completed`, `agent_reasoning`, …): they are skipped (counted as `event_msg:<type>`), so nothing counts
///   twice. A `thread_name_updated` event gives the title.
/// - `compacted` → a compaction boundary, then its summary as a `system` message marked `isCompactSummary`.
/// - Lines without the `{timestamp,type,payload}` envelope (the earliest 2025 rollouts) are read as bare payloads.
struct CodexRolloutReader {
    let path: String
    var stats = ReadStats()
    private var pending: TranscriptMessage?

    init(path: String) { self.path = path }

    static let injectedPrefixes = [
        "<environment_context>", "<user_instructions>", "# agents.md instructions for",
        "<skill>", "<turn_aborted>", "<subagent_notification>", "<permissions instructions>",
        "<user_shell_command>", "<collaboration_mode>", "<apps_instructions>",
    ]

    static func isInjected(_ text: String) -> Bool {
        let head = text.drop(while: { $0.isWhitespace }).prefix(40).lowercased()
        return injectedPrefixes.contains { head.hasPrefix($0) }
    }

    mutating func feed(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, _ visit: (TranscriptEvent) throws(SessionError) -> Void
    )
        throws(SessionError)
    {
        stats.lines += 1
        guard let o = StoreSupport.parseObjectLine(line, path: path, number: number, stats: &stats) else { return }
        let type = o["type"]?.stringValue ?? "(no type)"
        let timestamp = o["timestamp"]?.stringValue
        switch type {
        case "response_item":
            guard case .object(let p)? = o["payload"] else {
                stats.skipped["response_item:(no payload)", default: 0] += 1
                return
            }
            try item(p, timestamp: timestamp, number: number, visit)
        case "compacted":
            try flush(visit)
            try visit(.compaction(timestamp: timestamp, trigger: nil))
            let summary = o["payload"]?["message"]?.stringValue ?? ""
            if !summary.isEmpty {
                try emit(
                    TranscriptMessage(
                        role: .system, timestamp: timestamp, text: summary, isCompactSummary: true,
                        line: number), visit)
            }
        case "event_msg":
            let sub = o["payload"]?["type"]?.stringValue ?? "(none)"
            if sub == "thread_name_updated", let name = o["payload"]?["thread_name"]?.stringValue,
                let title = StoreSupport.oneLine(name)
            {
                try visit(.title(title))
                return
            }
            stats.skipped["event_msg:" + sub, default: 0] += 1
        case "message", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output",
            "reasoning", "local_shell_call", "web_search_call":
            // 2025 rollouts without the envelope.
            try item(o, timestamp: timestamp, number: number, visit)
        default:
            stats.skipped[type, default: 0] += 1
        }
    }

    mutating func finish(_ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) {
        try flush(visit)
    }

    private mutating func item(
        _ p: [String: JSONValue], timestamp: String?, number: Int,
        _ visit: (TranscriptEvent) throws(SessionError) -> Void
    ) throws(SessionError) {
        let kind = p["type"]?.stringValue ?? "(none)"
        switch kind {
        case "message":
            let role = p["role"]?.stringValue ?? ""
            var texts: [String] = []
            var attachments: [String] = []
            switch p["content"] {
            case .string(let s)?: texts.append(s)
            case .array(let blocks)?:
                for b in blocks {
                    switch b["type"]?.stringValue {
                    case "input_text", "output_text", "text": if let t = b["text"]?.stringValue { texts.append(t) }
                    case "refusal": if let t = b["refusal"]?.stringValue { texts.append(t) }
                    case "input_image": attachments.append("image")
                    case let other?: attachments.append(other)
                    case nil: break
                    }
                }
            default: break
            }
            let text = texts.joined(separator: "\n\n")
            if role == "assistant" {
                if let open = pending, !open.text.isEmpty { try flush(visit) }
                var m =
                    pending
                    ?? TranscriptMessage(
                        role: .assistant, id: p["id"]?.stringValue, timestamp: timestamp,
                        line: number)
                m.text = ClaudeTranscriptReader.join(m.text, text)
                m.attachments += attachments
                if m.id == nil { m.id = p["id"]?.stringValue }
                pending = m
                return
            }
            try flush(visit)
            let isContext = role != "user" || Self.isInjected(text)
            try emit(
                TranscriptMessage(
                    role: isContext ? .system : .user, id: p["id"]?.stringValue,
                    timestamp: timestamp, text: text, attachments: attachments, line: number), visit)
        case "reasoning":
            var m = takePending(timestamp: timestamp, number: number)
            for s in p["summary"]?.arrayValue ?? [] {
                if let t = s["text"]?.stringValue, !t.isEmpty { m.thinking.append(t) }
            }
            for s in p["content"]?.arrayValue ?? [] {
                if let t = s["text"]?.stringValue, !t.isEmpty { m.thinking.append(t) }
            }
            if let enc = p["encrypted_content"], !enc.isNull { m.attachments.append("encrypted reasoning") }
            pending = m
        case "function_call", "custom_tool_call", "local_shell_call", "web_search_call", "tool_search_call":
            var m = takePending(timestamp: timestamp, number: number)
            m.toolCalls.append(Self.call(p, kind: kind))
            pending = m
        case "function_call_output", "custom_tool_call_output", "local_shell_call_output", "tool_search_output":
            try flush(visit)
            let output = p["output"]
            var text = StoreSupport.text(of: output)
            var structured = output
            // ignored: an output that is not JSON is kept as text
            if case .string(let s)? = output, s.hasPrefix("{"), let parsed = try? JSONParser.parse(s),
                parsed["output"] != nil
            {
                structured = parsed  // 2025 shell output: a JSON string {"output","metadata":{"exit_code"}}
            }
            if case .object(let o)? = structured { text = StoreSupport.text(of: o["content"] ?? o["output"] ?? output) }
            let exitCode = structured?["metadata"]?["exit_code"]?.intValue
            let failed = structured?["success"]?.boolValue == false || (exitCode != nil && exitCode != 0)
            try emit(
                TranscriptMessage(
                    role: .user, timestamp: timestamp,
                    toolResults: [
                        ToolResult(
                            callId: p["call_id"]?.stringValue, output: text,
                            isError: failed)
                    ], line: number), visit)
        default:
            stats.skipped["response_item:" + kind, default: 0] += 1
        }
    }

    static func call(_ p: [String: JSONValue], kind: String) -> ToolCall {
        let id = p["call_id"]?.stringValue ?? p["id"]?.stringValue
        switch kind {
        case "function_call":
            return ToolCall(id: id, name: p["name"]?.stringValue ?? "?", input: parsedArguments(p["arguments"]))
        case "custom_tool_call":
            return ToolCall(id: id, name: p["name"]?.stringValue ?? "?", input: parsedArguments(p["input"]))
        case "local_shell_call":
            return ToolCall(id: id, name: "local_shell", input: p["action"] ?? .object([:]))
        default:
            return ToolCall(
                id: id, name: kind.replacingText("_call", with: ""),
                input: p["action"] ?? p["arguments"] ?? .object([:]))
        }
    }

    /// A Codex `arguments` string parsed when it is JSON, else kept as the string.
    static func parsedArguments(_ value: JSONValue?) -> JSONValue {
        guard let value else { return .object([:]) }
        // ignored: a string that is not JSON is kept as a string
        if case .string(let s) = value, let parsed = try? JSONParser.parse(s),
            parsed.objectValue != nil
                || parsed.arrayValue != nil
        {
            return parsed
        }
        return value
    }

    private mutating func takePending(timestamp: String?, number: Int) -> TranscriptMessage {
        if let p = pending {
            pending = nil
            return p
        }
        return TranscriptMessage(role: .assistant, timestamp: timestamp, line: number)
    }

    private mutating func flush(_ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) {
        if let m = pending {
            pending = nil
            try emit(m, visit)
        }
    }

    private mutating func emit(_ message: TranscriptMessage, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError)
    {
        stats.messages += 1
        try visit(.message(message))
    }
}
