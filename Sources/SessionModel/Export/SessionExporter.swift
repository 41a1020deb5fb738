#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The store of each agent; the command passes `AgentStores.store`, tests pass their own.
public typealias StoreLookup = @Sendable (AgentKind) -> any SessionStore

public enum ExportFormat: String, CaseIterable, Sendable {
    case native, json, markdown, html
}

/// Exports one session to a file: streamed (read an event, write its output), redacted, verified.
public enum SessionExporter {
    public struct Options: Sendable {
        public var format: ExportFormat = .native
        public var redact = true
        public var thinking = false
        /// How much of each tool result Markdown and HTML show.
        public var results: ResultDetail = .excerpt

        public init(
            format: ExportFormat = .native, redact: Bool = true, thinking: Bool = false,
            results: ResultDetail = .excerpt
        ) {
            self.format = format
            self.redact = redact
            self.thinking = thinking
            self.results = results
        }
    }

    public struct Result: Sendable {
        public var path: String
        public var size: Int64
        public var messages: Int?
        public var redactions: RedactionCounts?
        public var format: ExportFormat
        public var session: SessionSummary
        public var title: String?
    }

    /// Finds the session: `--session ID` (in `--agent`'s store, else every store), `--latest` (newest of the project),
    /// else the current one (detection from #3), else the newest. 66 when there is none.
    public static func resolve(
        _ environment: AgentEnvironment, stores: StoreLookup, agent: AgentKind?, sessionID: String?,
        latest: Bool, projectPath: String
    ) throws(SessionError) -> SessionSummary {
        let candidates = agent.map { [$0] } ?? environment.registry.kinds
        if let sessionID {
            // A store that fails is skipped (another may have the id); with `--agent`, its failure is the answer.
            var lastError: SessionError?
            for kind in candidates {
                do throws(SessionError) {
                    if let s = try stores(kind).session(id: sessionID) { return s }
                } catch {
                    lastError = error
                }
            }
            if let s = try byPrefix(sessionID, kinds: candidates, stores: stores, projectPath: projectPath) { return s }
            if let e = lastError, agent != nil { throw e }
            throw SessionError(
                .missing, "no \(agent.map { $0.displayName + " " } ?? "")session with id \(sessionID)",
                remedy: agent == nil ? .nameTheAgent(suggestion: nil) : .words("list them with 'export-session list'"))
        }
        if !latest,
            // ignored: no current session (or none detected) is no failure here: the newest is taken instead
            let current = try? SessionDetector.detect(
                environment, projectPath: projectPath, agent: agent,
                explicitID: nil, hookPayload: nil)
        {
            if let s = current.summary { return s }
            // ignored: a detected id its store cannot give falls back to the newest, as above
            if let s = try? stores(current.agent).session(id: current.id) { return s }
        }
        // The same rule as detection: each agent's newest session, then the newest of those.
        // ignored: a store that cannot be read has no newest session; the other agents' stores are still asked
        let newest = candidates.compactMap { kind in (try? stores(kind).newestSession(projectPath: projectPath)) ?? nil
        }
        guard let best = SessionSummary.newest(newest) else {
            throw SessionError(
                .missing, "no \(agent.map { $0.displayName + " " } ?? "")session found for this project",
                remedy: .nameTheAgentAndSession, file: projectPath)
        }
        return best
    }

    /// The project's session whose id starts with `prefix` (unique among the agents' stores); 64 when several do.
    public static func byPrefix(
        _ prefix: String, kinds: [AgentKind], stores: StoreLookup, projectPath: String
    ) throws(SessionError) -> SessionSummary? {
        var all: [SessionSummary] = []
        // ignored: a store that cannot be listed has no session to match; the others are still searched
        for kind in kinds { all += (try? stores(kind).sessions(projectPath: projectPath)) ?? [] }
        return try IdPrefix.match(prefix, in: all, id: \.id)
    }

    /// The default folder: `.<agent>/sessions/` in the project.
    public static func defaultFolder(projectRoot: String, agent: AgentKind) -> String {
        projectRoot + "/." + agent.rawValue + "/sessions"
    }

    /// Redacts every text a message holds. A renderer that does not print thinking or tool output (without
    /// `--thinking`, with `--results none`) passes false for them: what is not written needs no redaction. One that
    /// prints only an excerpt of each tool output passes its line count (`excerptLines`): only as much of the output
    /// as the excerpt shows is redacted, and the output is replaced by that excerpt (`redactExcerpt`).
    public static func redact(
        _ m: inout TranscriptMessage, _ r: Redactor, _ counts: inout RedactionCounts,
        thinking: Bool = true, results: Bool = true, excerptLines: Int? = nil
    ) {
        m.text = r.redact(m.text, counts: &counts)
        if thinking { m.thinking = m.thinking.map { r.redact($0, counts: &counts) } }
        for i in m.toolCalls.indices {
            m.toolCalls[i].name = r.redact(m.toolCalls[i].name, counts: &counts)
            m.toolCalls[i].input = redact(m.toolCalls[i].input, r, &counts)
        }
        if results {
            for i in m.toolResults.indices {
                if let lines = excerptLines, m.toolResults[i].outputSize == nil,
                    redactExcerpt(&m.toolResults[i], lines: lines, r, &counts)
                {
                    continue
                }
                redact(bytes: &m.toolResults[i].outputBytes, r, &counts)
            }
        }
    }

    /// Replaces a tool result's output by its redacted excerpt of `lines` lines (`ResultDetail.excerptEnd`), having
    /// redacted only as far as the excerpt needs; sets `excerptRest` (what is left out) and `outputSize` (the whole
    /// output's size). False, changing nothing, in the one case it leaves to `redact(bytes:)`: a match that cut a
    /// character (never seen: the rules stop at ASCII bytes).
    ///
    /// Why the excerpt is the one the whole output's redaction gives (fail-closed whatever the cut): the scan is run
    /// over the whole output but only at positions before a window end L (`Redactor.nextMatch`), so every match it
    /// takes is one the whole scan takes, and every match the whole scan would take after it starts at or after
    /// `S = max(i - Redactor.maxLookBehind, copied)` (`Redactor.ScanState`). A rule whose match runs past L (a PEM
    /// block, a token straddling the 32 KiB cut, a token wrapped across lines) is still matched whole: it reads the
    /// whole output. So the windowed result — redacted bytes up to `copied`, then the raw bytes — equals the whole
    /// redaction up to raw offset S. The excerpt is cut from it only when every byte the cut reads lies before S
    /// (`reach`); else L moves to where the cut needs it plus the look-behind, and the scan goes on from where it
    /// stopped (L grows strictly; at the output's end all positions are decided). The first L is the raw excerpt's
    /// reach plus the look-behind: with no secret, one window, and the bytes are today's.
    ///
    /// What is counted: the secrets whose marker starts in the shown bytes (as `--results none` counts none: what
    /// is not written is not counted). The rest's lines and bytes, and `outputSize`, count the output with the
    /// window's secrets replaced and the rest as the agent wrote it (not redacted, not written): equal to the whole
    /// redaction's figures when no secret lies beyond the window.
    static func redactExcerpt(_ result: inout ToolResult, lines: Int, _ r: Redactor, _ counts: inout RedactionCounts)
        -> Bool
    {
        let made = result.outputBytes.withUnsafeBufferPointer { p in excerpt(p, lines: lines, r) }
        guard let made else { return false }
        counts.merge(made.counts)
        result.outputSize = made.size
        result.outputBytes = made.shown
        result.excerptRest = made.rest
        return true
    }

    /// `redactExcerpt` on bytes: the shown bytes, the rest (0 bytes: nothing left out), the whole size, the counts
    /// of the shown secrets; nil when a match cut a character.
    static func excerpt(_ p: UnsafeBufferPointer<UInt8>, lines: Int, _ r: Redactor) -> (
        shown: [UInt8], rest: ExcerptRest, size: Int, counts: RedactionCounts
    )? {
        let n = p.count
        let back = Redactor.maxLookBehind
        var state = Redactor.ScanState()
        // The redacted bytes up to `state.copied`, and where each marker starts in them.
        var out: [UInt8] = []
        var marks: [(at: Int, kind: String)] = []
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        let raw = ResultDetail.excerptEnd(none, p, lines: lines)
        var limit = min(n, raw.reach + back)
        while true {
            while let m = r.nextMatch(p, before: limit, &state) {
                marks.append((out.count + max(0, m.start - state.copied), m.kind))
                Redactor.append(m, of: p, after: state.copied, into: &out)
                state.copied = m.end
            }
            // The windowed result is `out` + p[copied...]: index k ≥ out.count is raw byte `base + k`.
            let total = out.count + n - state.copied
            let base = state.copied - out.count
            let stable = state.i >= n ? total : max(state.i - back, state.copied) - base
            // Nothing found: the windowed result is the raw output, cut as above.
            let cut =
                out.isEmpty
                ? raw
                : out.withUnsafeBufferPointer { w in
                    ResultDetail.excerptEnd(w, UnsafeBufferPointer(rebasing: p[state.copied...]), lines: lines)
                }
            if cut.reach <= stable {
                return finishExcerpt(p, out, base: base, cut: (cut.end, cut.restStart), total: total, marks: marks)
            }
            limit = min(n, max(limit + 1, base + cut.reach + back))
        }
    }

    static func finishExcerpt(
        _ p: UnsafeBufferPointer<UInt8>, _ out: [UInt8], base: Int, cut: (end: Int, restStart: Int), total: Int,
        marks: [(at: Int, kind: String)]
    ) -> (shown: [UInt8], rest: ExcerptRest, size: Int, counts: RedactionCounts)? {
        let n = p.count
        let copied = base + out.count
        // A match that cut a character: `redact(bytes:)` repairs the whole output as before.
        if !out.isEmpty {
            guard out.withUnsafeBufferPointer({ UTF8Check.isValid($0) }), copied == n || p[copied] & 0xC0 != 0x80
            else { return nil }
        }
        func byte(_ k: Int) -> UInt8 { k < out.count ? out[k] : p[base + k] }
        /// The windowed result's bytes `s..<e`.
        func bytes(_ s: Int, _ e: Int) -> [UInt8] {
            var b: [UInt8] = []
            b.reserveCapacity(e - s)
            if s < out.count { b += out[s..<min(e, out.count)] }
            if e > out.count { b += UnsafeBufferPointer(rebasing: p[(base + max(s, out.count))..<(base + e)]) }
            return b
        }
        var rest = ExcerptRest(lines: 0, bytes: 0)
        var shown = cut.end
        if cut.restStart == total {
            if shown > 0 && byte(shown - 1) == 0x0A && (shown < 2 || byte(shown - 2) != 0x0D) { shown -= 1 }
        } else {
            var lfs = 0
            if cut.restStart < out.count {
                lfs += out.withUnsafeBufferPointer {
                    RenderText.countLF(UnsafeBufferPointer(rebasing: $0[cut.restStart..<out.count]))
                }
            }
            lfs += RenderText.countLF(UnsafeBufferPointer(rebasing: p[(base + max(cut.restStart, out.count))..<n]))
            rest = ExcerptRest(lines: lfs + (byte(total - 1) != 0x0A ? 1 : 0), bytes: total - cut.restStart)
        }
        var counts = RedactionCounts()
        for mark in marks where mark.at < shown { counts.add(mark.kind) }
        return (bytes(0, shown), rest, total, counts)
    }

    /// Redacts well-formed UTF-8 `bytes` in place, as `Redactor.redact(_:counts:)` redacts their string: a match
    /// that cut a character leaves what `String(decoding:)` makes of it (U+FFFD), so the bytes stay well-formed.
    static func redact(bytes: inout [UInt8], _ r: Redactor, _ counts: inout RedactionCounts) {
        var out: [UInt8] = []
        guard bytes.withUnsafeBufferPointer({ r.redact($0, into: &out, counts: &counts) }) else { return }
        let valid = out.withUnsafeBufferPointer { UTF8Check.isValid($0) }
        bytes = valid ? out : Array(String(decoding: out, as: UTF8.self).utf8)
    }

    /// Whether `o[key]` is an opaque blob that a chance match would corrupt: an image block's base64 `data`
    /// (beside a `media_type`/`mimeType` or under `"type": "base64"`), a reasoning item's `encrypted_content`, a
    /// thinking block's `signature` — and only when the value really is one run of base64. Never by key alone.
    static func isOpaqueBlob(_ key: String, _ value: String, in o: [String: JSONValue]) -> Bool {
        let structural: Bool
        switch key {
        case "data":
            structural =
                o["type"]?.stringValue == "base64" || o["media_type"] != nil || o["mimeType"] != nil
                || o["mime_type"] != nil
        case "encrypted_content": structural = true
        case "signature", "thoughtSignature":
            structural = o["type"]?.stringValue == "thinking" || key == "thoughtSignature"
        default: structural = false
        }
        guard structural, value.utf8.count >= 32 else { return false }
        return value.utf8.allSatisfy { ByteClass.base64Any.contains($0) }
    }

    /// Redacts a JSON tree whole: keys, string values, and strings that hold JSON (decoded, walked, written back
    /// compact when something was found). Opaque blobs (`isOpaqueBlob`) are left alone.
    public static func redact(_ v: JSONValue, _ r: Redactor, _ counts: inout RedactionCounts) -> JSONValue {
        redactedIfChanged(v, r, &counts) ?? v
    }

    /// `redact`, nil when nothing in `v` changed (nothing was counted): an untouched tree is not rebuilt.
    static func redactedIfChanged(_ v: JSONValue, _ r: Redactor, _ counts: inout RedactionCounts) -> JSONValue? {
        switch v {
        case .string(let s):
            let before = counts.total
            let out = redactString(s, r, &counts)
            return counts.total != before ? .string(out) : nil
        case .array(let a):
            var out: [JSONValue]?
            for (i, item) in a.enumerated() {
                guard let changed = redactedIfChanged(item, r, &counts) else {
                    out?.append(item)
                    continue
                }
                if out == nil { out = Array(a[..<i]) }
                out!.append(changed)
            }
            return out.map { .array($0) }
        case .object(let o):
            // Members in the dictionary's order, written into the new one in that order (as before: a redacted
            // key equal to another overwrites it the same way).
            var members: [(String, JSONValue)] = []
            members.reserveCapacity(o.count)
            var changed = false
            for (k, value) in o {
                let before = counts.total
                let key = r.redact(k, counts: &counts)
                if counts.total != before { changed = true }
                if case .string(let s) = value, isOpaqueBlob(k, s, in: o) {
                    members.append((key, value))
                    continue
                }
                // A secret-like key's plain value (`{"api_key": "abc…"}`) is judged as an assignment.
                if case .string(let s) = value, Redactor.isSecretName(k) {
                    let probe = JSONWriter.compactString([k: .string(s)])
                    var local = RedactionCounts()
                    let redacted = r.redact(probe, counts: &local)
                    // ignored: a probe that does not parse back is judged as plain text below instead
                    if local.total > 0, let parsed = try? JSONParser.parse(redacted), let nv = parsed[k] {
                        counts.merge(local)
                        members.append((key, nv))
                        changed = true
                        continue
                    }
                }
                if let nv = redactedIfChanged(value, r, &counts) {
                    members.append((key, nv))
                    changed = true
                } else {
                    members.append((key, value))
                }
            }
            guard changed else { return nil }
            var out: [String: JSONValue] = [:]
            for (k, value) in members { out[k] = value }
            return .object(out)
        default: return nil
        }
    }

    /// A string, and the JSON inside it when it holds some (tool arguments encoded as text): the text is redacted
    /// as it is (keys and values keep their context); when that finds nothing, the decoded tree is walked (strings
    /// nested deeper), and written back compact if it held a secret.
    static func redactString(_ s: String, _ r: Redactor, _ counts: inout RedactionCounts) -> String {
        var local = RedactionCounts()
        let raw = r.redact(s, counts: &local)
        if local.total > 0 {
            counts.merge(local)
            return raw
        }
        if let first = s.utf8.first(where: { $0 != 0x20 && $0 != 0x0A }), first == 0x7B || first == 0x5B,
            // ignored: a string that only looks like JSON is redacted as text (above) and nothing more
            let inner = try? JSONParser.parse(s)
        {
            let redacted = redact(inner, r, &local)
            if local.total > 0 {
                counts.merge(local)
                return JSONWriter.compactString(redacted)
            }
        }
        return s
    }

    /// Exports `session` into `folder`. The file appears only when complete (temp file, then link into place).
    public static func export(
        _ session: SessionSummary, store: any SessionStore, options: Options, folder: String,
        environment: AgentEnvironment
    ) throws(SessionError) -> Result {
        let file = try StreamingFile(folder: folder, scan: options.redact)
        defer { file.abandon() }
        let out = file.buffer
        let redactor = Redactor()
        var counts = RedactionCounts()
        var messages = 0
        var firstPrompt: String?
        var titleEvent: String?
        let progress = ExportProgress(environment: environment, inputSize: FileInfo.size(session.path) ?? 0)
        let header = TranscriptHeader(
            summary: session, exportedAt: Timestamps.iso8601(environment.now),
            redacted: options.redact)
        var ext: String
        switch options.format {
        case .native:
            ext = try exportNative(
                session, store: store, out: out, redact: options.redact, counts: &counts,
                progress: progress, environment: environment)
            messages = session.messageCount ?? -1
            if messages < 0 || session.title == nil {
                // A second, cheap pass through the agent's reader for the count and the title.
                var n = 0
                // ignored: the count and the title are extras of a native export, which is already written
                _ = try? store.read(session) { event in
                    switch event {
                    case .message(let m):
                        n += 1
                        if firstPrompt == nil, m.isPrompt { firstPrompt = m.text }
                    case .title(let t): titleEvent = t
                    default: break
                    }
                }
                if messages < 0 { messages = n }
            }
        case .json, .markdown, .html:
            var renderer: any TranscriptRenderer
            switch options.format {
            case .json: renderer = JSONTranscriptRenderer()
            case .markdown: renderer = MarkdownRenderer(includeThinking: options.thinking, results: options.results)
            default: renderer = HTMLRenderer(includeThinking: options.thinking, results: options.results)
            }
            ext = renderer.fileExtension
            // What an excerpt shows of each tool output (json carries it whole).
            let excerptLines: Int? =
                switch options.format {
                case .markdown: ResultDetail.markdownLines
                case .html: ResultDetail.htmlLines
                default: nil
                }
            var h = header
            if options.redact, let t = h.title { h.title = redactor.redact(t, counts: &counts) }
            try renderer.begin(h, into: out)
            // Thinking that is not printed is not built either (json carries everything), nor tool outputs of which
            // only the size is printed (`--results none`: measured).
            var wanted: TranscriptParts =
                options.format == .json || options.thinking ? .all : [.toolInput, .toolOutput]
            if options.format != .json && options.results == .none {
                wanted.remove(.toolOutput)
                wanted.insert(.toolOutputSize)
            }
            // Markdown shows a tool call's input as a one-line preview: its JSON text is kept, and only the member
            // shown is built (here, before redaction; `RenderText.previewInput`).
            if options.format == .markdown { wanted.insert(.toolInputPreview) }
            let parts = wanted
            do {
                // Reading (parse) runs on its own thread, redacting and rendering here: the two halves of the work
                // overlap on two cores. Events arrive in order; at most 64 wait (bounded memory).
                try Handoff<TranscriptEvent>.run(
                    capacity: 64,
                    produce: { (handoff) throws(SessionError) in
                        _ = try store.read(session, parts: parts) { (event) throws(SessionError) in
                            try handoff.send(event)
                        }
                    }
                ) { (event) throws(SessionError) in
                    var event = event
                    switch event {
                    case .message(var m):
                        for i in m.toolCalls.indices {
                            guard let json = m.toolCalls[i].inputJSON else { continue }
                            m.toolCalls[i].input = RenderText.previewInput(json)
                            m.toolCalls[i].inputJSON = nil
                        }
                        if options.redact {
                            // JSON carries everything; markdown and html print thinking only with --thinking
                            // and results unless --results none: what is not written needs no redaction.
                            redact(
                                &m, redactor, &counts, thinking: options.format == .json || options.thinking,
                                results: options.format == .json || options.results != .none,
                                excerptLines: options.results == .excerpt ? excerptLines : nil)
                        }
                        messages += 1
                        if firstPrompt == nil, m.isPrompt { firstPrompt = m.text }
                        event = .message(m)
                        progress.tick(messages: messages, line: m.line)
                    case .title(let t):
                        let clean = options.redact ? redactor.redact(t, counts: &counts) : t
                        titleEvent = clean
                        event = .title(clean)
                    default: break
                    }
                    try renderer.render(event, into: out)
                }
            }  // a failure keeps its kind (ExportFailureKindTests)
            try renderer.finish(messages: messages, redactions: options.redact ? counts : nil, into: out)
        }
        progress.done()
        // The file name (committed, pushed) never carries a secret, even with --no-redact.
        let title = ExportNaming.safeTitle(session.title ?? titleEvent ?? firstPrompt)
        let date = environment.now
        let path = try file.commitNew(
            name: ExportNaming.fileName(startedAt: session.startedAt, title: title, ext: ext, fallbackDate: date),
            alternative: {
                ExportNaming.fileName(
                    startedAt: session.startedAt, title: title, ext: ext, fallbackDate: date, attempt: $0)
            })
        guard let size = FileInfo.size(path), size > 0 else {
            throw SessionError(.cannotCreate, "the export came out empty", file: path)
        }
        return Result(
            path: path, size: size, messages: messages >= 0 ? messages : nil,
            redactions: options.redact ? counts : nil, format: options.format, session: session, title: title)
    }

    /// The agent's own format, line by line, redacted. Returns the file extension.
    static func exportNative(
        _ session: SessionSummary, store: any SessionStore, out: OutputBuffer, redact: Bool,
        counts: inout RedactionCounts, progress: ExportProgress, environment: AgentEnvironment
    ) throws(SessionError) -> String {
        let redactor = Redactor()
        let entry = environment.registry.entry(session.agent)
        if let own = entry?.nativeExport,
            let ext = try own(session, store, out, redact, &counts, environment)
        {
            return ext
        }
        guard FileInfo.isFile(session.path) else {
            throw SessionError(.missing, "the session's transcript file is missing", file: session.path)
        }
        var scratch: [UInt8] = []
        var read: Int64 = 0
        func write(_ line: UnsafeBufferPointer<UInt8>) throws(SessionError) {
            if redact {
                scratch.removeAll(keepingCapacity: true)
                if let redacted = redactNativeLine(line, redactor, &counts, scratch: &scratch) {
                    try out.write(redacted)
                } else {
                    try out.write(line)
                }
            } else {
                try out.write(line)
            }
            try out.byte(0x0A)
        }
        try LineReader.forEachLine(path: session.path) { (line, _) throws(SessionError) -> Bool in
            read += Int64(line.count + 1)
            try write(line)
            progress.bytes(read)
            return true
        }
        if let companions = entry?.nativeCompanions {  // e.g. Claude's subagents and persisted tool outputs
            try companions(session) { (record) throws(SessionError) in
                try JSONWriter.compact(record).withUnsafeBufferPointer { (line) throws(SessionError) in
                    try write(line)
                }
            }
        }
        let name = session.path.lowercased()
        if name.hasSuffix(".md") { return "md" }
        if name.hasSuffix(".json") { return "json" }
        return "jsonl"
    }

    /// One line of an agent's file, redacted; nil when it holds nothing to redact (the caller writes it as it is).
    /// Clean lines cost one scan. A JSON line with a hit is redacted value by value instead, so opaque blobs
    /// (`isOpaqueBlob`) stay intact; the line is then rewritten compact with sorted keys.
    static func redactNativeLine(
        _ line: UnsafeBufferPointer<UInt8>, _ r: Redactor, _ counts: inout RedactionCounts,
        scratch: inout [UInt8]
    ) -> [UInt8]? {
        var local = RedactionCounts()
        guard r.redact(line, into: &scratch, counts: &local) else { return nil }
        if case .success(let json) = JSONParser.parse(line) {
            var tree = RedactionCounts()
            let redacted = redact(json, r, &tree)
            if tree.total == 0 { return nil }
            counts.merge(tree)
            return JSONWriter.compact(redacted)
        }
        counts.merge(local)
        return scratch
    }
}

/// A progress bar in the environment's notes (the command line: on stderr, only when it is a terminal), only when the
/// input is large (≥ 32 MiB).
final class ExportProgress {
    let sink: (any NoteSink)?
    let total: Int64
    var lastDraw = 0.0
    var drawn = false

    init(environment: AgentEnvironment, inputSize: Int64) {
        sink = environment.notes.showsProgress && inputSize >= 32 << 20 ? environment.notes : nil
        total = inputSize
    }

    func bytes(_ read: Int64) {
        guard let sink, shouldDraw() else { return }
        let fraction = min(1, Double(read) / Double(max(total, 1)))
        let width = 30
        let filled = Int(fraction * Double(width))
        sink.progress(
            "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                + "] \(Int(fraction * 100))% of \(RenderText.size(Int(total)))")
        drawn = true
    }

    func tick(messages: Int, line: Int?) {
        guard let sink, messages % 256 == 0, shouldDraw() else { return }
        sink.progress("exporting… \(messages) messages" + (line.map { ", line \($0)" } ?? ""))
        drawn = true
    }

    func shouldDraw() -> Bool {
        let now = Monotonic.now()
        if now - lastDraw < 0.1 { return false }
        lastDraw = now
        return true
    }

    func done() {
        if let sink, drawn { sink.progress("") }
    }
}
