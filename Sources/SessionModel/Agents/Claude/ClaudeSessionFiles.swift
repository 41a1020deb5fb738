/// The files a Claude Code session keeps beside its transcript, in the folder `<project folder>/<sid>/`
/// (agent-stores.md §10): subagent transcripts `subagents/agent-<hex>.jsonl` with their `.meta.json` (workflow
/// subagents one level deeper, `subagents/workflows/<workflow-id>/`), and large tool outputs
/// `tool-results/<name>.txt` that the transcript only previews (`<persisted-output>`,
/// `toolUseResult.persistedOutputPath`).
///
/// A native export carries them after the transcript's own lines, one record per line of each file:
/// `{"type":"agent-sessions-file","path":"subagents/agent-a1.jsonl","line":{…}}` (a JSON line) or
/// `{…,"text":"…"}` (any other line). Claude never reads these records: the import writes them back as files.
public enum ClaudeSessionFiles {
    public static let recordType = "agent-sessions-file"
    static let kinds = ["subagents", "tool-results"]
    /// How deep a carried file may be below the session folder (`subagents/workflows/<id>/agent-x.jsonl` is 4).
    static let maxDepth = 4

    /// The session's own folder: `<project folder>/<sid>`.
    public static func folder(transcript: String, id: String) -> String { Paths.dirname(transcript) + "/" + id }

    /// The carried files' paths relative to the session folder, sorted; regular files only (links are not
    /// followed).
    public static func list(transcript: String, id: String) -> [String] {
        let base = folder(transcript: transcript, id: id)
        var found: [String] = []
        func walk(_ relative: String, depth: Int) {
            for name in FileInfo.list(base + "/" + relative).sorted() where !name.hasPrefix(".") {
                let child = relative + "/" + name
                switch FileInfo.kind(base + "/" + child) {
                case .file: found.append(child)
                case .directory where depth < maxDepth: walk(child, depth: depth + 1)
                default: break
                }
            }
        }
        for kind in kinds where FileInfo.kind(base + "/" + kind) == .directory { walk(kind, depth: 2) }
        return found
    }

    /// Whether a path named in an exported file may be written below the session folder: under `subagents/` or
    /// `tool-results/`, every component safe (no `..`, no hidden names), at most `maxDepth` deep.
    public static func isAllowed(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.count <= maxDepth, kinds.contains(parts[0]) else { return false }
        return parts.allSatisfy { IDShapes.isSafeComponent($0) && !$0.hasPrefix(".") }
    }

    /// Every carried file's lines as records, file by file (sorted by path), line by line.
    public static func forEachRecord(transcript: String, id: String, _ visit: (JSONValue) throws(SessionError) -> Void)
        throws(SessionError)
    {
        let base = folder(transcript: transcript, id: id)
        for relative in list(transcript: transcript, id: id) {
            try LineReader.forEachLine(path: base + "/" + relative) { line, _ throws(SessionError) in
                try visit(record(path: relative, line: line))
                return true
            }
        }
    }

    /// The record carrying one line of a carried file.
    public static func record(path: String, line: UnsafeBufferPointer<UInt8>) -> JSONValue {
        var o: [String: JSONValue] = ["type": .string(recordType), "path": .string(path)]
        if path.hasSuffix(".json") || path.hasSuffix(".jsonl"), case .success(let json) = JSONParser.parse(line) {
            o["line"] = json
        } else {
            o["text"] = .string(String(decoding: line, as: UTF8.self))
        }
        return .object(o)
    }

    /// A carried line's path and bytes, when `json` is such a record.
    public static func carried(_ json: JSONValue) -> (path: String, line: JSONValue)? {
        guard json["type"]?.stringValue == recordType, let path = json["path"]?.stringValue else { return nil }
        if let line = json["line"] { return (path, line) }
        return (path, json["text"] ?? .string(""))
    }

    /// The folder prefix (ending in `/<sid>/`) the transcript's persisted-output paths start with, when `json` is a
    /// line that names one.
    public static func persistedPrefix(_ json: JSONValue, id: String) -> String? {
        guard let path = json["toolUseResult"]?["persistedOutputPath"]?.stringValue,
            let range = path.firstRange(of: "/" + id + "/tool-results/")
        else { return nil }
        return String(path[..<range.lowerBound]) + "/" + id + "/"
    }

    /// `value` with every string's `old` replaced by `new` (the session folder moved on import).
    public static func replacing(_ old: String, with new: String, in value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s) where s.contains(old): return .string(s.replacing(old, with: new))
        case .array(let a): return .array(a.map { replacing(old, with: new, in: $0) })
        case .object(let o): return .object(o.mapValues { replacing(old, with: new, in: $0) })
        default: return value
        }
    }

    /// The text of a persisted tool output, at most `cap` bytes (then a note says how much more the file holds);
    /// nil when the file is not there.
    static func persistedText(_ path: String, cap: Int) -> String? {
        guard FileInfo.kind(path) == .file, let size = FileInfo.size(path) else { return nil }
        guard let head = StoreSupport.headBytes(path: path, count: cap) else { return nil }
        var text = String(decoding: head, as: UTF8.self)
        if size > Int64(head.count) {
            text += "\n… (\(size - Int64(head.count)) more bytes in \(Paths.basename(path)))"
        }
        return text
    }
}

extension ClaudeSessionFiles {
    /// Imports an exported Claude transcript to `dest`: each line's `cwd` becomes `cwd`, carried records become the
    /// files of the session folder beside `dest`, and paths into the old session folder (persisted outputs) are
    /// rewritten to the new one. The transcript appears last, when everything it names is in place.
    /// `check` vets each carried file's path before it is written (the store's containment rule).
    public static func importTranscript(
        _ file: String, to dest: String, id: String, cwd: String, replace: Bool,
        redactLine: ((UnsafeBufferPointer<UInt8>) -> [UInt8]?)? = nil,
        check: (String) throws(SessionError) -> Void = { _ in }
    ) throws(SessionError) {
        let newPrefix = folder(transcript: dest, id: id) + "/"
        var oldPrefix: String?
        // Redacted lines (#11): every file written is checked by the second scan before it is published.
        let scan = redactLine != nil
        let transcript = try StreamingFile(folder: Paths.dirname(dest), scan: scan)
        defer { transcript.abandon() }
        var carriedFile: (path: String, file: StreamingFile)?
        defer { carriedFile?.file.abandon() }
        func rewrite(_ json: JSONValue) -> JSONValue? {
            var out = json
            var changed = false
            if case .object(var o) = out, o["cwd"]?.stringValue != nil {
                o["cwd"] = .string(cwd)
                out = .object(o)
                changed = true
            }
            if let old = oldPrefix, old != newPrefix {
                let moved = replacing(old, with: newPrefix, in: out)
                if moved != out {
                    out = moved
                    changed = true
                }
            }
            guard changed else { return Optional.none }  // (a bare `nil` in a ternary would be JSON null)
            return out
        }
        func handle(_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws(SessionError) -> Bool {
            guard case .success(let json) = JSONParser.parse(line) else {
                try transcript.buffer.write(line)
                try transcript.buffer.byte(0x0A)
                return true
            }
            if let (relative, content) = carried(json) {
                guard isAllowed(relative) else {
                    throw SessionError(
                        .badData, "a carried file's path '\(relative)' is outside subagents/ and tool-results/",
                        file: "\(file):\(number)")
                }
                let target = newPrefix + relative
                if carriedFile?.path != target {
                    try check(target)
                    if let done = carriedFile { _ = try done.file.commitReplacing(done.path) }
                    carriedFile = (target, try StreamingFile(folder: Paths.dirname(target), scan: scan))
                }
                let out = carriedFile!.file.buffer
                if json["line"] == nil, case .string(let text) = content {
                    try out.write(text)
                } else {
                    try out.write(JSONWriter.compact(rewrite(content) ?? content))
                }
                try out.byte(0x0A)
                return true
            }
            if oldPrefix == nil { oldPrefix = persistedPrefix(json, id: id) }
            if let changed = rewrite(json) {
                try transcript.buffer.write(JSONWriter.compact(changed))
            } else {
                try transcript.buffer.write(line)
            }
            try transcript.buffer.byte(0x0A)
            return true
        }
        try LineReader.forEachLine(path: file) { original, number throws(SessionError) in
            if original.isEmpty { return true }
            let redacted = redactLine?(original)
            if let redacted {
                return try redacted.withUnsafeBufferPointer { (line) throws(SessionError) in try handle(line, number) }
            }
            return try handle(original, number)
        }
        if let done = carriedFile {
            _ = try done.file.commitReplacing(done.path)
            carriedFile = nil
        }
        _ = replace ? try transcript.commitReplacing(dest) : try transcript.commitExclusive(dest)
    }
}
