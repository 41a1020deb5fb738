import Foundation
import Testing

@testable import SessionModel

func writeSynthetic(_ writer: inout some SessionWriter) throws -> [JSONValue] {
    let out = OutputBuffer()
    try writer.begin(into: out)
    _ = try TranscriptFileSource(path: syntheticTranscript).read { (event) throws(SessionError) in
        try writer.write(event, into: out)
    }
    try writer.finish(into: out)
    #expect(out.text.hasSuffix("\n"))
    return try out.text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
}

let fixedSetup = WriterSetup(
    sessionID: "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10", cwd: "/home/dev/other",
    provenance: "[agent-sessions] converted from Codex CLI session 01a1fd34",
    now: Date(timeIntervalSince1970: 1_795_000_000), startedAt: "2026-11-21T08:23:59.430Z")

@Suite struct SessionWriterTests {
    /// agent-stores.md §1.7: every message line has type, message{role,content}, timestamp; uuid/parentUuid chain;
    /// assistant = full API message; every tool_use answered by a tool_result in the next line.
    @Test func claudeLinesHaveTheRequiredFieldsAndPairedTools() throws {
        var writer = ClaudeSessionWriter(fixedSetup)
        let lines = try writeSynthetic(&writer)
        var parent: JSONValue = .null
        var open: [String] = []
        for (i, line) in lines.enumerated() {
            let type = try #require(line["type"]?.stringValue)
            #expect(type == "user" || type == "assistant")
            #expect(line["message"]?["role"]?.stringValue == type)
            #expect(line["message"]?["content"] != nil)
            #expect(Timestamps.parse(line["timestamp"]?.stringValue ?? "") != nil)
            #expect(IDShapes.isUUID(line["uuid"]?.stringValue ?? ""))
            #expect(line["parentUuid"] == parent, "line \(i + 1) breaks the chain")
            parent = line["uuid"]!
            #expect(line["sessionId"]?.stringValue == fixedSetup.sessionID)
            #expect(line["cwd"]?.stringValue == "/home/dev/other")
            let blocks = line["message"]?["content"]?.arrayValue ?? []
            // The tool_use ids of the previous assistant line must be answered here, first thing.
            if !open.isEmpty {
                #expect(type == "user", "line \(i + 1): tool_use not answered")
                let answered = blocks.compactMap {
                    $0["type"]?.stringValue == "tool_result" ? $0["tool_use_id"]?.stringValue : nil
                }
                #expect(Set(answered) == Set(open), "line \(i + 1)")
            }
            open = []
            if type == "assistant" {
                let m = try #require(line["message"])
                #expect(m["id"]?.stringValue?.hasPrefix("msg_") == true)
                #expect(m["type"]?.stringValue == "message" && m["model"]?.stringValue != nil)
                #expect(m["stop_reason"]?.stringValue != nil && m["usage"]?["input_tokens"] != nil)
                #expect(!blocks.isEmpty)
                for b in blocks where b["type"]?.stringValue == "tool_use" {
                    let id = try #require(b["id"]?.stringValue)
                    #expect(id.utf8.allSatisfy { ByteClass.base64URL.contains($0) })
                    #expect(b["input"]?.objectValue != nil && b["name"]?.stringValue != nil)
                    open.append(id)
                }
                #expect(!blocks.contains { $0["type"]?.stringValue == "thinking" })
            }
        }
        #expect(open.isEmpty)
        #expect(lines.first?["message"]?["content"]?.stringValue?.hasPrefix("[agent-sessions]") == true)
        #expect(lines.first?["parentUuid"] == .null)
        let all = lines.map { JSONWriter.compactString($0) }.joined(separator: "\n")
        for expected in [
            "Fix the parser.", "Let me look around first.", "parser.swift\\nlexer.swift", "Thanks!",
            "You're welcome.",
        ] {
            #expect(all.contains(expected), "missing \(expected)")
        }
        #expect(!all.contains("(subagent) scanning files"))
        #expect(writer.loss.lost.keys.contains { $0.hasPrefix("thinking block") })
        #expect(writer.loss.lost["image"] == 1 && writer.loss.lost["encrypted reasoning"] == 1)
        #expect(writer.loss.toolCalls == 2 && writer.loss.toolResults == 2)
    }

    @Test func claudeWriterPairsACallThatHasNoResult() throws {
        var writer = ClaudeSessionWriter(fixedSetup)
        let out = OutputBuffer()
        try writer.begin(into: out)
        try writer.write(.message(TranscriptMessage(role: .user, text: "go")), into: out)
        try writer.write(
            .message(
                TranscriptMessage(role: .assistant, toolCalls: [ToolCall(id: "call 1!", name: "Bash", input: "ls")])),
            into: out)
        try writer.write(.message(TranscriptMessage(role: .user, text: "next")), into: out)
        try writer.finish(into: out)
        let lines = try out.text.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(lines.count == 5)
        let use = try #require(lines[2]["message"]?["content"]?.arrayValue?.first)
        let id = try #require(use["id"]?.stringValue)
        #expect(id.hasPrefix("toolu_conv") && use["input"] == ["input": "ls"])
        #expect(lines[3]["message"]?["content"]?.arrayValue?.first?["tool_use_id"]?.stringValue == id)
        #expect(writer.loss.changed["tool call without a result: placeholder result added"] == 1)
    }

    /// agent-stores.md §2.6: session_meta first with id/timestamp/cwd/originator/cli_version/source/model_provider;
    /// messages as response_item with input_text/output_text plus user_message/agent_message events;
    /// function_call{name, arguments: JSON string, call_id} answered by function_call_output{call_id, output}.
    @Test func codexLinesFollowTheLegacyRollout() throws {
        var writer = CodexRolloutWriter(fixedSetup)
        let lines = try writeSynthetic(&writer)
        let meta = try #require(lines.first)
        #expect(meta["type"]?.stringValue == "session_meta")
        for key in ["id", "timestamp", "cwd", "originator", "cli_version", "source", "model_provider"] {
            #expect(meta["payload"]?[key]?.stringValue != nil, "session_meta lacks \(key)")
        }
        #expect(meta["payload"]?["id"]?.stringValue == fixedSetup.sessionID)
        var calls: [String] = []
        var outputs: [String] = []
        for (i, line) in lines.enumerated() {
            #expect(line["ordinal"] == nil)
            #expect(Timestamps.parse(line["timestamp"]?.stringValue ?? "") != nil)
            let type = try #require(line["type"]?.stringValue)
            #expect(["session_meta", "response_item", "event_msg"].contains(type))
            let p = try #require(line["payload"])
            guard type == "response_item" else { continue }
            switch p["type"]?.stringValue {
            case "message":
                let role = p["role"]?.stringValue
                let part = p["content"]?.arrayValue?.first
                #expect(part?["type"]?.stringValue == (role == "user" ? "input_text" : "output_text"))
                #expect(part?["text"]?.stringValue != nil)
                let next = lines[i + 1]["payload"]
                #expect(
                    next?["type"]?.stringValue == (role == "user" ? "user_message" : "agent_message")
                        || part?["text"]?.stringValue?.hasPrefix("Tool result") == true)
            case "function_call":
                let args = try #require(p["arguments"]?.stringValue)
                #expect((try JSONParser.parse(args)).objectValue != nil)
                calls.append(try #require(p["call_id"]?.stringValue))
                #expect(p["name"]?.stringValue != nil)
            case "function_call_output":
                let id = try #require(p["call_id"]?.stringValue)
                #expect(calls.contains(id), "output before its call")
                outputs.append(id)
                #expect(p["output"]?.stringValue != nil)
            default:
                Issue.record("unexpected response_item \(p)")
            }
        }
        #expect(calls == ["call_1", "call_2"] && outputs == calls)
        #expect(
            lines[1]["payload"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("[agent-sessions]")
                == true)
    }

    /// agent-stores.md §3 (2026 JSONL): metadata line, then {id,timestamp,type,content}; gemini records carry
    /// toolCalls{id,name,args,result,status,timestamp} and thoughts; `$set` patches lastUpdated.
    @Test func geminiLinesFollowThe2026Chat() throws {
        var writer = GeminiChatWriter(fixedSetup)
        let lines = try writeSynthetic(&writer)
        let meta = try #require(lines.first)
        #expect(meta["sessionId"]?.stringValue == fixedSetup.sessionID)
        #expect(meta["projectHash"]?.stringValue == SHA256.hex("/home/dev/other"))
        #expect(meta["kind"]?.stringValue == "main" && meta["startTime"] != nil && meta["lastUpdated"] != nil)
        #expect(lines.last?["$set"]?["lastUpdated"]?.stringValue != nil)
        var ids: Set<String> = []
        var toolCalls = 0
        for line in lines.dropFirst().dropLast() {
            let id = try #require(line["id"]?.stringValue)
            #expect(ids.insert(id).inserted)
            #expect(Timestamps.parse(line["timestamp"]?.stringValue ?? "") != nil)
            let type = try #require(line["type"]?.stringValue)
            #expect(["user", "gemini", "info"].contains(type))
            #expect(line["content"]?.stringValue != nil)
            for call in line["toolCalls"]?.arrayValue ?? [] {
                toolCalls += 1
                #expect(call["args"]?.objectValue != nil && call["name"] != nil && call["id"] != nil)
                #expect(["success", "error", "cancelled"].contains(call["status"]?.stringValue ?? ""))
                #expect(call["result"]?.arrayValue?.first?["functionResponse"]?["response"] != nil)
            }
        }
        #expect(toolCalls == 2)
        #expect(lines[1]["type"]?.stringValue == "info")
        // Gemini keeps clear-text thoughts: nothing lost there.
        #expect(!writer.loss.lost.keys.contains { $0.hasPrefix("thinking") })
        #expect(lines.contains { $0["thoughts"]?.arrayValue?.isEmpty == false })
    }

    @Test func pathsAndHashes() {
        #expect(ClaudePaths.projectFolderName("/home/dev/My Proj.v2_x") == "-home-dev-My-Proj-v2-x")
        #expect(ClaudePaths.projectFolderName("/Users/dev/café ü/src") == "-Users-dev-caf----src")
        let long = "/home/dev/code/" + String(repeating: "client-projects-archive-2025/", count: 7) + "service"
        let enc = ClaudePaths.projectFolderName(long)
        #expect(enc.hasSuffix("-client-proj-x3yne2") && enc.count == 207)
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(GeminiPaths.baseSlug("/home/dev/My App_v2") == "my-app-v2")
        var g = IDGenerator(seed: "x")
        #expect(IDShapes.isUUID(g.uuid()))
    }
}
