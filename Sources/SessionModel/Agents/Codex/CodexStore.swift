#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Codex CLI's session store (agent-stores.md §2): `<root>/sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl` and the
/// flat `<root>/archived_sessions/`, where `<root>` is `$CODEX_HOME`, else `$HOME/.codex`.
///
/// Listing reads only the first line of each rollout (`session_meta`, which records `cwd`), and even that line is
/// not parsed unless its `cwd` names the project: a heavy user has thousands of rollouts.
public struct CodexStore: SessionStore {
    public let context: ToolContext
    public init(context: ToolContext) { self.context = context }
    public var agent: AgentKind { .codex }

    public var root: String {
        if let dir = context.environment["CODEX_HOME"], !dir.isEmpty { return context.absolute(dir) }
        return Paths.join(context.home, ".codex")
    }

    public var location: String { root }
    var liveFolder: String { root + "/sessions" }
    var archivedFolder: String { root + "/archived_sessions" }

    struct Rollout {
        var path: String
        var modified: Double
        var archived: Bool
    }

    /// Every rollout file, most recently modified first (live ones before archived ones on equal footing is not
    /// promised: `archived` tells them apart). Only directory listings and `stat`, no reads.
    func rollouts(includeArchived: Bool = true) -> [Rollout] {
        var found: [Rollout] = []
        for year in StoreSupport.subfolders(liveFolder) {
            let y = liveFolder + "/" + year
            for month in StoreSupport.subfolders(y) {
                let m = y + "/" + month
                for day in StoreSupport.subfolders(m) {
                    let d = m + "/" + day
                    for name in FileInfo.list(d) where Self.isRolloutName(name) {
                        let path = d + "/" + name
                        found.append(
                            Rollout(path: path, modified: FileInfo.modificationTime(path) ?? 0, archived: false))
                    }
                }
            }
        }
        if includeArchived {
            for name in FileInfo.list(archivedFolder) where Self.isRolloutName(name) {
                let path = archivedFolder + "/" + name
                found.append(Rollout(path: path, modified: FileInfo.modificationTime(path) ?? 0, archived: true))
            }
        }
        return found.sorted { a, b in
            if a.modified != b.modified { return a.modified > b.modified }
            return a.path > b.path
        }
    }

    static func isRolloutName(_ name: String) -> Bool { name.hasPrefix("rollout-") && name.hasSuffix(".jsonl") }

    /// The uuid at the end of a rollout file name (`rollout-2026-11-21T08-23-59-<uuid>.jsonl`).
    static func idFromFileName(_ name: String) -> String? {
        guard isRolloutName(name) else { return nil }
        let stem = String(Paths.basename(name).dropLast(6))
        guard stem.utf8.count >= 36 else { return nil }
        let tail = String(stem.suffix(36))
        return IDShapes.isUUID(tail) ? tail : nil
    }

    public func sessions(projectPath: String) throws -> [SessionSummary] {
        var matcher = CwdMatcher(projectPath: projectPath)
        var result: [SessionSummary] = []
        for rollout in rollouts() {
            if let summary = matcher.summary(rollout) { result.append(summary) }
        }
        return result
    }

    /// Stops at the first match, walking the live rollouts by modification time, then the archived ones.
    public func newestSession(projectPath: String) throws -> SessionSummary? {
        var matcher = CwdMatcher(projectPath: projectPath)
        let all = rollouts()
        for rollout in all where !rollout.archived {
            if let summary = matcher.summary(rollout) { return summary }
        }
        for rollout in all where rollout.archived {
            if let summary = matcher.summary(rollout) { return summary }
        }
        return nil
    }

    /// Matches rollouts to a project on the `cwd` of their first line, without parsing lines of other projects.
    struct CwdMatcher {
        let projectPath: String
        var physical: [String: String] = [:]

        init(projectPath: String) { self.projectPath = projectPath }

        mutating func summary(_ rollout: Rollout) -> SessionSummary? {
            // `cwd` sits near the start of session_meta, before the long base_instructions: peek at 4 KiB first.
            guard let head = StoreSupport.headBytes(path: rollout.path) else { return nil }
            // memchr: a byte-by-byte firstIndex over 4 KiB × 10 000 rollouts was most of a `list` (issue #17).
            let newline = head.withUnsafeBytes { PlatformFacts.firstIndex(of: 0x0A, in: $0) }
            let headLine = newline.map { Array(head[..<$0]) } ?? head
            if let cwd = CodexStore.quickField(headLine, key: "cwd"), !matches(cwd) { return nil }
            guard let line = LineReader.firstLine(path: rollout.path) else { return nil }
            guard let (meta, stamp) = CodexStore.meta(line), let cwd = meta["cwd"]?.stringValue, matches(cwd)
            else { return nil }
            return CodexStore.summary(path: rollout.path, meta: meta, envelopeTimestamp: stamp)
        }

        mutating func matches(_ cwd: String) -> Bool {
            if cwd == projectPath { return true }
            if let known = physical[cwd] { return known == projectPath }
            let resolved = Paths.physical(cwd)
            physical[cwd] = resolved
            return resolved == projectPath
        }
    }

    /// The `session_meta` payload of a first line (or the bare 2025 meta object) and the envelope's timestamp.
    static func meta(_ line: [UInt8]) -> ([String: JSONValue], String?)? {
        guard let o = StoreSupport.object(line) else { return nil }
        if o["type"]?.stringValue == "session_meta", case .object(let p)? = o["payload"] {
            return (p, o["timestamp"]?.stringValue)
        }
        if o["payload"] == nil, o["id"]?.stringValue != nil, o["timestamp"] != nil { return (o, nil) }
        return nil
    }

    static func summary(path: String, meta: [String: JSONValue], envelopeTimestamp: String?) -> SessionSummary {
        let id =
            meta["id"]?.stringValue ?? meta["session_id"]?.stringValue ?? idFromFileName(Paths.basename(path))
            ?? String(Paths.basename(path).dropLast(6))
        return SessionSummary(
            agent: .codex, id: id, path: path, projectPath: meta["cwd"]?.stringValue,
            startedAt: meta["timestamp"]?.stringValue ?? envelopeTimestamp,
            updatedAt: StoreSupport.modificationStamp(path), title: meta["title"]?.stringValue,
            messageCount: nil)
    }

    /// The value of the first `"key": "…"` in a JSON line, found by scanning bytes (no parse). Nil when it is not
    /// there in that simple form (then the caller parses the line).
    static func quickField(_ line: [UInt8], key: String) -> String? {
        let pattern = Array("\"\(key)\"".utf8)
        return line.withUnsafeBufferPointer { buf -> String? in
            let n = buf.count
            var i = 0
            while i + pattern.count <= n {
                guard let hit = Self.find(pattern, in: buf, from: i) else { return nil }
                var j = hit + pattern.count
                while j < n, buf[j] == 0x20 || buf[j] == 0x09 { j += 1 }
                guard j < n, buf[j] == UInt8(ascii: ":") else { i = hit + 1; continue }
                j += 1
                while j < n, buf[j] == 0x20 || buf[j] == 0x09 { j += 1 }
                guard j < n, buf[j] == UInt8(ascii: "\"") else { return nil }
                let start = j + 1
                var k = start
                while k < n, buf[k] != UInt8(ascii: "\"") {
                    if buf[k] == UInt8(ascii: "\\") { return nil }
                    k += 1
                }
                guard k < n else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: buf[start..<k]), as: UTF8.self)
            }
            return nil
        }
    }

    /// First index of `pattern` in `buf` at or after `from` (memchr on the first byte, then memcmp).
    static func find(_ pattern: [UInt8], in buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        PlatformFacts.firstIndex(of: pattern, in: buf, from: from)
    }

    public func session(id: String) throws -> SessionSummary? {
        guard IDShapes.isSafeComponent(id) else { return nil }
        let all = rollouts()
        var path = all.first { CodexRolloutName.id(Paths.basename($0.path)) == id }?.path
        if path == nil {
            path =
                all.first { r in
                    LineReader.firstLine(path: r.path).flatMap { Self.meta($0) }.map { $0.0["id"]?.stringValue == id }
                        ?? false
                }?.path
        }
        guard let path, let line = LineReader.firstLine(path: path) else { return nil }
        var summary =
            Self.meta(line).map { Self.summary(path: path, meta: $0.0, envelopeTimestamp: $0.1) }
            ?? SessionSummary(agent: .codex, id: id, path: path, updatedAt: StoreSupport.modificationStamp(path))
        if summary.title == nil { summary.title = firstPrompt(path) }
        return summary
    }

    /// The first prompt in a rollout (within its first 300 lines).
    func firstPrompt(_ path: String) -> String? {
        var reader = CodexRolloutReader(path: path)
        var prompt: String?
        var count = 0
        try? LineReader.forEachLine(path: path, chunkSize: 64 << 10) { line, number in
            count += 1
            try reader.feed(line, number: number) { event in
                if prompt == nil, case .message(let m) = event, m.isPrompt { prompt = StoreSupport.oneLine(m.text) }
            }
            return prompt == nil && count < 300
        }
        return prompt
    }

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws -> Void) throws -> ReadStats {
        var reader = CodexRolloutReader(path: session.path)
        try LineReader.forEachLine(path: session.path) { line, number in
            try reader.feed(line, number: number, visit)
            return true
        }
        try reader.finish(visit)
        return reader.stats
    }

    /// The plan of the last `update_plan` call (`{"plan":[{"step","status"}]}`) whose arguments hold one; nil when
    /// the session has none. A call whose `arguments` are not JSON (or hold no plan) is passed over, never a reason
    /// to fail: Codex itself opens such sessions.
    public func tasks(_ session: SessionSummary) throws -> [TaskItem]? {
        var last: (JSONValue, Int)?
        try LineReader.forEachLine(path: session.path) { line, number in
            guard let o = StoreSupport.object(line) else { return true }
            let p = o["type"]?.stringValue == "response_item" ? o["payload"] : .object(o)
            if p?["type"]?.stringValue == "function_call", p?["name"]?.stringValue == "update_plan",
                let args = p?["arguments"]?.stringValue, let json = try? JSONParser.parse(args),
                let plan = json["plan"], plan.arrayValue != nil
            {
                last = (plan, number)
            }
            return true
        }
        guard let (plan, line) = last else { return nil }
        return try TaskListParser.parse(plan, source: "\(session.path):\(line)")
    }

    public func resumeCommand(id: String) -> String { "codex resume \(StoreSupport.shellQuote(id))" }
    public func isValidID(_ id: String) -> Bool { IDShapes.isUUID(id) }
}
