import Foundation
import Testing

@testable import SessionModel

/// The byte-level fast paths of the exports (issue #17) give exactly what the string-level code they replace gives.
@Suite struct ExportSpeedTests {
    // MARK: - UTF-8 check

    /// `UTF8Check.isValid` accepts exactly what `String(validating:)` accepts.
    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var samples: [[UInt8]] = [
            [], Array("plain ascii text, longer than eight bytes".utf8), Array("é 한국어 テスト 😀".utf8),
            [0xFF], [0xC3, 0x28], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xE0, 0x80, 0x80], [0xE0, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x80], [0xBF], [0xE2, 0x28, 0xA1], [0xF0, 0x9F, 0x28, 0x80],
        ]
        // Each sample also after 1–9 ASCII bytes (the eight-byte skip stops at every offset) and before ASCII.
        for s in samples where !s.isEmpty {
            for pad in 1...9 { samples.append(Array(repeating: 0x61, count: pad) + s + [0x62, 0x63]) }
        }
        // Random bytes biased to UTF-8 lead and continuation bytes.
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [
            0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4,
        ]
        for _ in 0..<5000 {
            let n = Int.random(in: 1...14, using: &rng)
            samples.append(
                (0..<n).map { _ in
                    Bool.random(using: &rng)
                        ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
                })
        }
        for s in samples {
            let expected = String(validating: s, as: UTF8.self) != nil
            let got = s.withUnsafeBufferPointer { UTF8Check.isValid($0) }
            #expect(got == expected, "\(s)")
        }
    }

    // MARK: - Excerpts

    static let outputs: [String] = [
        "", "\n", "one line", "one line\n", "a\r\n", "a\nb\r\n", "1\n2\n3\n4\n5\n6\n7\n8", "1\n2\n3\n4\n5\n6\n",
        "1\n2\n3\n4\n5\n6", "1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n7\r\n8\r\n", "tick ` and ``` fence\nnext\n",
        "combining after a backtick: `\u{301} ``\u{301}`\n", "한국어 テスト\n😀😀\nend",
        String(repeating: "x", count: 40_000), String(repeating: "é", count: 20_000) + "\nrest",
        String(repeating: "line\n", count: 100), "\n\n\n\n\n\n\n\n", "a\r\n\r\nb\n",
    ]

    /// The byte cut gives the string cut, in every mode, for Markdown's and HTML's line counts.
    @Test(arguments: outputs) func cutBytesAgreesWithTheStringCut(_ output: String) {
        for detail in ResultDetail.allCases {
            for lines in [ResultDetail.markdownLines, ResultDetail.htmlLines, 1] {
                let cut = detail.cut(output, lines: lines)
                let bytes = RenderText.withBytes(output) { detail.cutBytes($0, lines: lines) }
                #expect(bytes.shown == cut.shown.utf8.count)
                #expect(bytes.moreLines == cut.moreLines)
                #expect(bytes.moreBytes == cut.moreBytes)
            }
        }
        // The old string cut, as it was written before the byte version (reference).
        let utf8 = output.utf8
        var end = utf8.startIndex
        var newlines = 0
        var count = 0
        while end != utf8.endIndex && count < ResultDetail.maxBytes {
            if utf8[end] == 0x0A {
                newlines += 1
                if newlines == ResultDetail.markdownLines { break }
            }
            end = utf8.index(after: end)
            count += 1
        }
        while end != utf8.endIndex && end != utf8.startIndex && utf8[end] & 0xC0 == 0x80 {
            end = utf8.index(before: end)
        }
        var restStart = end
        if restStart != utf8.endIndex && utf8[restStart] == 0x0A { restStart = utf8.index(after: restStart) }
        let rest = utf8[restStart...]
        var shown = Substring(utf8[..<end])
        if rest.isEmpty, shown.hasSuffix("\n") { shown = shown.dropLast() }
        let got = ResultDetail.excerpt.cut(output, lines: ResultDetail.markdownLines)
        #expect(got.shown == shown)
        #expect(got.moreBytes == (rest.isEmpty ? 0 : rest.count))
    }

    /// The fenced block written from bytes is the string `fenced`, or is refused (backtick beside a non-ASCII byte).
    @Test(arguments: outputs) func fencedBytesAgreeWithFenced(_ text: String) throws {
        let out = OutputBuffer()
        let written = try RenderText.withBytes(text) { try RenderText.writeFenced($0, indent: "  ", into: out) }
        if written {
            #expect(out.text == RenderText.fenced(text, indent: "  "))
        } else {
            #expect(text.utf8.contains(0x60) && text.utf8.contains { $0 >= 0x80 })
        }
    }

    @Test func countLFCountsEveryLineFeed() {
        let many = [
            String(repeating: "\n", count: 5000), String(repeating: "a\n", count: 5000) + "tail",
            String(repeating: "\n\u{8A}é", count: 3000),
        ]
        for text in Self.outputs + many + ["\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n", "\u{0A}\u{8A}\u{0B}\u{09}" + "x\ny"] {
            let n = RenderText.withBytes(text) { RenderText.countLF($0) }
            #expect(n == text.utf8.filter { $0 == 0x0A }.count)
        }
    }

    // MARK: - Reading only some parts

    /// A `shallow` key is kept at the line's and the message's level only.
    @Test func shallowKeysAreKeptOnlyNearTheTop() throws {
        let filter = JSONParser.KeyFilter(keys: ["message", "content", "type"], shallow: ["content"])
        let text = #"{"content":"top","message":{"content":[{"type":"tool_result","content":"deep"}]}}"#
        let v = try Array(text.utf8).withUnsafeBufferPointer { try JSONParser.parse($0, filter: filter).get() }
        #expect(v["content"] == "top")
        let block = v["message"]?["content"]?.arrayValue?.first
        #expect(block?["type"] == "tool_result")
        #expect(block != nil && block?["content"] == nil)
    }

    static func claudeFixtures() -> [String] {
        let root = Fixtures.path("claude")
        var files: [String] = []
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let name = walker.nextObject() as? String {
                if name.hasSuffix(".jsonl") { files.append(root + "/" + name) }
            }
        }
        return files.sorted()
    }

    static func read(_ path: String, _ parts: TranscriptParts) throws -> [TranscriptEvent] {
        var events: [TranscriptEvent] = []
        var reader = ClaudeTranscriptReader(path: path, parts: parts)
        try LineReader.forEachLine(path: path) { line, number throws(SessionError) in
            try reader.feed(line, number: number) { events.append($0) }
            return true
        }
        try reader.finish { events.append($0) }
        return events
    }

    /// Without thinking (the Markdown and HTML exports without `--thinking`): the same events, thinking empty.
    @Test func readingWithoutThinkingOnlyEmptiesThinking() throws {
        let files = Self.claudeFixtures()
        #expect(files.count >= 2)
        var thinking = 0
        for path in files {
            let full = try Self.read(path, .all)
            let light = try Self.read(path, [.toolInput, .toolOutput])
            let expected = full.map { event -> TranscriptEvent in
                guard case .message(var m) = event else { return event }
                thinking += m.thinking.count
                m.thinking = []
                return .message(m)
            }
            #expect(light == expected, "\(path)")
        }
        #expect(thinking > 0)  // the fixtures have some: the test can fail
    }

    /// With no bulky part (the journal's metrics): the same events with the same roles, times, prompts and counts of
    /// calls and results, and the same metrics.
    @Test func readingTheOutlineKeepsWhatMetricsNeed() throws {
        var outputs = 0
        for path in Self.claudeFixtures() {
            let full = try Self.read(path, .all)
            let outline = try Self.read(path, [])
            #expect(full.count == outline.count, "\(path)")
            for (a, b) in zip(full, outline) {
                switch (a, b) {
                case (.message(let x), .message(let y)):
                    #expect(x.role == y.role && x.id == y.id && x.timestamp == y.timestamp, "\(path):\(x.line)")
                    #expect(x.isSidechain == y.isSidechain && x.isPrompt == y.isPrompt, "\(path):\(x.line)")
                    #expect(x.text == y.text, "\(path):\(x.line)")
                    #expect(x.toolCalls.map(\.id) == y.toolCalls.map(\.id), "\(path):\(x.line)")
                    #expect(x.toolResults.map(\.callId) == y.toolResults.map(\.callId), "\(path):\(x.line)")
                    #expect(y.thinking.isEmpty && y.toolResults.allSatisfy(\.output.isEmpty))
                    outputs += x.toolResults.filter { !$0.output.isEmpty }.count
                default:
                    #expect(a == b, "\(path)")
                }
            }
            var c1 = TranscriptMetrics.Counter()
            var c2 = TranscriptMetrics.Counter()
            for e in full { c1.visit(e) }
            for e in outline { c2.visit(e) }
            #expect(c1.metrics == c2.metrics, "\(path)")
        }
        #expect(outputs > 0)
    }

    /// Sizes only (`--results none`): the same events as a full read, each result's output empty and its size
    /// measured; the Markdown and HTML pages are the same bytes.
    @Test func readingOutputSizesMeasuresWithoutBuilding() throws {
        var measured = 0
        for path in Self.claudeFixtures() {
            let full = try Self.read(path, [.toolInput, .toolOutput])
            let sizes = try Self.read(path, [.toolInput, .toolOutputSize])
            let expected = full.map { event -> TranscriptEvent in
                guard case .message(var m) = event else { return event }
                m.thinking = []
                for i in m.toolResults.indices {
                    m.toolResults[i].outputSize = m.toolResults[i].output.utf8.count
                    m.toolResults[i].output = ""
                    measured += 1
                }
                return .message(m)
            }
            #expect(sizes == expected, "\(path)")
            for detail in [ResultDetail.none] {
                for make in [
                    { MarkdownRenderer(results: detail) as any TranscriptRenderer },
                    { HTMLRenderer(results: detail) as any TranscriptRenderer },
                ] {
                    var pages: [String] = []
                    for events in [full, sizes] {
                        var r = make()
                        let out = OutputBuffer()
                        for e in events { try r.render(e, into: out) }
                        try r.finish(messages: 1, redactions: nil, into: out)
                        pages.append(out.text)
                    }
                    #expect(pages[0] == pages[1], "\(path)")
                }
            }
        }
        #expect(measured > 0)
    }

    /// A measured tool-result `content` has the length of `StoreSupport.text(of:)` of the built one, notes an image
    /// element as the built one does, and a broken line fails with the same error.
    @Test func measuredContentHasTheBuiltLength() {
        let contents = [
            #""""#, #""plain""#, #""a\nb\t\"q\" \\ \/ \b\f\r""#, #""é 한국어 😀 \u00e9\u4e2d\u0041""#,
            #""\ud83d\ude00 pair, \ud83d lone high, \ude00 lone low, \ud83d\u0041 high then plain""#,
            #""\ud83d\""#, #"[]"#, #"["one"]"#, #"["one", "two", 3, null, ["x"], {"a": 1}]"#,
            #"[{"type": "text", "text": "hello\nworld"}, {"type": "image", "source": {"data": "AAAA"}}]"#,
            #"[{"text": "first", "text": "last"}, {"text": "x", "text": 5}, {"te\u0078t": "escaped key"}]"#,
            #"[{"type": "image", "type": "text", "text": "not an image"}, {"type": "text", "type": "image"}]"#,
            #"[{}, {"type": 1}, "s", {"text": ""}, {"text": "é\u00e9"}]"#, #"{"k": "object"}"#, #"null"#, #"42"#,
            #"true"#,
            // Broken: the same error as a full parse.
            #""unterminated"#, #""bad \x escape""#, #"["a" "b"]"#, #"[{"text" "x"}]"#, #"[{"text": "x",}]"#,
            #"[1,]"#, #""\u12G4""#, #"[{"type": "image"], 1]"#,
        ]
        // And the key filter's cases as elements of a measured array (valid and broken objects, every error).
        let elements = (JSONKeyFilterTests.valid + JSONKeyFilterTests.malformed).map { "[\($0), \"tail\"]" }
        let filter = ClaudeTranscriptReader.filter([.toolInput, .toolOutputSize], persisted: false)
        var checked = 0
        for content in contents + elements {
            for bytes in [Array(content.utf8), Array(content.utf8).map { $0 == 0x41 ? 0xFF : $0 }] {
                let line =
                    Array(#"{"type":"user","message":{"content":[{"type":"tool_result","content":"#.utf8) + bytes
                    + Array("}]}}".utf8)
                let built = line.withUnsafeBufferPointer {
                    JSONParser.parse($0, filter: ClaudeTranscriptReader.keyFilter)
                }
                let measured = line.withUnsafeBufferPointer { JSONParser.parse($0, filter: filter) }
                switch (built, measured) {
                case (.success(let b), .success(let m)):
                    let block = b["message"]?["content"]?.arrayValue?.first
                    let mBlock = m["message"]?["content"]?.arrayValue?.first
                    let text = StoreSupport.text(of: block?["content"])
                    let image = block?["content"]?.arrayValue?.contains { $0["type"]?.stringValue == "image" } ?? false
                    if let got = JSONParser.measured(mBlock?["content"]) {
                        #expect(got.bytes == text.utf8.count, "\(content)")
                        #expect(got.image == image, "\(content)")
                        checked += 1
                    } else {
                        #expect(mBlock?["content"] == block?["content"], "\(content)")  // built as it is
                    }
                case (.failure(let b), .failure(let m)):
                    #expect(b == m, "\(content)")
                default:
                    Issue.record("\(content): \(built) but \(measured)")
                }
            }
        }
        #expect(checked >= 14)
    }

    /// A captured tool-result `content` holds exactly the UTF-8 bytes of `StoreSupport.text(of:)` of the built one
    /// (escapes decoded, blocks joined, the last `text` member of a block), notes an image element as the built one
    /// does, and a broken line — invalid UTF-8 included — fails with the same error as a full parse.
    @Test func capturedContentHasTheBuiltBytes() {
        let contents = Self.toolContents
        let elements = (JSONKeyFilterTests.valid + JSONKeyFilterTests.malformed).map { "[\($0), \"tail\"]" }
        let filter = ClaudeTranscriptReader.filter(.all, persisted: false)
        var checked = 0
        for content in contents + elements {
            // Each content as it is, with 0xFF (never UTF-8) for `A`, and with a cut 2-byte sequence (0xC3) for it.
            for bad: UInt8? in [nil, 0xFF, 0xC3] {
                let bytes = Array(content.utf8).map { $0 == 0x41 ? (bad ?? $0) : $0 }
                let line =
                    Array(#"{"type":"user","message":{"content":[{"type":"tool_result","content":"#.utf8) + bytes
                    + Array("}]}}".utf8)
                let built = line.withUnsafeBufferPointer {
                    JSONParser.parse($0, filter: ClaudeTranscriptReader.keyFilter)
                }
                var captures: [JSONParser.Captured] = []
                let captured = line.withUnsafeBufferPointer {
                    JSONParser.parse($0, filter: filter, captures: &captures)
                }
                switch (built, captured) {
                case (.success(let b), .success(let c)):
                    let block = b["message"]?["content"]?.arrayValue?.first
                    let cBlock = c["message"]?["content"]?.arrayValue?.first
                    let text = StoreSupport.text(of: block?["content"])
                    let image = block?["content"]?.arrayValue?.contains { $0["type"]?.stringValue == "image" } ?? false
                    if let got = JSONParser.captured(cBlock?["content"], in: captures) {
                        #expect(got.bytes == Array(text.utf8), "\(content)")
                        #expect(got.image == image, "\(content)")
                        checked += 1
                    } else {
                        #expect(cBlock?["content"] == block?["content"], "\(content)")  // built as it is
                    }
                case (.failure(let b), .failure(let c)):
                    #expect(b == c, "\(content)")
                default:
                    Issue.record("\(content): \(built) but \(captured)")
                }
            }
        }
        #expect(checked >= 30)
    }

    /// The exported tool results are the same whether the reader captures them as bytes or builds them as strings.
    @Test func capturedOutputsReadAsBuiltOnes() throws {
        let temp = TempDir()
        let lines = Self.toolContents.prefix(17).enumerated().map { i, content in
            #"{"type":"user","uuid":"u\#(i)","message":{"content":[{"type":"tool_result","tool_use_id":"t\#(i)","content":\#(content)}]}}"#
        }
        let path = temp.path + "/s.jsonl"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let (captured, built, s1, s2) = try ClaudeKeyFilterTests.readBoth(path)
        #expect(captured == built)
        #expect(s1 == s2)
        let outputs = captured.flatMap { e -> [ToolResult] in
            if case .message(let m) = e { return m.toolResults }
            return []
        }
        #expect(outputs.count >= 15)
        #expect(outputs.contains { $0.output == "a\nb\t\"q\" \\ / \u{8}\u{C}\r" })
    }

    /// Tool outputs redacted as bytes come out as the redacted string's bytes, with the same counts.
    @Test func outputsRedactAsBytesAsTheirStrings() {
        var rng = SystemRandomNumberGenerator()
        let alnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let pieces = ["é", "한국어", "😀", " ", "\n", "password=", "export AWS_SECRET_ACCESS_KEY=", "\"", "`", "x"]
        let redactor = Redactor()
        var found = 0
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                text += pieces.randomElement(using: &rng)!
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text += "ghp_" + String((0..<36).map { _ in alnum.randomElement(using: &rng)! })
                case 1: text += "AKIA" + String((0..<16).map { _ in alnum[Int.random(in: 0..<26, using: &rng)] })
                default:
                    let n = Int.random(in: 0...40, using: &rng)
                    text += String((0..<n).map { _ in alnum.randomElement(using: &rng)! })
                }
            }
            var byString = RedactionCounts()
            let expected = Array(redactor.redact(text, counts: &byString).utf8)
            var byBytes = RedactionCounts()
            var bytes = Array(text.utf8)
            SessionExporter.redact(bytes: &bytes, redactor, &byBytes)
            #expect(bytes == expected, "\(text)")
            #expect(byBytes == byString, "\(text)")
            if byString.total > 0 { found += 1 }
        }
        #expect(found > 100)
    }

    static let toolContents = [
        #""""#, #""plain""#, #""a\nb\t\"q\" \\ \/ \b\f\r""#, #""é 한국어 😀 \u00e9\u4e2d\u0041""#,
        #""\ud83d\ude00 pair, \ud83d lone high, \ude00 lone low, \ud83d\u0041 high then plain""#,
        #""\ud83d\""#, #"[]"#, #"["one"]"#, #"["one", "two", 3, null, ["x"], {"a": 1}]"#,
        #"[{"type": "text", "text": "hello\nworld"}, {"type": "image", "source": {"data": "AAAA"}}]"#,
        #"[{"text": "first", "text": "last"}, {"text": "x", "text": 5}, {"te\u0078t": "escaped key"}]"#,
        #"[{"text": "A first", "text": 5, "text": "Z last"}, {"text": "dropped", "text": null}, "after"]"#,
        #"[{"type": "image", "type": "text", "text": "not an image"}, {"type": "text", "type": "image"}]"#,
        #"[{}, {"type": 1}, "s", {"text": ""}, {"text": "é\u00e9"}]"#, #"{"k": "object"}"#, #"null"#, #"42"#,
        #"true"#, #"["Aé", "\u00e9A"]"#,
        // Broken: the same error as a full parse.
        #""unterminated"#, #""bad \x escape""#, #"["a" "b"]"#, #"[{"text" "x"}]"#, #"[{"text": "x",}]"#,
        #"[1,]"#, #""\u12G4""#, #"[{"type": "image"], 1]"#,
    ]

    // MARK: - Reading on its own thread

    /// A failure at item `at`, as the core throws it.
    static func broken(at: Int) -> SessionError { SessionError(.refused, "broken at \(at)") }

    /// Items arrive in order through a small queue; the producer's error comes after its items.
    @Test func handoffKeepsTheOrderAndRethrowsTheProducersError() throws {
        var got: [Int] = []
        try Handoff<Int>.run(
            capacity: 3, produce: { (h) throws(SessionError) in for i in 0..<10_000 { try h.send(i) } }
        ) { got.append($0) }
        #expect(got == Array(0..<10_000))
        got = []
        #expect(throws: Self.broken(at: 500)) {
            try Handoff<Int>.run(
                capacity: 2,
                produce: { (h) throws(SessionError) in
                    for i in 0..<500 { try h.send(i) }
                    throw Self.broken(at: 500)
                }
            ) { got.append($0) }
        }
        #expect(got == Array(0..<500))
    }

    /// An error of the consumer stops the producer (no hang) and is the one thrown.
    @Test func handoffStopsTheProducerWhenTheConsumerFails() {
        final class Sent: @unchecked Sendable { var count = 0 }
        let sent = Sent()
        #expect(throws: Self.broken(at: 7)) {
            try Handoff<Int>.run(
                capacity: 4,
                produce: { (h) throws(SessionError) in
                    for i in 0..<1_000_000 {
                        try h.send(i)
                        sent.count += 1
                    }
                }
            ) { (item) throws(SessionError) in if item == 7 { throw Self.broken(at: 7) } }
        }
        #expect(sent.count < 1_000_000)
    }

    // MARK: - Tool inputs as far as Markdown's preview shows them

    static let previewInputs: [String] = [
        #"{"command":"ls -la","description":"list"}"#, #"{"description":"x","command":""}"#,
        #"{"file_path":"/a/b","content":"token ghp_abcdefghijklmnopqrstuvwxyz0123456789 inside"}"#,
        #"{"todos":[{"content":"a","status":"pending"}]}"#, #"{}"#, #""plain string input""#, #"[1,2]"#,
        #"{"path":["a",{"b":1}],"x":1}"#, #"{"query":"find AKIAIOSFODNN7EXAMPLE now"}"#,
        #"{"api_key":"sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD","command":"run"}"#,
        #"{"command":{"nested":"obj"},"cmd":"x"}"#, #"{"command":"a","command":"b"}"#,
        #"{"url":"https://user:hunter2hunter2@example.com/x"}"#, #"{"prompt":"\u00e9 escaped \n text"}"#,
        #"{"input":{"command":"deep"}}"#, #"{"pattern":[],"query":"q"}"#, #"null"#,
        #"{"command":"export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 && run"}"#,
    ]

    /// Redacting and previewing the part `previewInput` builds gives what redacting and previewing the whole input
    /// gives (with and without redaction); only the shown member is built when there is one.
    @Test(arguments: previewInputs) func previewOfThePartIsThePreviewOfTheWhole(_ json: String) throws {
        let whole = try JSONParser.parse(json)
        let part = RenderText.previewInput(Array(json.utf8))
        let r = Redactor()
        var c1 = RedactionCounts()
        var c2 = RedactionCounts()
        let expected = RenderText.toolPreview(
            ToolCall(id: nil, name: "T", input: SessionExporter.redact(whole, r, &c1)))
        let got = RenderText.toolPreview(ToolCall(id: nil, name: "T", input: SessionExporter.redact(part, r, &c2)))
        #expect(got == expected)
        #expect(
            RenderText.toolPreview(ToolCall(id: nil, name: "T", input: part))
                == RenderText.toolPreview(ToolCall(id: nil, name: "T", input: whole)))
        if case .object(let o) = whole,
            RenderText.previewKeys.contains(where: { o[$0].map(RenderText.isShown) == true })
        {
            #expect(part.objectValue?.count == 1)
        } else {
            #expect(part == whole)
        }
    }

    /// Read with `toolInputPreview`, a Claude tool call carries its input's JSON text, which parses to the input
    /// the full read builds; nothing else of the events differs.
    @Test func inputsReadAsTextAreTheInputsReadWhole() throws {
        var calls = 0
        for path in Self.claudeFixtures() {
            let whole = try Self.read(path, .all)
            let text = try Self.read(path, [.thinking, .toolInput, .toolInputPreview, .toolOutput])
            #expect(whole.count == text.count, "\(path)")
            for (a, b) in zip(whole, text) {
                guard case .message(let ma) = a, case .message(var mb) = b else {
                    #expect(a == b)
                    continue
                }
                for i in mb.toolCalls.indices {
                    let json = try #require(mb.toolCalls[i].inputJSON)
                    #expect(mb.toolCalls[i].input == .null)
                    mb.toolCalls[i].input = try JSONParser.parse(json)
                    mb.toolCalls[i].inputJSON = nil
                    calls += 1
                }
                #expect(ma == mb, "\(path)")
            }
        }
        #expect(calls > 0)  // the fixtures have tool calls: the test can fail
    }
}
