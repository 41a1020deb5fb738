#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Turns a stream of transcript events into a document, one event at a time (never the whole document in memory).
public protocol TranscriptRenderer {
    var fileExtension: String { get }
    mutating func begin(_ header: TranscriptHeader, into out: OutputBuffer) throws(SessionError)
    mutating func render(_ event: TranscriptEvent, into out: OutputBuffer) throws(SessionError)
    mutating func finish(messages: Int, redactions: RedactionCounts?, into out: OutputBuffer) throws(SessionError)
}

/// The `json` format: our neutral transcript (JSON Lines).
public struct JSONTranscriptRenderer: TranscriptRenderer {
    public init() {}
    public var fileExtension: String { NeutralTranscript.fileExtension }

    public mutating func begin(_ header: TranscriptHeader, into out: OutputBuffer) throws(SessionError) {
        try line(NeutralTranscript.headerJSON(header), out)
    }

    public mutating func render(_ event: TranscriptEvent, into out: OutputBuffer) throws(SessionError) {
        guard case .message(let m) = event, !m.toolResults.isEmpty else {
            return try line(NeutralTranscript.eventJSON(event), out)
        }
        // Tool outputs are written from their bytes (no string built only to be escaped).
        var bytes: [UInt8] = []
        JSONWriter.write(
            NeutralTranscript.eventJSON(event, outputsAsPlaceholders: true), into: &bytes, indent: 0, pretty: false,
            texts: m.toolResults.map(\.outputBytes))
        bytes.append(0x0A)
        try out.write(bytes)
    }

    public mutating func finish(messages: Int, redactions: RedactionCounts?, into out: OutputBuffer)
        throws(SessionError)
    {
        try line(NeutralTranscript.endJSON(messages: messages, redactions: redactions), out)
    }

    func line(_ value: JSONValue, _ out: OutputBuffer) throws(SessionError) {
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes, indent: 0, pretty: false)
        bytes.append(0x0A)
        try out.write(bytes)
    }
}

/// Small text helpers shared by the Markdown and HTML renderers.
public enum RenderText {
    /// `12 B`, `1.2 KB`, `3.4 MB` (1 KB = 1024 B).
    /// Below 10 with one decimal, else none, rounded half to even on the exact value as `printf` rounds
    /// (integer arithmetic: `String(format: "%.1f")` gave the same text at many times the cost).
    public static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KB", "MB", "GB"]
        var scale = 1024  // the value shown is bytes / scale
        var unit = 0
        while bytes / scale >= 1024 && unit < units.count - 1 {
            scale *= 1024
            unit += 1
        }
        let tenths = bytes < 10 * scale
        let n = tenths ? bytes * 10 : bytes
        var rounded = n / scale
        let twice = 2 * (n % scale)
        if twice > scale || (twice == scale && rounded % 2 == 1) { rounded += 1 }
        if tenths { return "\(rounded / 10).\(rounded % 10) \(units[unit])" }
        return "\(rounded) \(units[unit])"
    }

    /// One line: newlines and tabs folded to spaces, runs of spaces collapsed, cut to `limit` characters with `…`.
    public static func oneLine(_ text: String, limit: Int = 80) -> String {
        if let ascii = oneLineASCII(text, limit: limit) { return ascii }
        var out = ""
        var space = false
        var count = 0
        for ch in text {
            if ch.isWhitespace {
                space = !out.isEmpty
                continue
            }
            if space {
                out.append(" ")
                count += 1
                space = false
            }
            if count >= limit {
                out.append("…")
                return out
            }
            out.append(ch)
            count += 1
        }
        return out
    }

    /// `oneLine` in bytes while the text is ASCII (one byte, one character; whitespace is 0x09–0x0D and space, as
    /// `Character.isWhitespace` has it); nil at the first other byte, for the character-by-character path.
    static func oneLineASCII(_ text: String, limit: Int) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(min(bytes.count, limit) + 4)
            var space = false
            var count = 0
            for b in bytes {
                if b >= 0x80 { return nil }
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    space = !out.isEmpty
                    continue
                }
                if space {
                    out.append(0x20)
                    count += 1
                    space = false
                }
                if count >= limit {
                    out += [0xE2, 0x80, 0xA6]  // …
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(b)
                count += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The input members `toolPreview` looks at, in the order it looks.
    static let previewKeys = [
        "command", "cmd", "file_path", "path", "filePath", "pattern", "query", "url", "description",
        "prompt", "subject", "taskId", "explanation",
    ]

    /// What `toolPreview` needs of an input given as JSON text (`ToolCall.inputJSON`): the one member it shows,
    /// built alone, when the input is an object that has one (a non-empty string or array under a preview key);
    /// otherwise the whole input. Redacting that part and previewing it gives what redacting and previewing the
    /// whole input gives: a member is redacted on its own (`SessionExporter.redact` of a tree), a redacted
    /// string or array stays a non-empty string or array, so the same member is chosen.
    static func previewInput(_ json: [UInt8]) -> JSONValue {
        let filter = JSONParser.KeyFilter(keys: [], whole: previewKeys)
        let reduced = json.withUnsafeBufferPointer { JSONParser.parse($0, filter: filter) }
        if case .success(.object(let o)) = reduced {
            for k in previewKeys {
                if let v = o[k], isShown(v) { return .object([k: v]) }
            }
        }
        // ignored: the reader checked this text as a full parse does; it cannot fail here
        return (try? JSONParser.parse(json)) ?? .null
    }

    /// Whether `toolPreview` shows member value `v`: a non-empty string or array.
    static func isShown(_ v: JSONValue) -> Bool {
        if let s = v.stringValue { return !s.isEmpty }
        if let a = v.arrayValue { return !a.isEmpty }
        return false
    }

    /// What a tool call is about, in a few words: the command, path, pattern or query it was given.
    public static func toolPreview(_ call: ToolCall) -> String {
        let keys = previewKeys
        if case .object(let o) = call.input {
            for k in keys {
                if let s = o[k]?.stringValue, !s.isEmpty { return oneLine(s) }
                if let a = o[k]?.arrayValue, !a.isEmpty {
                    return oneLine(a.map { $0.stringValue ?? JSONWriter.compactString($0) }.joined(separator: " "))
                }
            }
            if o.isEmpty { return "" }
        }
        if case .string(let s) = call.input { return oneLine(s) }
        if call.input == .null { return "" }
        return oneLine(JSONWriter.compactString(call.input))
    }

    /// Inline Markdown code that survives backticks in the text.
    public static func inlineCode(_ text: String) -> String {
        if text.isEmpty { return "" }
        var longest = 0
        var run = 0
        for ch in text {
            if ch == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// `body` with the UTF-8 bytes of `text` (no copy for a native string).
    @inline(__always)
    static func withBytes<R, E: Error>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E)
        -> R
    {
        if let r = text.utf8.withContiguousStorageIfAvailable({ b in Result { () throws(E) in try body(b) } }) {
            return try r.get()
        }
        var copy = text
        return try copy.withUTF8 { b in Result { () throws(E) in try body(b) } }.get()
    }

    /// Whether the first `end` bytes of `b` end in a line feed that is a character of its own (`"\n"`, not the end
    /// of `"\r\n"`): what `hasSuffix("\n")` says of them as a string.
    @inline(__always)
    static func endsInLF(_ b: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
        end > 0 && b[end - 1] == 0x0A && (end < 2 || b[end - 2] != 0x0D)
    }

    /// The number of line feeds in `b` (16 bytes at a time: `ByteScan.count`).
    static func countLF(_ b: UnsafeBufferPointer<UInt8>) -> Int { ByteScan.count(0x0A, in: b) }

    /// Writes `fenced(text, indent:)` of the bytes `text` straight into `out`, without strings. Nil (nothing
    /// written) when a backtick touches a non-ASCII byte: a combining mark after it (or a prepended mark before it)
    /// makes one character of both, which `fenced` does not count as a backtick — the caller then uses `fenced`.
    static func writeFenced(_ text: UnsafeBufferPointer<UInt8>, indent: StaticString, into out: OutputBuffer)
        throws(SessionError)
        -> Bool
    {
        let n = text.count
        var longest = 0
        // Backticks are rare: from one run to the next (memchr). Inside a run a backtick's neighbours are backticks,
        // so only the bytes around the run are looked at.
        var i = Self.next(0x60, in: text, from: 0)
        while i < n {
            var j = i + 1
            while j < n && text[j] == 0x60 { j += 1 }
            if (i > 0 && text[i - 1] >= 0x80) || (j < n && text[j] >= 0x80) { return false }
            if j - i > longest { longest = j - i }
            i = Self.next(0x60, in: text, from: j)
        }
        let indentBytes = UnsafeBufferPointer(start: indent.utf8Start, count: indent.utf8CodeUnitCount)
        let fenceCount = max(3, longest + 1)
        func fence() throws(SessionError) {
            try out.write(indentBytes)
            for _ in 0..<fenceCount { try out.byte(0x60) }
        }
        try fence()
        try out.byte(0x0A)
        // Lines split at each line feed that is a character of its own (a CR LF pair is one character: no split).
        try out.writeIndentedLines(text, indent: indentBytes)
        try fence()
        return true
    }

    /// The index of the first `byte` in `b` at or after `from` (memchr), or `b.count`.
    @inline(__always)
    static func next(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard from < b.count, let base = b.baseAddress else { return b.count }
        let rest = UnsafeRawBufferPointer(start: base + from, count: b.count - from)
        guard let k = PlatformFacts.firstIndex(of: byte, in: rest) else { return b.count }
        return from + k
    }

    /// A fenced code block (longer fence than any backtick run in `text`), every line prefixed with `indent`.
    public static func fenced(_ text: String, indent: String) -> String {
        var longest = 0
        var run = 0
        for ch in text {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        var out = indent + fence + "\n"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { out += indent + line + "\n" }
        return out + indent + fence
    }

    /// HTML-escapes `& < > " '`.
    /// (NUL becomes U+FFFD.) Text without any of them comes back as it is, without a copy.
    public static func html(_ text: String) -> String {
        if !text.utf8.contains(where: { OutputBuffer.htmlSpecial[Int($0)] }) { return text }
        let out = OutputBuffer()
        try? out.writeHTML(text)  // ignored: a buffer kept in memory (no flush target) cannot fail
        return out.text
    }

    /// `2026-11-21 08:23` from an ISO timestamp; the text itself when it is not one.
    public static func shortTime(_ timestamp: String?) -> String? {
        guard let timestamp else { return nil }
        guard Timestamps.parse(timestamp) != nil, timestamp.count >= 16 else { return timestamp }
        let b = Array(timestamp.utf8)
        return String(decoding: b[0..<10], as: UTF8.self) + " " + String(decoding: b[11..<16], as: UTF8.self)
    }

    static func roleLabel(_ m: TranscriptMessage) -> String {
        var label: String
        switch m.role {
        case .user: label = m.isCompactSummary ? "Summary of earlier conversation" : "User"
        case .assistant: label = "Assistant"
        case .system: label = "System"
        }
        if m.isSidechain { label += " (subagent)" }
        return label
    }
}

/// How much of each tool result an export shows: only its size, its first lines, or all of it.
public enum ResultDetail: String, Sendable, CaseIterable {
    case none, excerpt, full

    /// Lines and bytes an excerpt keeps: a few in Markdown, more in HTML (folded away there).
    static let markdownLines = 6
    static let htmlLines = 40
    static let maxBytes = 32 << 10

    /// The part of `output` to show, and what is left out (lines, bytes); full keeps everything.
    func cut(_ output: String, lines: Int) -> (shown: Substring, moreLines: Int, moreBytes: Int) {
        let (shown, moreLines, moreBytes) = RenderText.withBytes(output) { cutBytes($0, lines: lines) }
        let utf8 = output.utf8
        let end = utf8.index(utf8.startIndex, offsetBy: shown)
        return (Substring(utf8[..<end]), moreLines, moreBytes)
    }

    /// `cutBytes` of a result's `outputBytes` `b`, or, when the exporter already cut it (`excerptRest`), all of it
    /// and the rest it measured.
    func cut(_ r: ToolResult, _ b: UnsafeBufferPointer<UInt8>, lines: Int) -> (
        shown: Int, moreLines: Int, moreBytes: Int
    ) {
        if self == .excerpt, let rest = r.excerptRest { return (b.count, rest.lines, rest.bytes) }
        return cutBytes(b, lines: lines)
    }

    /// `cut` in bytes: how many leading bytes of `b` to show (never inside a character), and what is left out.
    func cutBytes(_ b: UnsafeBufferPointer<UInt8>, lines: Int) -> (shown: Int, moreLines: Int, moreBytes: Int) {
        let n = b.count
        switch self {
        case .none: return (0, 0, 0)
        case .full: return (RenderText.endsInLF(b, n) ? n - 1 : n, 0, 0)
        case .excerpt:
            let (end, restStart, _) = ResultDetail.excerptEnd(
                UnsafeBufferPointer(start: nil, count: 0), b, lines: lines)
            if restStart == n { return (RenderText.endsInLF(b, end) ? end - 1 : end, 0, 0) }
            let rest = UnsafeBufferPointer(rebasing: b[restStart..<n])
            let moreLines = RenderText.countLF(rest) + (b[n - 1] != 0x0A ? 1 : 0)
            return (end, moreLines, n - restStart)
        }
    }

    /// Where the excerpt of the bytes `head` then `tail` ends: the shown bytes are `0..<end` (a final line feed still
    /// in them when nothing follows), the rest starts at `restStart` (the count: nothing is left out). Up to the
    /// `lines`-th line feed (excluded), at most `maxBytes`, never inside a character. Only the bytes before `reach`
    /// are read. Line feeds are found by `memchr`, one call a line.
    static func excerptEnd(
        _ head: UnsafeBufferPointer<UInt8>, _ tail: UnsafeBufferPointer<UInt8>, lines: Int
    ) -> (end: Int, restStart: Int, reach: Int) {
        let n = head.count + tail.count
        let limit = min(n, ResultDetail.maxBytes)
        var newlines = 0
        /// The `lines`-th line feed in `segment` (at `offset` in the whole), before `limit`.
        func nth(_ segment: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Int? {
            let stop = min(segment.count, limit - offset)
            var i = 0
            while i < stop {
                let rest = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: segment[i..<stop]))
                guard let k = PlatformFacts.firstIndex(of: 0x0A, in: rest) else { return nil }
                newlines += 1
                if newlines == lines { return offset + i + k }
                i += k + 1
            }
            return nil
        }
        var end = limit
        if let k = nth(head, 0) ?? (limit > head.count ? nth(tail, head.count) : nil) { end = k }
        let reach = min(n, end + 1)
        @inline(__always) func byte(_ k: Int) -> UInt8 { k < head.count ? head[k] : tail[k - head.count] }
        // Never cut inside a character.
        while end != n && end != 0 && byte(end) & 0xC0 == 0x80 { end -= 1 }
        var restStart = end
        if restStart != n && byte(restStart) == 0x0A { restStart += 1 }
        return (end, restStart, reach)
    }
}

/// What a tool output's excerpt leaves out: lines (a last line without its line feed counts) and bytes.
public struct ExcerptRest: Sendable, Equatable {
    public var lines: Int
    public var bytes: Int
}

/// A tool call waiting for its result, so that Markdown can print both together.
struct PendingCall {
    var id: String?
    var line: String
}

/// The `markdown` format: prompts and answers as they are, each tool call on one line with the size of its result
/// and (unless `--results none`) the first lines of it under the call, thinking left out unless asked for.
/// Claude's local commands show as typed (`/model opus`).
public struct MarkdownRenderer: TranscriptRenderer {
    public var includeThinking: Bool
    public var results: ResultDetail
    var lastHeading: String?
    var pending: [PendingCall] = []

    public init(includeThinking: Bool = false, results: ResultDetail = .excerpt) {
        self.includeThinking = includeThinking
        self.results = results
    }
    public var fileExtension: String { "md" }

    public mutating func begin(_ header: TranscriptHeader, into out: OutputBuffer) throws(SessionError) {
        let title = header.title.map { RenderText.oneLine($0, limit: 120) } ?? "Session \(header.sessionID)"
        var text = "# \(title)\n\n"
        text += "| | |\n|---|---|\n"
        text += "| Agent | \(header.agent.displayName) (`\(header.agent.rawValue)`) |\n"
        text += "| Session | `\(header.sessionID)` |\n"
        if let s = header.startedAt { text += "| Started | \(s) |\n" }
        if let p = header.projectPath { text += "| Project | `\(p.replacingText("|", with: "\\|"))` |\n" }
        text += "| Exported | \(header.exportedAt)\(header.redacted ? " (secrets redacted)" : "") |\n"
        try out.write(text)
    }

    public mutating func render(_ event: TranscriptEvent, into out: OutputBuffer) throws(SessionError) {
        switch event {
        case .title:
            return
        case .compaction(_, let trigger):
            try flushPending(out)
            try out.write("\n---\n\n*The earlier conversation was compacted\(trigger.map { " (\($0))" } ?? "").*\n")
            lastHeading = nil
        case .message(let m):
            try message(m, out)
        }
    }

    mutating func message(_ m: TranscriptMessage, _ out: OutputBuffer) throws(SessionError) {
        if m.role == .system, m.toolCalls.isEmpty, m.toolResults.isEmpty, let meta = ClaudeMetaLine.parse(m.text) {
            try flushPending(out)
            switch meta {
            case .hidden: return
            case .command(let typed):
                try heading("User", m, out)
                try out.write("\n" + RenderText.inlineCode(typed) + "\n")
            case .output(let text):
                try out.write("\n" + RenderText.fenced(text, indent: "") + "\n")
            }
            return
        }
        // Results first: they complete the calls waiting above.
        var orphanResults: [ToolResult] = []
        for r in m.toolResults {
            if let index = pending.firstIndex(where: { $0.id != nil && $0.id == r.callId }) {
                let call = pending.remove(at: index)
                try writeCall(call.line, r, out)
            } else if pending.count == 1 && pending[0].id == nil {
                try writeCall(pending.removeFirst().line, r, out)
            } else {
                orphanResults.append(r)
            }
        }
        let hasContent = !m.text.isEmpty || !m.toolCalls.isEmpty || (includeThinking && !m.thinking.isEmpty)
        if !hasContent && orphanResults.isEmpty { return }
        if !hasContent {
            for r in orphanResults { try writeCall("- result\(r.callId.map { " of `\($0)`" } ?? "")", r, out) }
            return
        }
        try flushPending(out)
        for r in orphanResults { try writeCall("- result\(r.callId.map { " of `\($0)`" } ?? "")", r, out) }
        try heading(RenderText.roleLabel(m), m, out)
        if includeThinking {
            for t in m.thinking where !t.isEmpty {
                let quoted = t.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }
                try out.write("\n> *Thinking*\n>\n" + quoted.joined(separator: "\n") + "\n")
            }
        }
        if !m.text.isEmpty {  // written in pieces: the text is not copied into a new string
            try out.byte(0x0A)
            try out.write(m.text)
            if !m.text.hasSuffix("\n") { try out.byte(0x0A) }
        }
        if !m.attachments.isEmpty {
            try out.write("\n*Not shown: \(m.attachments.joined(separator: ", ")).*\n")
        }
        if !m.toolCalls.isEmpty {
            try out.write("\n")
            for c in m.toolCalls {
                let preview = RenderText.toolPreview(c)
                pending.append(
                    PendingCall(
                        id: c.id,
                        line: "- Tool **\(c.name)**" + (preview.isEmpty ? "" : " " + RenderText.inlineCode(preview))))
            }
        }
    }

    mutating func heading(_ label: String, _ m: TranscriptMessage, _ out: OutputBuffer) throws(SessionError) {
        if label != lastHeading || m.role == .user || label == "User" {
            var line = "\n## \(label)"
            if let t = RenderText.shortTime(m.timestamp) { line += " · \(t)" }
            try out.write(line + "\n")
            lastHeading = label
        }
    }

    /// `<call line> → <result label>`, then (unless `--results none`) the result's first lines in a fenced block
    /// indented under the list item.
    func writeCall(_ line: String, _ r: ToolResult, _ out: OutputBuffer) throws(SessionError) {
        try out.write(line)
        try out.write(r.isError ? " → error, " : " → ")
        try out.write(RenderText.size(r.size))
        try out.byte(0x0A)
        let (shown, moreLines, moreBytes) = try r.outputBytes.withUnsafeBufferPointer { (b) throws(SessionError) in
            let (shown, moreLines, moreBytes) = results.cut(r, b, lines: ResultDetail.markdownLines)
            guard shown > 0 else { return (shown, moreLines, moreBytes) }
            try out.byte(0x0A)
            let part = UnsafeBufferPointer(rebasing: b[0..<shown])
            if try !RenderText.writeFenced(part, indent: "  ", into: out) {
                try out.write(RenderText.fenced(String(decoding: part, as: UTF8.self), indent: "  "))
            }
            try out.byte(0x0A)
            return (shown, moreLines, moreBytes)
        }
        guard shown > 0 else { return }
        if moreBytes > 0 {
            try out.write(
                "  *… \(moreLines) more line\(moreLines == 1 ? "" : "s") (\(RenderText.size(moreBytes)))*\n")
        }
    }

    mutating func flushPending(_ out: OutputBuffer) throws(SessionError) {
        for call in pending { try out.write(call.line + " → no result\n") }
        pending.removeAll()
    }

    public mutating func finish(messages: Int, redactions: RedactionCounts?, into out: OutputBuffer)
        throws(SessionError)
    {
        try flushPending(out)
        var text = "\n---\n\n*\(messages) messages"
        if let redactions, redactions.total > 0 { text += "; \(redactions.summary)" }
        text += ".*\n"
        try out.write(text)
    }
}

/// The `html` format: one self-contained page (inline CSS and SVG, no scripts, no external assets, no emoji),
/// readable on a phone; each tool call folds away in `<details>` with its result under it; every text is escaped.
public struct HTMLRenderer: TranscriptRenderer {
    public var includeThinking: Bool
    public var results: ResultDetail
    /// An article is open while its tool calls wait for their results (which arrive in the next message).
    var open = false
    var openRole: MessageRole?
    var pending: [ToolCall] = []

    public init(includeThinking: Bool = false, results: ResultDetail = .excerpt) {
        self.includeThinking = includeThinking
        self.results = results
    }

    public var fileExtension: String { "html" }

    /// A small wrench drawn inline: no emoji font needed.
    static let toolIcon =
        "<svg class=\"i\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M10.5 1a4.5 4.5 0 0 0-4.2 6.1L1.4 12a1.4 1.4 0 0 0 2 2l4.9-4.9A4.5 4.5 0 0 0 14.9 4l-2.6 2.6-2-.6-.6-2L12.3 1.4A4.5 4.5 0 0 0 10.5 1z\" fill=\"currentColor\"/></svg>"

    static let style = """
        :root{color-scheme:light dark;--bg:#fff;--fg:#1d1d1f;--muted:#6e6e73;--user:#eef4ff;--asst:#f6f6f7;--tool:#fbf7ec;--line:#d9d9de;--err:#b3261e}
        @media (prefers-color-scheme:dark){:root{--bg:#151517;--fg:#e8e8ea;--muted:#9a9aa1;--user:#1c2a44;--asst:#222226;--tool:#2b2719;--line:#3a3a40;--err:#f2b8b5}}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif}
        main{max-width:50rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0;overflow-wrap:anywhere}
        dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .8rem;color:var(--muted);font-size:.9rem}dd{margin:0;overflow-wrap:anywhere}
        article{border:1px solid var(--line);border-radius:.6rem;padding:.6rem .8rem;margin:.8rem 0;background:var(--asst)}
        article.user{background:var(--user)}article.side{margin-left:1.5rem}
        header{font-size:.8rem;color:var(--muted);font-weight:600}
        .t{white-space:pre-wrap;overflow-wrap:anywhere}
        details{background:var(--tool);border-radius:.4rem;padding:.2rem .5rem;margin:.3rem 0;font-size:.9rem}
        summary{cursor:pointer;overflow-wrap:anywhere}pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8rem;margin:.3rem 0}
        pre.out{border-top:1px solid var(--line);padding-top:.3rem}.err{color:var(--err)}
        .i{width:.9em;height:.9em;vertical-align:-.1em;margin-right:.3em}.size{color:var(--muted)}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        .note{color:var(--muted);font-style:italic;font-size:.9rem}footer{color:var(--muted);font-size:.85rem;margin:1.5rem 0}
        """

    public mutating func begin(_ header: TranscriptHeader, into out: OutputBuffer) throws(SessionError) {
        let title = RenderText.html(
            header.title.map { RenderText.oneLine($0, limit: 120) } ?? "Session \(header.sessionID)")
        var text = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        text += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // The page loads nothing from anywhere: a browser blocks (and reports) any request it would make.
        text +=
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        text += "<meta name=\"generator\" content=\"agent-sessions export-session\">\n"
        text += "<title>\(title)</title>\n<style>\n\(HTMLRenderer.style)\n</style>\n</head>\n<body>\n<main>\n"
        text += "<h1>\(title)</h1>\n<dl>\n"
        text += "<dt>Agent</dt><dd>\(RenderText.html(header.agent.displayName))</dd>\n"
        text += "<dt>Session</dt><dd><code>\(RenderText.html(header.sessionID))</code></dd>\n"
        if let s = header.startedAt { text += "<dt>Started</dt><dd>\(RenderText.html(s))</dd>\n" }
        if let p = header.projectPath { text += "<dt>Project</dt><dd><code>\(RenderText.html(p))</code></dd>\n" }
        text +=
            "<dt>Exported</dt><dd>\(RenderText.html(header.exportedAt))\(header.redacted ? " (secrets redacted)" : "")</dd>\n"
        text += "</dl>\n"
        try out.write(text)
    }

    public mutating func render(_ event: TranscriptEvent, into out: OutputBuffer) throws(SessionError) {
        switch event {
        case .title:
            return
        case .compaction(_, let trigger):
            try close(out)
            try out.write(
                "<p class=\"note\">The earlier conversation was compacted\(trigger.map { " (" + RenderText.html($0) + ")" } ?? "").</p>\n"
            )
        case .message(let m):
            try message(m, out)
        }
    }

    mutating func message(_ m: TranscriptMessage, _ out: OutputBuffer) throws(SessionError) {
        let hasThinking = includeThinking && !m.thinking.isEmpty
        if m.text.isEmpty && m.toolCalls.isEmpty && m.toolResults.isEmpty && !hasThinking && m.attachments.isEmpty {
            return
        }
        // Only results: they go under their calls, in the article that asked for them.
        let onlyResults = m.text.isEmpty && m.toolCalls.isEmpty && !hasThinking && m.attachments.isEmpty
        if onlyResults && open {
            for r in m.toolResults {
                if let index = pending.firstIndex(where: { $0.id != nil && $0.id == r.callId }) {
                    try writeCall(pending.remove(at: index), result: r, out)
                } else if pending.count == 1 && pending[0].id == nil {
                    try writeCall(pending.removeFirst(), result: r, out)
                } else {
                    try writeResult(r, out)
                }
            }
            return
        }
        // More calls of the same answer (one API message split over lines): same article.
        let onlyCalls = m.text.isEmpty && m.toolResults.isEmpty && !hasThinking && m.attachments.isEmpty
        if onlyCalls && open && openRole == m.role && m.role == .assistant {
            pending += m.toolCalls
            return
        }
        try close(out)
        var meta: ClaudeMetaLine?
        if m.role == .system, m.toolCalls.isEmpty, m.toolResults.isEmpty { meta = ClaudeMetaLine.parse(m.text) }
        if meta == .hidden { return }
        var classes = m.role == .user && m.toolResults.isEmpty ? "user" : m.role.rawValue
        if case .command = meta { classes = "user" }
        if m.isSidechain { classes += " side" }
        // Written in pieces, escaped straight into the buffer (no intermediate strings).
        try out.write("<article class=\"")
        try out.write(classes)
        try out.write("\">\n<header>")
        switch meta {
        case .command?: try out.write("User")
        case .output?: try out.write("Command output")
        default: try out.writeHTML(RenderText.roleLabel(m))
        }
        if let t = RenderText.shortTime(m.timestamp) {
            try out.write(" · ")
            try out.writeHTML(t)
        }
        if let model = m.model {
            try out.write(" · ")
            try out.writeHTML(model)
        }
        try out.write("</header>\n")
        switch meta {
        case .command(let typed)?:
            try out.write("<div class=\"t\"><code>")
            try out.writeHTML(typed)
            try out.write("</code></div>\n</article>\n")
            return
        case .output(let text)?:
            try out.write("<pre>")
            try out.writeHTML(text)
            try out.write("</pre>\n</article>\n")
            return
        default: break
        }
        if hasThinking {
            for t in m.thinking where !t.isEmpty {
                try out.write("<details><summary>Thinking</summary><div class=\"t\">")
                try out.writeHTML(t)
                try out.write("</div></details>\n")
            }
        }
        for r in m.toolResults { try writeResult(r, out) }
        if !m.text.isEmpty {
            try out.write("<div class=\"t\">")
            try out.writeHTML(m.text)
            try out.write("</div>\n")
        }
        if !m.attachments.isEmpty {
            try out.write(
                "<p class=\"note\">Not shown: \(RenderText.html(m.attachments.joined(separator: ", "))).</p>\n")
        }
        open = true
        openRole = m.role
        pending = m.toolCalls
        if pending.isEmpty { try close(out) }
    }

    /// Writes the calls still waiting (without a result) and closes the open article.
    mutating func close(_ out: OutputBuffer) throws(SessionError) {
        guard open else { return }
        for c in pending { try writeCall(c, result: nil, out) }
        pending = []
        try out.write("</article>\n")
        open = false
        openRole = nil
    }

    /// One call, folded: its name and a preview in the summary (with the result's size), its input, then its result.
    func writeCall(_ c: ToolCall, result r: ToolResult?, _ out: OutputBuffer) throws(SessionError) {
        let preview = RenderText.toolPreview(c)
        try out.write("<details><summary>")
        try out.write(HTMLRenderer.toolIcon)
        try out.write("<b>")
        try out.writeHTML(c.name)
        try out.write("</b>")
        if !preview.isEmpty {
            try out.write(" <code>")
            try out.writeHTML(preview)
            try out.write("</code>")
        }
        if let r {
            try out.write(r.isError ? " <span class=\"size err\">→ error, " : " <span class=\"size\">→ ")
            try out.write(RenderText.size(r.size))
            try out.write("</span>")
        } else {
            try out.write(" <span class=\"size\">→ no result</span>")
        }
        try out.write("</summary><pre>")
        switch c.input {
        case .string(let s): try out.writeHTML(s)
        case .null: break
        default:  // pretty JSON, escaped from its bytes
            let pretty = JSONWriter.pretty(c.input)
            try pretty.withUnsafeBufferPointer { (p) throws(SessionError) in try out.writeHTML(p) }
        }
        try out.write("</pre>")
        if let r { try writeOutput(r, out) }
        try out.write("</details>\n")
    }

    /// A result whose call is not on the page.
    func writeResult(_ r: ToolResult, _ out: OutputBuffer) throws(SessionError) {
        try out.write(
            r.isError ? "<details><summary><span class=\"err\">error</span> · " : "<details><summary>result · ")
        try out.write(RenderText.size(r.size))
        try out.write("</summary>")
        try writeOutput(r, out)
        try out.write("</details>\n")
    }

    func writeOutput(_ r: ToolResult, _ out: OutputBuffer) throws(SessionError) {
        let (shown, moreLines, moreBytes) = try r.outputBytes.withUnsafeBufferPointer { (b) throws(SessionError) in
            let (shown, moreLines, moreBytes) = results.cut(r, b, lines: ResultDetail.htmlLines)
            guard shown > 0 else { return (shown, moreLines, moreBytes) }
            try out.write(r.isError ? "<pre class=\"out err\">" : "<pre class=\"out\">")
            try out.writeHTML(UnsafeBufferPointer(rebasing: b[0..<shown]))
            return (shown, moreLines, moreBytes)
        }
        guard shown > 0 else { return }
        if moreBytes > 0 {
            try out.writeHTML(
                "\n[… \(moreLines) more line\(moreLines == 1 ? "" : "s"), \(RenderText.size(moreBytes)) not shown]")
        }
        try out.write("</pre>")
    }

    public mutating func finish(messages: Int, redactions: RedactionCounts?, into out: OutputBuffer)
        throws(SessionError)
    {
        try close(out)
        var text = "<footer>\(messages) messages"
        if let redactions, redactions.total > 0 { text += "; " + RenderText.html(redactions.summary) }
        text += ".</footer>\n</main>\n</body>\n</html>\n"
        try out.write(text)
    }
}
