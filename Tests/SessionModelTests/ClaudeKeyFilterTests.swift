import Foundation
import Testing

@testable import SessionModel

/// The Claude reader builds only the keys it reads (`ClaudeTranscriptReader.keyFilter`): the events and stats must
/// be those of a full parse of every line, on every Claude fixture and on lines with the odd shapes.
@Suite struct ClaudeKeyFilterTests {
    static func readBoth(_ path: String) throws -> (
        filtered: [TranscriptEvent], full: [TranscriptEvent], ReadStats, ReadStats
    ) {
        var filtered: [TranscriptEvent] = []
        var reader = ClaudeTranscriptReader(path: path)
        try LineReader.forEachLine(path: path) { line, number throws(SessionError) in
            try reader.feed(line, number: number) { filtered.append($0) }
            return true
        }
        try reader.finish { filtered.append($0) }

        var full: [TranscriptEvent] = []
        var plain = ClaudeTranscriptReader(path: path)
        try LineReader.forEachLine(path: path) { line, number throws(SessionError) in
            plain.stats.lines += 1
            if let o = StoreSupport.parseObjectLine(line, path: path, number: number, stats: &plain.stats) {
                try plain.handle(o, number: number) { full.append($0) }
            }
            return true
        }
        try plain.finish { full.append($0) }
        return (filtered, full, reader.stats, plain.stats)
    }

    @Test func everyClaudeFixtureReadsAsWithAFullParse() throws {
        let root = Fixtures.path("claude")
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            Issue.record("no fixtures at \(root)")
            return
        }
        var files = 0
        var messages = 0
        while let name = walker.nextObject() as? String {
            guard name.hasSuffix(".jsonl") else { continue }
            let (filtered, full, s1, s2) = try Self.readBoth(root + "/" + name)
            #expect(filtered == full, "\(name)")
            #expect(s1 == s2, "\(name)")
            files += 1
            messages += s1.messages
        }
        #expect(files >= 5)
        #expect(messages > 20)
    }

    @Test func oddShapesReadAsWithAFullParse() throws {
        let temp = TempDir()
        let lines = [
            #"{"type":"user","uuid":"u1","timestamp":"2026-01-01T00:00:00Z","cwd":"/x","message":{"role":"user","content":"hi"}}"#,
            #"{"type":"assistant","uuid":"a1","message":{"id":"m1","model":"x","content":[{"type":"thinking","thinking":"t","signature":"sig"},{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls","usage":{"k":1},"cwd":"/y"}}],"usage":{"input_tokens":1}}}"#,
            #"{"type":"user","uuid":"u2","toolUseResult":{"stdout":"a\nb","stderr":""},"message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":{"weird":{"shape":[1,2]},"text":"x"}}]}}"#,
            #"{"type":"user","uuid":"u3","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"one"},{"type":"image","source":{"data":"AAAA"}},"two",7],"is_error":true}]}}"#,
            #"{"type":"assistant","uuid":"a2","message":{"id":"m2","content":[{"type":"server_tool_use","id":"s1","name":"web","input":"plain"},{"type":"mystery","z":1},"bare"]}}"#,
            #"{"type":"system","subtype":"compact_boundary","compactMetadata":{"trigger":"auto","preTokens":5},"timestamp":"t"}"#,
            #"{"type":"system","subtype":"info","content":"note","level":"x"}"#,
            #"{"type":"summary","summary":"A title","leafUuid":"x"}"#,
            #"{"type":"user","isMeta":true,"message":{"content":"<command-name>/x</command-name>"}}"#,
            #"{"type":"user","isCompactSummary":true,"message":{"content":[{"type":"text","text":"sum"}]}}"#,
            #"{"type":"file-history-snapshot","snapshot":{"a":1}}"#,
            #"{"type":"user","skip":{"a":1,}}"#, #"{"type":"user","message":"x" "z":1}"#, "[1,2]", "", "not json",
            #"{"type":"assistant","message":{"id":"m3","content":[{"type":"text","text":"é 😀 \u00e9 \ud83d"}]}}"#,
        ]
        let path = temp.path + "/s.jsonl"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let (filtered, full, s1, s2) = try Self.readBoth(path)
        #expect(filtered == full)
        #expect(s1 == s2)
        #expect(s1.malformed.count == 4)
        #expect(filtered.count >= 9)
    }
}
