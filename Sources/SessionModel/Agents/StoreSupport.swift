#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Small helpers the session stores share.
enum StoreSupport {
    /// The last lines of a file, reading at most `maxBytes` from its end (the first, partial line of that window is
    /// dropped unless the window starts at the beginning of the file). Empty when the file cannot be read.
    static func tailLines(path: String, maxBytes: Int = 256 << 10) -> [[UInt8]] {
        guard let fd = FileCalls.openToRead(path) else { return [] }
        defer { FileCalls.close(fd) }
        guard let size = FileCalls.status(fd)?.size else { return [] }
        let start = max(0, size - maxBytes)
        var bytes = [UInt8](repeating: 0, count: size - start)
        let got = bytes.withUnsafeMutableBytes { raw in
            raw.count == 0 ? 0 : FileCalls.readFully(fd, into: raw.baseAddress!, count: raw.count, at: start)
        }
        bytes.removeSubrange(got...)
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        return lines.map { $0.last == 0x0D ? Array($0.dropLast()) : $0 }.filter { !$0.isEmpty }
    }

    /// The first `count` bytes of a file (fewer when it is shorter); nil when it cannot be read. One `read` call: for
    /// peeking at thousands of files.
    static func headBytes(path: String, count: Int = 4096) -> [UInt8]? {
        guard let fd = FileCalls.openToRead(path) else { return nil }
        defer { FileCalls.close(fd) }
        // Not zero-filled first: only the bytes read are kept.
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = count == 0 ? 0 : FileCalls.readFully(fd, into: buffer.baseAddress!, count: count)
        }
    }

    /// Parses one JSONL line into an object; nil for anything else.
    static func object(_ line: UnsafeBufferPointer<UInt8>) -> [String: JSONValue]? {
        guard case .success(let value) = JSONParser.parse(line) else { return nil }
        return value.objectValue
    }

    static func object(_ line: [UInt8]) -> [String: JSONValue]? {
        line.withUnsafeBufferPointer { object($0) }
    }

    /// A file's modification time as an ISO 8601 string with milliseconds (UTC).
    static func modificationStamp(_ path: String) -> String? {
        FileInfo.modificationTime(path).map { Timestamps.iso8601Milliseconds(Date(timeIntervalSince1970: $0)) }
    }

    /// One line of text, trimmed and shortened, for titles.
    static func oneLine(_ text: String, limit: Int = 200) -> String? {
        let flat = text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
            .trimmed(.whitespaces)
        guard !flat.isEmpty else { return nil }
        if flat.count <= limit { return flat }
        return String(flat.prefix(limit - 1)) + "…"
    }

    /// The text of a tool result's `content`: a string, or the text of its blocks.
    static func text(of content: JSONValue?) -> String {
        switch content {
        case .string(let s)?: return s
        case .array(let blocks)?:
            if blocks.count == 1 { return blocks[0].stringValue ?? blocks[0]["text"]?.stringValue ?? "" }  // no copy
            return blocks.compactMap { block -> String? in
                if let s = block.stringValue { return s }
                return block["text"]?.stringValue
            }.joined(separator: "\n")
        case nil, .null?: return ""
        case let other?: return JSONWriter.compactString(other)
        }
    }

    /// Names of the subfolders of `path` (no hidden ones), sorted descending (newest first for date folders).
    static func subfolders(_ path: String, descending: Bool = true) -> [String] {
        let names = FileInfo.list(path).filter { !$0.hasPrefix(".") && FileInfo.isDirectory(path + "/" + $0) }
        return descending ? names.sorted(by: >) : names.sorted()
    }
}

extension SessionSummary {
    /// The moment to order sessions by: the last update, else the start, else the file's modification time.
    var sortDate: Date {
        if let s = updatedAt, let d = Timestamps.parse(s) { return d }
        if let s = startedAt, let d = Timestamps.parse(s) { return d }
        if let t = FileInfo.modificationTime(path) { return Date(timeIntervalSince1970: t) }
        return Date(timeIntervalSince1970: 0)
    }

    /// Newest first; ties broken by id so the order is stable.
    static func newestFirst(_ a: SessionSummary, _ b: SessionSummary) -> Bool {
        let (da, db) = (a.sortDate, b.sortDate)
        if da != db { return da > db }
        return a.id > b.id
    }

    /// The one rule for "the newest session" among several (one per agent: current-session detection, `export-session
    /// --latest`): the latest `sortDate`, as lists are ordered; on a tie the earlier one (callers pass the agents in
    /// registry order).
    static func newest(_ sessions: some Sequence<SessionSummary>) -> SessionSummary? {
        var best: (session: SessionSummary, date: Date)?
        for session in sessions {
            let date = session.sortDate
            if best == nil || date > best!.date { best = (session, date) }
        }
        return best?.session
    }
}

// MARK: - Helpers the Gemini, OpenCode, Copilot, Cursor, Aider and agy adapters use

extension StoreSupport {
    /// Parses one JSONL line. Blank lines give nil silently; a line that is not JSON is recorded in
    /// `stats.malformed` as `file:line: reason` and gives nil.
    /// `filter`: build only the members it keeps (see `JSONParser.KeyFilter`); the line is checked all the same.
    static func parseLine(
        _ line: UnsafeBufferPointer<UInt8>, path: String, number: Int, stats: inout ReadStats,
        filter: JSONParser.KeyFilter? = nil
    ) -> JSONValue? {
        if isBlank(line) { return nil }
        return lineResult(JSONParser.parse(line, filter: filter), path: path, number: number, stats: &stats)
    }

    /// `parseObjectLine`, the texts of the members `filter` captures appended to `captures` (`JSONParser.captured`).
    static func parseObjectLine(
        _ line: UnsafeBufferPointer<UInt8>, path: String, number: Int, stats: inout ReadStats,
        filter: JSONParser.KeyFilter, captures: inout [JSONParser.Captured]
    ) -> [String: JSONValue]? {
        if isBlank(line) { return nil }
        let parsed = JSONParser.parse(line, filter: filter, captures: &captures)
        guard let value = lineResult(parsed, path: path, number: number, stats: &stats) else { return nil }
        guard case .object(let o) = value else {
            stats.malformed.append("\(path):\(number): not a JSON object (found \(value.typeName))")
            return nil
        }
        return o
    }

    private static func lineResult(
        _ result: Result<JSONValue, JSONParseError>, path: String, number: Int, stats: inout ReadStats
    ) -> JSONValue? {
        switch result {
        case .success(let value): return value
        case .failure(let error):
            stats.malformed.append("\(path):\(number): \(error.reason) at column \(error.column)")
            return nil
        }
    }

    /// Parses one JSONL line that must hold an object. Blank lines give nil silently; a line that is not JSON, or not
    /// an object, is recorded in `stats.malformed` as `file:line: reason` and gives nil.
    static func parseObjectLine(
        _ line: UnsafeBufferPointer<UInt8>, path: String, number: Int, stats: inout ReadStats,
        filter: JSONParser.KeyFilter? = nil
    ) -> [String: JSONValue]? {
        guard let value = parseLine(line, path: path, number: number, stats: &stats, filter: filter) else {
            return nil
        }
        guard case .object(let o) = value else {
            stats.malformed.append("\(path):\(number): not a JSON object (found \(value.typeName))")
            return nil
        }
        return o
    }

    /// Parses JSON text (a database column): the value, or the reason it is not JSON.
    static func parseText(_ text: String) -> (value: JSONValue?, reason: String?) {
        do throws(JSONParseError) {
            return (try JSONParser.parse(text), nil)
        } catch {
            return (nil, "\(error.reason) at column \(error.column)")
        }
    }

    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in line where c != 0x20 && c != 0x09 && c != 0x0D { return false }
        return true
    }

    /// Parses a whole (small) JSON file; nil when missing; 65 with the reason when it is not JSON.
    static func readJSONFile(_ path: String, limit: Int = 256 << 20) throws(SessionError) -> JSONValue? {
        guard let bytes = try AtomicFile.read(path, limit: limit) else { return nil }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw SessionError(.badData, "not valid JSON: \(error.description)", file: path, line: error.line)
        }
    }

    /// Parses a whole small JSON file, nil when missing or not JSON (for listings that must not fail on one file).
    static func tryJSONFile(_ path: String) -> JSONValue? {
        // ignored: nil when the file is missing or unreadable, as the name says
        (try? readJSONFile(path)) ?? nil
    }

    /// Text from a content value: a string, `[{text}]` parts (joined by blank lines), or `{text}`.
    static func text(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        switch value {
        case .string(let s): return s
        case .array(let parts):
            return parts.compactMap { part -> String? in
                if case .string(let s) = part { return s }
                if let t = part["text"]?.stringValue { return t }
                return nil
            }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        case .object:
            return value["text"]?.stringValue ?? ""
        default: return ""
        }
    }

    /// The first non-empty line of `text`, trimmed, at most `limit` characters; nil when there is none.
    static func title(_ text: String?, limit: Int = 200) -> String? {
        guard let text else { return nil }
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let t = line.trimmed(.whitespaces)
            if !t.isEmpty { return t.count > limit ? String(t.prefix(limit)) + "…" : t }
        }
        return nil
    }

    /// ISO 8601 (UTC, ms) from epoch milliseconds or seconds (agents that store numbers).
    static func iso(epoch value: Double) -> String {
        Timestamps.iso8601Milliseconds(Timestamps.fromEpoch(value))
    }

    /// A timestamp JSON value as a string: strings kept as written, numbers converted from epoch.
    static func timestamp(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let s = value.stringValue, !s.isEmpty { return s }
        if let d = value.doubleValue, d > 0 { return iso(epoch: d) }
        return nil
    }

    /// The last non-blank line of a file (at most `limit` bytes from the end), read without the rest: for the time of
    /// a log's last record when listing.
    static func lastLine(path: String, limit: Int = 1 << 20) -> [UInt8]? {
        guard let fd = FileCalls.openToRead(path) else { return nil }
        defer { FileCalls.close(fd) }
        let size = FileCalls.endOffset(fd)
        guard size > 0 else { return nil }
        var window = min(size, 16384)
        while true {
            var buffer = [UInt8](repeating: 0, count: window)
            let n = buffer.withUnsafeMutableBytes {
                FileCalls.readFully(fd, into: $0.baseAddress!, count: window, at: size - window)
            }
            guard n == window else { return nil }
            var end = buffer.count
            while end > 0, buffer[end - 1] == 0x0A || buffer[end - 1] == 0x0D || buffer[end - 1] == 0x20 { end -= 1 }
            if end == 0 { return nil }
            if let nl = buffer[..<end].lastIndex(of: 0x0A) { return Array(buffer[(nl + 1)..<end]) }
            if window == size { return Array(buffer[..<end]) }
            if window >= limit { return nil }
            window = min(size, window * 4)
        }
    }

    /// Newest first (see `SessionSummary.newestFirst`): a stable order.
    static func newestFirst(_ list: [SessionSummary]) -> [SessionSummary] {
        list.sorted(by: SessionSummary.newestFirst)
    }

    /// Whether two project paths are the same place (physical paths, trailing slashes ignored).
    static func samePath(_ a: String, _ b: String) -> Bool {
        a == b || canonical(a) == canonical(b)
    }

    static func canonical(_ path: String) -> String {
        let p = Paths.physical(path)
        return p.count > 1 && p.hasSuffix("/") ? String(p.dropLast()) : p
    }

    /// `file://` URI → path (percent-decoded); other strings unchanged. Nil for other schemes (remote folders).
    static func pathFromURI(_ uri: String) -> String? {
        if uri.hasPrefix("file://") {
            var rest = String(uri.dropFirst(7))
            if !rest.hasPrefix("/"), let slash = rest.firstIndex(of: "/") { rest = String(rest[slash...]) }
            return rest.percentDecoded ?? rest
        }
        if uri.contains("://") { return nil }
        return uri
    }

    /// A tool call's input: objects kept, a JSON string parsed when it is JSON, else kept as a string.
    static func toolInput(_ value: JSONValue?) -> JSONValue {
        guard let value else { return .object([:]) }
        // ignored: a string that is not JSON is kept as a string
        if case .string(let s) = value, let parsed = try? JSONParser.parse(s),
            parsed.objectValue != nil || parsed.arrayValue != nil
        {
            return parsed
        }
        return value
    }

    /// A tool result as text: strings kept, other JSON written compactly.
    static func outputText(_ value: JSONValue?) -> String {
        guard let value, !value.isNull else { return "" }
        if let s = value.stringValue { return s }
        return JSONWriter.compactString(value)
    }

    /// Shell-quotes an argument for a resume command shown to the user (`Shell.word`, the one quoter).
    static func shellQuote(_ s: String) -> String { Shell.word(s) }

    /// Id validation shared by the adapters whose ids are prefixed tokens (`ses_…`).
    static func isToken(_ id: String, prefix: String, minLength: Int = 4) -> Bool {
        guard id.hasPrefix(prefix), id.utf8.count >= prefix.utf8.count + minLength, id.utf8.count <= 128 else {
            return false
        }
        return id.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }
    }

    /// `- [x] done`, `- [ ] open`, `- [/] in progress` lines of a Markdown checklist (nested items too).
    static func checklist(_ text: String) -> [TaskItem] {
        var items: [TaskItem] = []
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.trimmed(.whitespaces)
            guard line.hasPrefix("- [") || line.hasPrefix("* ["), line.count >= 6 else { continue }
            let chars = Array(line)
            guard chars[4] == "]" else { continue }
            let title = String(chars[5...]).trimmed(.whitespaces)
            guard !title.isEmpty else { continue }
            let status: TaskItem.Status
            switch chars[3] {
            case "x", "X": status = .completed
            case " ": status = .pending
            case "~", "-", ">", "/": status = .inProgress
            default: status = .other(String(chars[3]))
            }
            items.append(TaskItem(title: title, status: status))
        }
        return items
    }

}
