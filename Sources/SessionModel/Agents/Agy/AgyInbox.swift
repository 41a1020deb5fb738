#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A conversation's inbox, `brain/<id>/.system_generated/messages/*.json`: the last place `AgyStore` reads a
/// conversation from (no transcript with content, no `conversations/<id>.db`). These are not the conversation's
/// turns but notices delivered to it: one JSON object per file, `{id, sender, recipient, priority, timestamp,
/// renderDetails: {messageTitle}, content, sourceMetadata: {tool: {conversationId, stepIndex, toolCall: {id, name,
/// argumentsJson}}}}` (agy 1.2.13: a background command's exit, sender `<conversation>/task-<n>`; a subagent
/// reporting back, sender = the subagent's conversation id). Each becomes a `system` message (never a prompt, never
/// the title): `Message from <sender> to <recipient>: <title>` and the content. Files of another shape (agy's read
/// receipts `{<message id>: true}`) are counted as skipped; files that are not JSON as malformed; neither fails a read.
/// Sources: Tests/Fixtures/README.md (agy/inbox).
enum AgyInbox {
    static let folder = ".system_generated/messages"
    /// The largest message file read (agy's are a few KB; a bridge reading them bounds them at 64 KiB).
    static let limit = 8 << 20

    /// The message files of the inbox at `path` (`*.json`, regular files), by name.
    static func files(_ path: String) -> [String] {
        FileInfo.list(path).filter { $0.hasSuffix(".json") && FileInfo.kind(Paths.join(path, $0)) == .file }.sorted()
    }

    static func isInbox(_ path: String) -> Bool { path.hasSuffix("/" + folder) }

    /// One message file, parsed.
    struct Record {
        var name: String
        var value: JSONValue
        var timestamp: String? { value["timestamp"]?.stringValue }
        /// A notice we know: an object with a text `content` and a `sender` or `recipient`.
        var isNotice: Bool {
            value.objectValue != nil && value["content"]?.stringValue != nil
                && (value["sender"]?.stringValue != nil || value["recipient"]?.stringValue != nil)
        }
    }

    /// The inbox's records in time order (`timestamp`; records without one after those with one), then by file name.
    /// Files that cannot be read or parsed are reported in `stats.malformed`, never thrown.
    static func records(_ path: String, stats: inout ReadStats) -> [Record] {
        var result: [(time: Double?, record: Record)] = []
        for name in files(path) {
            let file = Paths.join(path, name)
            stats.lines += 1
            // ignored: an unreadable record file is skipped (counted as malformed)
            guard let bytes = try? AtomicFile.read(file, limit: limit) else {
                stats.malformed.append("\(file): cannot be read")
                continue
            }
            // ignored: a record file that is not JSON is skipped (counted as malformed)
            guard let value = try? JSONParser.parse(bytes) else {
                stats.malformed.append("\(file): not JSON")
                continue
            }
            let record = Record(name: name, value: value)
            result.append((record.timestamp.flatMap(Timestamps.parse)?.timeIntervalSince1970, record))
        }
        result.sort { a, b in
            switch (a.time, b.time) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.record.name < b.record.name
            }
        }
        return result.map(\.record)
    }

    /// The first and last time of the inbox's notices.
    static func times(_ path: String) -> (first: String?, last: String?) {
        var ignored = ReadStats()
        let stamps = records(path, stats: &ignored).filter(\.isNotice).compactMap(\.timestamp)
        return (stamps.first, stamps.last)
    }

    static func read(_ path: String, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    {
        var stats = ReadStats()
        for record in records(path, stats: &stats) {
            guard record.isNotice else {
                stats.skipped["message:other", default: 0] += 1
                continue
            }
            let v = record.value
            var m = TranscriptMessage(
                role: .system, id: v["id"]?.stringValue ?? String(record.name.dropLast(5)), timestamp: record.timestamp)
            m.text = heading(v) + "\n\n" + (v["content"]?.stringValue ?? "")
            stats.messages += 1
            try visit(.message(m))
        }
        return stats
    }

    /// `Message from <sender> to <recipient>: <title> (tool step <n>, <tool>)`.
    static func heading(_ v: JSONValue) -> String {
        var text = "Message"
        if let s = v["sender"]?.stringValue { text += " from \(s)" }
        if let r = v["recipient"]?.stringValue { text += " to \(r)" }
        if let title = v["renderDetails"]?["messageTitle"]?.stringValue, !title.isEmpty { text += ": \(title)" }
        let tool = v["sourceMetadata"]?["tool"]
        if let step = tool?["stepIndex"]?.intValue {
            text += " (tool step \(step)" + (tool?["toolCall"]?["name"]?.stringValue.map { ", \($0)" } ?? "") + ")"
        }
        return text
    }

    /// `--format native`: the inbox's records (every file that parses), one compact JSON line each, in time order.
    static func exportNative(_ path: String, out: OutputBuffer, redact: Bool, counts: inout RedactionCounts)
        throws(SessionError)
    {
        let redactor = Redactor()
        var ignored = ReadStats()
        for record in records(path, stats: &ignored) {
            let value = redact ? SessionExporter.redact(record.value, redactor, &counts) : record.value
            try out.write(JSONWriter.compact(value))
            try out.byte(0x0A)
        }
    }
}
