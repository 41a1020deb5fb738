#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `export-session --format native` for OpenCode (its entry's `nativeExport`).
enum OpenCodeExport {
    /// OpenCode: `opencode export <id>` when the binary is on PATH (what `opencode import` takes back), else the same
    /// `{info, messages:[{info, parts}], todos}` shape built from the transcript, streamed.
    static func export(
        _ session: SessionSummary, store: any SessionStore, out: OutputBuffer, redact: Bool,
        counts: inout RedactionCounts, environment: AgentEnvironment
    ) throws(SessionError) {
        let redactor = Redactor()
        if Executables.find("opencode", path: environment.variables["PATH"]) != nil {
            let result = try environment.processRunner.run(
                "opencode", ["export", session.id], workingDirectory: session.projectPath,
                environment: environment.variables, input: nil, timeout: 120)
            guard result.succeeded else {
                throw SessionError(
                    .badData, "opencode export failed: \(result.stderrText.split(separator: "\n").first ?? "")")
            }
            var bytes = result.stdout
            if redact {
                var redacted: [UInt8] = []
                if bytes.withUnsafeBufferPointer({ redactor.redact($0, into: &redacted, counts: &counts) }) {
                    bytes = redacted
                }
            }
            try out.write(bytes)
            return
        }
        var info: [String: JSONValue] = ["id": .string(session.id)]
        if let t = session.title { info["title"] = .string(redact ? redactor.redact(t, counts: &counts) : t) }
        if let d = session.projectPath { info["directory"] = .string(d) }
        try out.write("{\"info\":" + JSONWriter.compactString(.object(info)) + ",\"messages\":[")
        var first = true
        var index = 0
        _ = try store.read(session) { event throws(SessionError) in
            guard case .message(var m) = event else { return }
            if redact { SessionExporter.redact(&m, redactor, &counts) }
            index += 1
            let messageID = m.id ?? "msg_\(index)"
            var parts: [JSONValue] = []
            if !m.text.isEmpty { parts.append(["type": "text", "text": .string(m.text)]) }
            for t in m.thinking { parts.append(["type": "reasoning", "text": .string(t)]) }
            for c in m.toolCalls {
                parts.append([
                    "type": "tool", "tool": .string(c.name), "callID": .string(c.id ?? ""),
                    "state": ["status": "completed", "input": c.input],
                ])
            }
            for r in m.toolResults {
                parts.append(["type": "tool-result", "callID": .string(r.callId ?? ""), "output": .string(r.output)])
            }
            var minfo: [String: JSONValue] = [
                "id": .string(messageID), "sessionID": .string(session.id),
                "role": .string(m.role == .assistant ? "assistant" : "user"),
            ]
            if let t = m.timestamp, let d = Timestamps.parse(t) {
                minfo["time"] = ["created": .int(Int(d.timeIntervalSince1970 * 1000))]
            }
            try out.write(
                (first ? "" : ",") + JSONWriter.compactString(["info": .object(minfo), "parts": .array(parts)]))
            first = false
        }
        try out.write("],\"todos\":[]}\n")
    }
}
