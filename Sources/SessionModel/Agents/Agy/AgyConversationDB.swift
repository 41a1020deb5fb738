#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The last fallback for an agy conversation without a transcript: agy's own `conversations/<id>.db` (since agy
/// 1.0.4; openabdev/openab#979, kenn-io/agentsview#580). SQLite with `steps(idx, step_type, …, step_payload)`;
/// `step_payload` is protobuf with no published schema. What is known, from third-party readers (kenn-io/agentsview
/// `internal/parser/antigravity.go`, field numbers read from the descriptors in the agy 1.1.16 binary;
/// phnx-labs/agi-cli#599; tenequm/pond#201):
/// - the step kind is the payload's field 1 (varint), else the `step_type` column: 14 = `USER_INPUT`,
///   15 = `PLANNER_RESPONSE`; other kinds (tool executions, context) are skipped here, counted;
/// - text sits in UTF-8 string fields somewhere in the tree: the prompt is the most prose-like one, an answer is
///   every prose string (whitespace, ≥ 20 characters) that is not an id, a path or a JSON blob;
/// - a tool call is a nested message holding a known tool name and its JSON arguments (`{"CommandLine": …}`), with
///   its call id beside them.
/// Best effort, read-only, lossy (tool outputs are not recovered; parts may be encrypted; a step's time is its
/// earliest timestamp-shaped field): used only
/// when `transcript_full.jsonl` and `transcript.jsonl` are missing or empty.
enum AgyConversationDB {
    struct Field {
        var number: Int
        var varint: UInt64?
        var bytes: [UInt8]?
        var nested: [Field]?
    }

    /// One protobuf level; nil when `data` is not a clean field sequence. Length-delimited fields that parse as a
    /// message (every field number in 1...100000) are kept as nested, as the third-party readers do.
    static func parse(_ data: ArraySlice<UInt8>, depth: Int = 0) -> [Field]? {
        guard depth <= 24 else { return nil }
        var out: [Field] = []
        var i = data.startIndex
        func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while i < data.endIndex, shift < 64 {
                let b = data[i]
                i += 1
                value |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while i < data.endIndex {
            guard let key = varint(), key >> 3 >= 1, key >> 3 <= 100_000 else { return nil }
            var f = Field(number: Int(key >> 3))
            switch key & 7 {
            case 0:
                guard let v = varint() else { return nil }
                f.varint = v
            case 1:
                guard data.endIndex - i >= 8 else { return nil }
                i += 8
            case 5:
                guard data.endIndex - i >= 4 else { return nil }
                i += 4
            case 2:
                guard let n = varint(), n <= UInt64(data.endIndex - i) else { return nil }
                let body = data[i..<i + Int(n)]
                i += Int(n)
                f.bytes = Array(body)
                if let nested = parse(body, depth: depth + 1), !nested.isEmpty { f.nested = nested }
            default: return nil
            }
            out.append(f)
        }
        return out
    }

    /// Every string (valid UTF-8, not a nested message) in the tree, in order.
    static func strings(_ fields: [Field]) -> [String] {
        var out: [String] = []
        for f in fields {
            if let nested = f.nested {
                out += strings(nested)
            } else if let bytes = f.bytes, let s = String(validating: bytes, as: UTF8.self), !s.isEmpty {
                out.append(s)
            }
        }
        return out
    }

    /// The earliest `google.protobuf.Timestamp`-shaped sub-message (only varint fields 1 = seconds, 2 = nanos;
    /// seconds within 2000–2100), as the third-party readers date a step.
    static func timestamp(_ fields: [Field]) -> String? {
        var best: Double?
        func walk(_ fs: [Field]) {
            for f in fs {
                guard let nested = f.nested else { continue }
                let seconds = nested.first { $0.number == 1 }?.varint
                let nanos = nested.first { $0.number == 2 }?.varint ?? 0
                if let seconds, seconds > 946_684_800, seconds < 4_102_444_800, nanos < 1_000_000_000,
                    nested.allSatisfy({ ($0.number == 1 || $0.number == 2) && $0.varint != nil })
                {
                    let t = Double(seconds) + Double(nanos) / 1e9
                    if best == nil || t < best! { best = t }
                }
                walk(nested)
            }
        }
        walk(fields)
        return best.map { StoreSupport.iso(epoch: $0) }
    }

    /// Tool names agy uses (the third-party readers' list): a nested message holding one is a tool call.
    static let toolNames: Set<String> = [
        "view_file", "read_url_content", "replace_file_content", "multi_replace_file_content", "write_to_file",
        "define_subagent", "invoke_subagent", "manage_subagents", "send_message", "manage_task", "ask_permission",
        "ask_question", "schedule", "search_web", "generate_image", "run_command", "execute_command",
        "run_shell_command", "grep_search", "search_files", "list_directory", "list_dir", "edit_file", "read_file",
        "write_file",
    ]

    static func toolCalls(_ fields: [Field]) -> [ToolCall] {
        var calls: [ToolCall] = []
        for f in fields {
            guard let nested = f.nested else { continue }
            let direct = nested.compactMap {
                $0.nested == nil ? $0.bytes.flatMap { String(validating: $0, as: UTF8.self) } : nil
            }
            if let name = direct.first(where: toolNames.contains) {
                let args = direct.first { $0.hasPrefix("{") }
                let id = direct.first { $0 != name && $0 != args && !$0.contains(" ") }
                calls.append(
                    ToolCall(
                        id: id, name: name,
                        input: args.map { StoreSupport.toolInput(.string($0)) } ?? .object([:])))
            } else {
                calls += toolCalls(nested)
            }
        }
        return calls
    }

    static func isNoise(_ s: String) -> Bool {
        s.isEmpty || IDShapes.isUUID(s) || s.hasPrefix("MODEL_PLACEHOLDER_") || s.hasPrefix("{") || s.hasPrefix("[")
            || s.hasPrefix("file://") || (s.hasPrefix("/") && !s.contains(" ")) || toolNames.contains(s)
    }

    /// The most prose-like string: longest, with whitespace and letters (the third-party readers' score).
    static func prompt(_ candidates: [String]) -> String? {
        var best: (String, Int)?
        for raw in candidates {
            let s = raw.trimmed(.whitespacesAndNewlines)
            guard !isNoise(s), s.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { continue }
            let score = s.count + (s.contains(" ") || s.contains("\n") ? 50 : 0)
            if best == nil || score > best!.1 { best = (s, score) }
        }
        return best?.0
    }

    static func read(_ path: String, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    {
        var stats = ReadStats()
        let db = try SQLiteDatabase(path: path, readOnly: true)
        guard try db.tableNames().contains("steps") else {
            throw SessionError(.badData, "not an agy conversation database (no steps table)", file: path)
        }
        var steps: [(Int64, Int64, [UInt8])] = []
        try db.query("SELECT idx, step_type, step_payload FROM steps ORDER BY idx") { row in
            steps.append((row.int(0) ?? 0, row.int(1) ?? 0, row.bytes(2) ?? []))
        }
        for (idx, type, payload) in steps {
            stats.lines += 1
            guard !payload.isEmpty, let fields = parse(payload[...]), !fields.isEmpty else {
                stats.skipped["step:undecoded", default: 0] += 1
                continue
            }
            let kind = fields.first { $0.number == 1 && $0.varint != nil }?.varint.map(Int64.init) ?? type
            var m = TranscriptMessage(role: .user, id: String(idx), timestamp: timestamp(fields))
            let texts = strings(fields)
            switch kind {
            case 14:
                guard let p = prompt(texts) else {
                    stats.skipped["step:14 without text", default: 0] += 1
                    continue
                }
                m.text = AgyStore.userRequest(p)
            case 15:
                m.role = .assistant
                m.toolCalls = toolCalls(fields)
                var seen: Set<String> = []
                let prose = texts.map { $0.trimmed(.whitespacesAndNewlines) }.filter {
                    !isNoise($0) && $0.count >= 20 && ($0.contains(" ") || $0.contains("\n"))
                        && seen.insert($0).inserted
                }
                m.text = prose.joined(separator: "\n\n")
                guard !m.text.isEmpty || !m.toolCalls.isEmpty else {
                    stats.skipped["step:15 without text", default: 0] += 1
                    continue
                }
            default:
                stats.skipped["step:\(kind)", default: 0] += 1
                continue
            }
            stats.messages += 1
            try visit(.message(m))
        }
        return stats
    }

    /// The first prompt, for listings.
    static func title(_ path: String) -> String? {
        var title: String?
        // ignored: the title is best effort; an unreadable conversation has none
        _ = try? read(path) { event in
            if title == nil, case .message(let m) = event, m.role == .user { title = StoreSupport.title(m.text) }
        }
        return title
    }
}
