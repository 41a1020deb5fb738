import Foundation
import Testing

@testable import SessionModel

/// Markdown and HTML redact only as much of a tool output as its excerpt shows (issue #17): the excerpt is the one
/// the whole output's redaction gives, whatever the cut (`SessionExporter.redactExcerpt`).
@Suite struct ExcerptRedactionTests {
    struct Cut: Equatable {
        var shown: [UInt8]
        var moreLines: Int
        var moreBytes: Int
        var size: Int
        var counts: RedactionCounts
    }

    /// The reference: the whole output redacted (`redact(bytes:)`, what `--results full` and json do), then cut.
    static func whole(_ text: [UInt8], lines: Int) -> Cut {
        var bytes = text
        var counts = RedactionCounts()
        SessionExporter.redact(bytes: &bytes, Redactor(), &counts)
        let c = bytes.withUnsafeBufferPointer { ResultDetail.excerpt.cutBytes($0, lines: lines) }
        return Cut(
            shown: Array(bytes[0..<c.shown]), moreLines: c.moreLines, moreBytes: c.moreBytes, size: bytes.count,
            counts: counts)
    }

    /// What the exporter does for an excerpt, and what a renderer then shows of it.
    static func windowed(_ text: [UInt8], lines: Int) -> Cut {
        var m = TranscriptMessage(role: .user, toolResults: [ToolResult(callId: nil, outputBytes: text)])
        var counts = RedactionCounts()
        SessionExporter.redact(&m, Redactor(), &counts, excerptLines: lines)
        let r = m.toolResults[0]
        let c = r.outputBytes.withUnsafeBufferPointer { ResultDetail.excerpt.cut(r, $0, lines: lines) }
        return Cut(
            shown: Array(r.outputBytes[0..<c.shown]), moreLines: c.moreLines, moreBytes: c.moreBytes, size: r.size,
            counts: counts)
    }

    /// What the window logic replaces, to show that a case is a boundary case: the raw output cut first, then the
    /// shown part redacted.
    static func cutThenRedact(_ text: [UInt8], lines: Int) -> [UInt8] {
        let c = text.withUnsafeBufferPointer { ResultDetail.excerpt.cutBytes($0, lines: lines) }
        var shown = Array(text[0..<c.shown])
        var counts = RedactionCounts()
        SessionExporter.redact(bytes: &shown, Redactor(), &counts)
        return shown
    }

    /// Another: a fixed window (the raw excerpt and 64 bytes more) redacted, the excerpt cut from it + the raw rest.
    static func fixedWindow(_ text: [UInt8], lines: Int) -> [UInt8] {
        let c = text.withUnsafeBufferPointer { ResultDetail.excerpt.cutBytes($0, lines: lines) }
        let w = min(text.count, c.shown + 1 + 64)
        var head = Array(text[0..<w])
        var counts = RedactionCounts()
        SessionExporter.redact(bytes: &head, Redactor(), &counts)
        let all = head + text[w...]
        let d = all.withUnsafeBufferPointer { ResultDetail.excerpt.cutBytes($0, lines: lines) }
        return Array(all[0..<d.shown])
    }

    /// True when `bytes` (from `from` on) hold 8 consecutive bytes of `secret`.
    static func leaks(_ secret: String, in bytes: [UInt8], from: Int = 0) -> Bool {
        let s = Array(secret.utf8)
        guard s.count >= 8, bytes.count - from >= 8 else { return false }
        func key(_ b: [UInt8], _ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 << 8 | UInt64(b[i + $1]) } }
        let grams = Set((0...(s.count - 8)).map { key(s, $0) })
        var k = key(bytes, from)
        if grams.contains(k) { return true }
        for i in (from + 8)..<bytes.count {
            k = k << 8 | UInt64(bytes[i])
            if grams.contains(k) { return true }
        }
        return false
    }

    static func filler(_ from: Int, _ to: Int) -> String {
        from > to ? "" : (from...to).map { "line \($0) of the tool output\n" }.joined()
    }

    static func github(_ rng: inout SeededRandom) -> String { "gh" + "p_" + SecretCorpus.body(.alnum, 36, &rng) }

    // MARK: - Clean outputs: the bytes of today

    static func cleanOutputs() -> [String] {
        var rng = SeededRandom(seed: 17)
        var out = ExportSpeedTests.outputs
        let words = ["alpha", "beta", "gamma", "délta", "función", "テスト", "x", "path/to/file.swift", "(1, 2)", "ok."]
        for k in 0..<60 {
            var text = ""
            let lines = Int.random(in: 0...90, using: &rng)
            for _ in 0..<lines {
                let n = k % 7 == 0 ? Int.random(in: 500...9000, using: &rng) : Int.random(in: 0...14, using: &rng)
                text += (0..<n).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
                text += k % 5 == 0 ? "\r\n" : "\n"
            }
            if k % 3 == 0 { text += "no final line feed" }
            out.append(text)
        }
        return out
    }

    /// Without a secret, the excerpt, its rest, the size label and the counts are exactly the whole redaction's.
    @Test func cleanOutputsGiveTheWholeRedactionsExcerpt() {
        for text in Self.cleanOutputs() {
            for lines in [ResultDetail.markdownLines, ResultDetail.htmlLines, 1] {
                let bytes = Array(text.utf8)
                #expect(Self.windowed(bytes, lines: lines) == Self.whole(bytes, lines: lines), "\(text.prefix(80))")
            }
        }
    }

    /// The export fixtures render to the same bytes (their goldens) through the excerpt path.
    @Test func fixturesRenderTheSameBytes() throws {
        var md = MarkdownRenderer()
        var mdWindowed = MarkdownRenderer()
        let markdown = try render(&md)
        #expect(try render(&mdWindowed, excerptLines: ResultDetail.markdownLines) == markdown)
        try expectGolden(markdown, "synthetic.md")
        var html = HTMLRenderer()
        var htmlWindowed = HTMLRenderer()
        let page = try render(&html)
        #expect(try render(&htmlWindowed, excerptLines: ResultDetail.htmlLines) == page)
        try expectGolden(page, "synthetic.html")
    }

    /// A generated transcript without secrets (short, long, wide, CRLF and non-ASCII outputs) renders the same.
    @Test func aGeneratedTranscriptRendersTheSameBytes() throws {
        var messages: [TranscriptMessage] = []
        for (i, text) in Self.cleanOutputs().enumerated() {
            messages.append(
                TranscriptMessage(
                    role: .assistant, id: "a\(i)", text: "running step \(i)",
                    toolCalls: [ToolCall(id: "c\(i)", name: "Bash", input: ["command": .string("step \(i)")])]))
            messages.append(
                TranscriptMessage(
                    role: .user, id: "u\(i)",
                    toolResults: [ToolResult(callId: "c\(i)", output: text, isError: i % 9 == 0)]))
        }
        func rendered(_ renderer: inout some TranscriptRenderer, _ lines: Int?) throws -> String {
            let out = OutputBuffer()
            var counts = RedactionCounts()
            try renderer.begin(
                TranscriptHeader(agent: .claude, sessionID: "s", exportedAt: "x", redacted: true), into: out)
            for var m in messages {
                SessionExporter.redact(&m, Redactor(), &counts, excerptLines: lines)
                try renderer.render(.message(m), into: out)
            }
            try renderer.finish(messages: messages.count, redactions: counts, into: out)
            return out.text
        }
        var a = MarkdownRenderer(), b = MarkdownRenderer()
        #expect(try rendered(&a, ResultDetail.markdownLines) == rendered(&b, nil))
        var c = HTMLRenderer(), d = HTMLRenderer()
        #expect(try rendered(&c, ResultDetail.htmlLines) == rendered(&d, nil))
    }

    // MARK: - Boundaries

    /// A PEM private key starting at `line` of a 200-line output, a token on the line after its END line: the key
    /// shrinks to one marker, so the excerpt reaches lines the raw cut did not, and the token must be found there.
    static func pemCase(line: Int, _ rng: inout SeededRandom) -> (text: [UInt8], secrets: [String]) {
        let (pem, _) = SecretCorpus.pem("RSA PRIVATE KEY", &rng)
        let token = github(&rng)
        let pemLines = pem.split(separator: "\n").map(String.init)
        let text =
            filler(1, line - 1) + pem + "\n" + "token " + token + " used\n" + filler(line + pemLines.count + 1, 200)
        return (Array(text.utf8), pemLines.dropFirst().dropLast().map { $0 } + [token])
    }

    @Test(arguments: [(38, ResultDetail.htmlLines), (5, ResultDetail.markdownLines), (1, 6), (40, 40), (6, 6)])
    func aPrivateKeyAcrossTheCutIsRedactedWhole(_ line: Int, _ lines: Int) {
        var rng = SeededRandom(seed: UInt64(line * 100 + lines))
        let (text, secrets) = Self.pemCase(line: line, &rng)
        let got = Self.windowed(text, lines: lines)
        let reference = Self.whole(text, lines: lines)
        #expect(got.shown == reference.shown)
        #expect(got.moreLines == reference.moreLines)
        for s in secrets { #expect(!Self.leaks(s, in: got.shown), "\(s) shown") }
        #expect(String(decoding: got.shown, as: UTF8.self).contains("[REDACTED:private-key]"))
        if line + 6 < lines {
            // The token's line is shown too: counted with the key.
            #expect(got.counts.total == 2)
        }
        // A window that is not extended would show the key's last lines (or the token) unredacted.
        if (line, lines) == (38, ResultDetail.htmlLines) || (line, lines) == (5, ResultDetail.markdownLines) {
            #expect(secrets.contains { Self.leaks($0, in: Self.fixedWindow(text, lines: lines)) })
        }
    }

    /// Through the exporter: html and markdown files of a session whose tool output has the key on line 38 / 5.
    @Test func exportsOfAKeyAcrossTheCutHoldNoSecret() throws {
        let temp = TempDir()
        let context = storeEnvironment(temp)
        for (format, line) in [(ExportFormat.html, 38), (.markdown, 5)] {
            var rng = SeededRandom(seed: UInt64(line))
            let (text, secrets) = Self.pemCase(line: line, &rng)
            let messages = [
                TranscriptMessage(
                    role: .assistant, id: "a",
                    toolCalls: [ToolCall(id: "c1", name: "Bash", input: ["command": .string("cat key")])]),
                TranscriptMessage(role: .user, id: "u", toolResults: [ToolResult(callId: "c1", outputBytes: text)]),
            ]
            let store = PlantedStore(agent: .claude, messages: messages, nativePath: temp.file("n.jsonl"))
            let result = try SessionExporter.export(
                store.summary, store: store, options: .init(format: format), folder: temp.file("out-\(line)"),
                environment: context)
            let written = try Array(Data(contentsOf: URL(fileURLWithPath: result.path)))
            for s in secrets { #expect(!Self.leaks(s, in: written), "\(format) \(s)") }
            #expect(String(decoding: written, as: UTF8.self).contains("[REDACTED:private-key]"))
            #expect(result.redactions?.byKind["private-key"] == 1)
        }
    }

    /// A token straddling the 32 KiB cut (one long line): matched whole, its marker cut instead.
    @Test func aTokenAcrossTheByteLimitIsRedactedWhole() {
        var rng = SeededRandom(seed: 3)
        for before in [1, 8, 20, 39] {
            let token = Self.github(&rng)
            let pad = String(repeating: "word ", count: ResultDetail.maxBytes / 5 + 1)
            let head = String(pad.prefix(ResultDetail.maxBytes - before - 1)) + " "
            let text = Array((head + token + " and more\n" + Self.filler(2, 50)).utf8)
            for lines in [ResultDetail.markdownLines, ResultDetail.htmlLines] {
                let got = Self.windowed(text, lines: lines)
                #expect(got.shown == Self.whole(text, lines: lines).shown)
                #expect(!Self.leaks(token, in: got.shown))
                #expect(got.counts.byKind == ["github": 1])
                if before > 12 { #expect(Self.leaks(token, in: Self.cutThenRedact(text, lines: lines))) }
            }
        }
    }

    /// A token right after the 6th / 40th line feed is not shown (nor counted); one wrapped across that line feed
    /// is redacted whole; one in the first line is redacted.
    @Test(arguments: [ResultDetail.markdownLines, ResultDetail.htmlLines])
    func secretsAtTheLineCut(_ lines: Int) {
        var rng = SeededRandom(seed: UInt64(lines))
        // Right after the cut: left out, not counted (it lies in the window: the rest is measured redacted).
        let after = Self.github(&rng)
        let rest = after + "\n" + Self.filler(lines + 2, lines + 9)
        let text = Array((Self.filler(1, lines) + rest).utf8)
        let got = Self.windowed(text, lines: lines)
        let reference = Self.whole(text, lines: lines)
        #expect(got.shown == reference.shown && got.moreLines == reference.moreLines)
        #expect(got.moreBytes == reference.moreBytes && got.size == reference.size)
        #expect(got.counts.total == 0 && reference.counts.total == 1)
        #expect(!Self.leaks(after, in: got.shown))
        // Three lines after the cut, past the window: the rest is measured as the agent wrote it.
        let later = Self.github(&rng)
        let rest1 = Self.filler(lines + 1, lines + 3) + later + "\n" + Self.filler(lines + 5, lines + 9)
        let text1 = Array((Self.filler(1, lines) + rest1).utf8)
        let got1 = Self.windowed(text1, lines: lines)
        #expect(got1.shown == Self.whole(text1, lines: lines).shown)
        #expect(got1.moreBytes == rest1.utf8.count && got1.size == text1.count && got1.counts.total == 0)
        // Wrapped across the cut's line feed (20 bytes of body before it): one token, redacted whole.
        let wrapped = Self.github(&rng)
        let split = wrapped.index(wrapped.startIndex, offsetBy: 24)
        let text2 = Array(
            (Self.filler(1, lines - 1) + "key " + wrapped[..<split] + "\n" + wrapped[split...] + " end\n"
                + Self.filler(lines + 2, lines + 9)).utf8)
        let got2 = Self.windowed(text2, lines: lines)
        #expect(got2 == Self.whole(text2, lines: lines))
        #expect(got2.counts.byKind == ["github": 1])
        #expect(!Self.leaks(wrapped, in: got2.shown))
        #expect(Self.leaks(wrapped, in: Self.cutThenRedact(text2, lines: lines)))
        // In the first line.
        let first = Self.github(&rng)
        let text3 = Array(("export GH=" + first + "\n" + Self.filler(2, 90)).utf8)
        let got3 = Self.windowed(text3, lines: lines)
        #expect(got3 == Self.whole(text3, lines: lines))
        #expect(got3.counts.total == 1 && !Self.leaks(first, in: got3.shown))
    }

    /// Every planted secret of the redaction corpus (every rule kind, bare and named), with the cut at each of its
    /// lines and inside it at the 32 KiB limit: the shown bytes are the whole redaction's; with no secret left out,
    /// everything is.
    @Test func everyRuleAcrossTheCutGivesTheWholeRedactionsExcerpt() {
        var cases = 0
        var boundary = 0
        for planted in SecretCorpus.generate() {
            for text in [planted.bare, planted.named].compactMap({ $0 }) {
                let ownLines = text.utf8.filter { $0 == 0x0A }.count
                var outputs: [(text: [UInt8], lines: Int, from: Int)] = []
                // Line cut: the 6th line feed at each line of the text (and just before and after it).
                for before in 0...(ResultDetail.markdownLines) where ResultDetail.markdownLines - before <= ownLines + 1
                {
                    outputs.append(
                        (
                            Array((Self.filler(1, before) + text + "\n" + Self.filler(100, 110)).utf8),
                            ResultDetail.markdownLines, 0
                        ))
                }
                // Byte cut: the 32 KiB limit at a quarter, half and three quarters of the text, one long first line
                // (the leak check skips the padding).
                let n = text.utf8.count
                for at in Set([n / 4, n / 2, 3 * n / 4, 1]) where at > 0 && at < n {
                    let pad = String(repeating: "z", count: ResultDetail.maxBytes - at - 1) + " "
                    outputs.append((Array((pad + text + "\ntail\n").utf8), ResultDetail.htmlLines, pad.utf8.count - 8))
                }
                for (bytes, lines, from) in outputs {
                    cases += 1
                    let got = Self.windowed(bytes, lines: lines)
                    let reference = Self.whole(bytes, lines: lines)
                    #expect(got.shown == reference.shown, "\(planted.label): \(text.prefix(60))")
                    if got.counts == reference.counts { #expect(got == reference, "\(planted.label)") }
                    if !Self.leaks(planted.secret, in: reference.shown, from: from) {
                        #expect(!Self.leaks(planted.secret, in: got.shown, from: from), "\(planted.label) shown")
                        if Self.leaks(planted.secret, in: Self.cutThenRedact(bytes, lines: lines), from: from) {
                            boundary += 1
                        }
                    }
                }
            }
        }
        #expect(cases > 1000)
        // Many of these cases are real boundaries: cutting before redacting would show the secret.
        #expect(boundary > 100, "\(boundary) boundary cases")
        print("excerpt redaction: \(cases) cases, \(boundary) where cutting first would show the secret")
    }

    /// The windowed scan finds exactly the whole scan's matches at positions before its limit, for any limit (the
    /// pre-scan's `before:` bound included).
    @Test func aWindowedScanFindsTheWholeScansFirstMatches() {
        var texts: [[UInt8]] = []
        for planted in SecretCorpus.generate().prefix(120) {
            texts.append(Array(((planted.bare ?? "") + " and " + planted.named + "\n" + planted.named).utf8))
        }
        for prescan in [true, false] {
            let r = Redactor(decodesBase64: true, prescan: prescan)
            for text in texts {
                text.withUnsafeBufferPointer { p in
                    var all: [(Int, Int, String)] = []
                    var s = Redactor.ScanState()
                    while let m = r.nextMatch(p, before: p.count, &s) {
                        all.append((m.start, m.end, m.kind))
                        s.copied = m.end
                    }
                    for limit in stride(from: 0, through: p.count, by: max(1, p.count / 13)) {
                        var w = Redactor.ScanState()
                        var got: [(Int, Int, String)] = []
                        while let m = r.nextMatch(p, before: limit, &w) {
                            got.append((m.start, m.end, m.kind))
                            w.copied = m.end
                        }
                        #expect(w.i >= limit)
                        #expect(got.count <= all.count)
                        for (k, g) in got.enumerated() where k < all.count {
                            #expect(g == all[k])
                        }
                        // The whole scan's next match starts no earlier than the look-behind allows.
                        if got.count < all.count {
                            #expect(all[got.count].0 >= max(w.i - Redactor.maxLookBehind, w.copied))
                        }
                    }
                }
            }
        }
    }
}
