import Foundation
import Testing

@testable import SessionModel

/// TEST-ONLY minimal readers of the real Claude/Codex fixtures (the production readers are the stores' job). Just
/// enough to drive the writers with what the real agents wrote.
enum MiniReader {
    static func text(_ content: JSONValue?) -> String {
        if let s = content?.stringValue { return s }
        return (content?.arrayValue ?? []).compactMap { b -> String? in
            let t = b["type"]?.stringValue
            return t == "text" || t == "input_text" || t == "output_text" ? b["text"]?.stringValue : nil
        }.joined(separator: "\n\n")
    }

    static func claude(_ path: String) throws -> [TranscriptEvent] {
        var events: [TranscriptEvent] = []
        for line in try jsonLines(path) {
            guard let type = line["type"]?.stringValue, type == "user" || type == "assistant",
                let message = line["message"]
            else { continue }
            var m = TranscriptMessage(
                role: type == "user" ? .user : .assistant, timestamp: line["timestamp"]?.stringValue,
                text: text(message["content"]), model: message["model"]?.stringValue)
            for b in message["content"]?.arrayValue ?? [] {
                switch b["type"]?.stringValue {
                case "tool_use":
                    m.toolCalls.append(
                        ToolCall(
                            id: b["id"]?.stringValue, name: b["name"]?.stringValue ?? "", input: b["input"] ?? .null))
                case "tool_result":
                    m.toolResults.append(
                        ToolResult(
                            callId: b["tool_use_id"]?.stringValue, output: text(b["content"]),
                            isError: b["is_error"]?.boolValue ?? false))
                case "thinking":
                    m.thinking.append(b["thinking"]?.stringValue ?? "")
                default: break
                }
            }
            events.append(.message(m))
        }
        return events
    }

    static func codex(_ path: String) throws -> [TranscriptEvent] {
        var events: [TranscriptEvent] = []
        for line in try jsonLines(path) where line["type"]?.stringValue == "response_item" {
            let p = line["payload"]!
            let ts = line["timestamp"]?.stringValue
            switch p["type"]?.stringValue {
            case "message":
                let role = p["role"]?.stringValue
                let t = text(p["content"])
                if role == "developer" || t.hasPrefix("<environment_context>") { continue }
                events.append(
                    .message(TranscriptMessage(role: role == "assistant" ? .assistant : .user, timestamp: ts, text: t)))
            case "function_call":
                let args = p["arguments"]?.stringValue ?? ""
                events.append(
                    .message(
                        TranscriptMessage(
                            role: .assistant, timestamp: ts,
                            toolCalls: [
                                ToolCall(
                                    id: p["call_id"]?.stringValue, name: p["name"]?.stringValue ?? "",
                                    input: (try? JSONParser.parse(args)) ?? .string(args))
                            ])))
            case "function_call_output":
                events.append(
                    .message(
                        TranscriptMessage(
                            role: .user, timestamp: ts,
                            toolResults: [
                                ToolResult(
                                    callId: p["call_id"]?.stringValue,
                                    output: p["output"]?.stringValue ?? JSONWriter.compactString(p["output"] ?? .null))
                            ])))
            default: continue
            }
        }
        return events
    }
}

@Suite struct RealFixtureConversionTests {
    func write(_ writer: inout some SessionWriter, _ events: [TranscriptEvent]) throws -> (String, [JSONValue]) {
        let out = OutputBuffer()
        try writer.begin(into: out)
        for e in events { try writer.write(e, into: out) }
        try writer.finish(into: out)
        return (out.text, try out.text.split(separator: "\n").map { try JSONParser.parse(String($0)) })
    }

    @Test func realCodexRolloutToClaude() throws {
        let events = try MiniReader.codex(codexFixture)
        var writer = ClaudeSessionWriter(fixedSetup)
        let (text, lines) = try write(&writer, events)
        #expect(text.contains("Set up the parser work.") && text.contains("\"done\""))
        #expect(writer.loss.toolCalls == 3 && writer.loss.toolResults == 3)
        #expect(writer.loss.changed.isEmpty, "\(writer.loss.changed)")
        // Chain and pairing.
        var parent: JSONValue = .null
        for line in lines {
            #expect(line["parentUuid"] == parent)
            parent = line["uuid"]!
        }
        #expect(lines.last?["type"]?.stringValue == "assistant")
    }

    @Test func realClaudeTranscriptToCodexAndGemini() throws {
        let events = try MiniReader.claude(claudeFixture)
        var codex = CodexRolloutWriter(fixedSetup)
        let (text, _) = try write(&codex, events)
        #expect(text.contains("Set up the parser work.") && text.contains("Let me look around first."))
        #expect(codex.loss.toolCalls == 4 && codex.loss.toolResults == 4, "\(codex.loss)")
        var gemini = GeminiChatWriter(fixedSetup)
        let (gtext, glines) = try write(&gemini, events)
        #expect(gtext.contains("Set up the parser work."))
        let calls = glines.flatMap { $0["toolCalls"]?.arrayValue ?? [] }
        #expect(calls.count == 4 && calls.allSatisfy { $0["status"]?.stringValue == "success" })
    }
}
