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
    public let environment: AgentEnvironment
    /// The wall clock (ns since 1970) that decides whether a folder changed too recently to be cached (tests move it).
    var now: @Sendable () -> Int64 = { FolderScan.Stamp.now() }
    public init(environment: AgentEnvironment) { self.environment = environment }
    public var agent: AgentKind { .codex }

    public var root: String {
        if let dir = environment.variables["CODEX_HOME"], !dir.isEmpty { return environment.absolute(dir) }
        return Paths.join(environment.home, ".codex")
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
    /// promised: `archived` tells them apart). Only directory listings and one `fstatat` per rollout, no reads.
    func rollouts(includeArchived: Bool = true) -> [Rollout] {
        var found: [Rollout] = []
        forEachRolloutFolder(includeArchived: includeArchived) { place in
            guard let folder = FolderScan(place.path) else { return }
            for name in folder.entries().map(\.name) where Self.isRolloutName(name) {
                found.append(
                    Rollout(
                        path: place.path + "/" + name, modified: folder.modificationTime(name) ?? 0,
                        archived: place.archived))
            }
        }
        return found.sorted(by: Self.newerFirst)
    }

    /// Most recently modified first, then by path (descending): the order `rollouts()` promises.
    static func newerFirst(_ a: Rollout, _ b: Rollout) -> Bool {
        if a.modified != b.modified { return a.modified > b.modified }
        return a.path > b.path
    }

    /// A folder that may hold rollouts: a day folder `sessions/YYYY/MM/DD` or `archived_sessions`.
    struct RolloutFolder {
        /// The folder it is in, open (its entry is looked up relative to it).
        var parent: FolderScan
        var name: String
        var path: String
        /// Relative to the store's root.
        var relative: String
        var archived: Bool

        /// Its stamp (nil when it is not a folder).
        func stamp() -> FolderScan.Stamp? { parent.stamp(name) }
    }

    /// Calls `body` with each place rollouts may be in: the day folders `sessions/YYYY/MM/DD`, newest first, then
    /// `archived_sessions` (not checked to be folders: opening them tells). One `getdents` walk per year and month
    /// folder, told apart by their entries' type, not by a `stat` each (issue #17).
    func forEachRolloutFolder(includeArchived: Bool, _ body: (RolloutFolder) -> Void) {
        func subfolders(_ path: String) -> [String] {
            FolderScan(path)?.subfolders().sorted(by: >) ?? []
        }
        for year in subfolders(liveFolder) {
            let y = liveFolder + "/" + year
            for month in subfolders(y) {
                let m = y + "/" + month
                guard let monthFolder = FolderScan(m) else { continue }
                let days = monthFolder.entries().map(\.name).filter { !$0.hasPrefix(".") }.sorted(by: >)
                for day in days {
                    body(
                        RolloutFolder(
                            parent: monthFolder, name: day, path: m + "/" + day,
                            relative: "sessions/\(year)/\(month)/\(day)", archived: false))
                }
            }
        }
        if includeArchived, let rootFolder = FolderScan(root) {
            body(
                RolloutFolder(
                    parent: rootFolder, name: "archived_sessions", path: archivedFolder, relative: "archived_sessions",
                    archived: true))
        }
    }

    /// How much of a rollout is read to find its `cwd` (at ~220 bytes in a 0.163 rollout's first line); a `cwd`
    /// further in is found by reading the whole first line.
    static let headSize = 1024

    static func isRolloutName(_ name: String) -> Bool { name.hasPrefix("rollout-") && name.hasSuffix(".jsonl") }

    /// The uuid at the end of a rollout file name (`rollout-2026-11-21T08-23-59-<uuid>.jsonl`).
    static func idFromFileName(_ name: String) -> String? {
        guard isRolloutName(name) else { return nil }
        let stem = String(Paths.basename(name).dropLast(6))
        guard stem.utf8.count >= 36 else { return nil }
        let tail = String(stem.suffix(36))
        return IDShapes.isUUID(tail) ? tail : nil
    }

    /// The rollouts whose first line names the project, newest first.
    public func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        var matcher = CwdMatcher(projectPath: projectPath)
        return candidates(&matcher).sorted { Self.newerFirst($0.rollout, $1.rollout) }.compactMap { c in
            c.readHead().flatMap { matcher.match(path: c.rollout.path, head: $0) }.map { meta, envelope in
                CodexStore.summary(
                    path: c.rollout.path, meta: meta, envelopeTimestamp: envelope, modified: c.modified)
            }
        }
    }

    /// The first match walking the live rollouts by modification time, then the archived ones.
    public func newestSession(projectPath: String) throws(SessionError) -> SessionSummary? {
        var matcher = CwdMatcher(projectPath: projectPath)
        let sorted = candidates(&matcher, learn: false).sorted { Self.newerFirst($0.rollout, $1.rollout) }
        for archived in [false, true] {
            for c in sorted where c.rollout.archived == archived {
                if let head = c.readHead(), let (meta, envelope) = matcher.match(path: c.rollout.path, head: head) {
                    return CodexStore.summary(
                        path: c.rollout.path, meta: meta, envelopeTimestamp: envelope, modified: c.modified)
                }
            }
        }
        return nil
    }

    /// A rollout that may be the project's, with its head and its modification time (nil when `stat` failed).
    struct Candidate {
        var rollout: Rollout
        /// Nil when it was not read yet (detection without a cache to learn into reads heads only as it needs them).
        var head: [UInt8]?
        var modified: Double?

        /// The head, read now when it was not yet; nil when it cannot be.
        func readHead() -> [UInt8]? { head ?? StoreSupport.headBytes(path: rollout.path, count: CodexStore.headSize) }
    }

    /// The rollouts that may be the project's: the byte scan of their head finds its `cwd`, or finds none (then the
    /// first line is parsed). Every rollout's head is read once to learn its `cwd`, and remembered
    /// (`CodexListCache`): a folder that did not change since is neither listed nor read again, and only the
    /// candidates are `stat`ed (issue #17: a heavy user has thousands of rollouts; 45 000 calls became ~1 700).
    ///
    /// `learn: false` (detection, when there is neither a cache nor a folder to write one in, e.g. a read-only HOME in
    /// an agent's sandbox): a folder not in the cache is not read, only `stat`ed, as before the cache (issue #17:
    /// detection must not become slower than that where nothing can be remembered).
    func candidates(_ matcher: inout CwdMatcher, learn: Bool = true) -> [Candidate] {
        var found: [Candidate] = []
        let cached = CodexListCache.load(environment, root: root)
        let learn = learn || !cached.folders.isEmpty || UserCache.canWrite(environment)
        var kept = CodexListCache()
        let now = self.now()
        forEachRolloutFolder(includeArchived: true) { place in
            guard let stamp = place.stamp() else { return }  // not a folder
            var opened: FolderScan?
            func folder() -> FolderScan? {
                if opened == nil { opened = FolderScan(place.path) }
                return opened
            }
            var heads: [String: [UInt8]] = [:]
            var linked = false
            let entries: [CodexListCache.Entry]
            if let known = cached.folders[place.relative], known.stamp == stamp {
                entries = known.entries
            } else {
                guard let scan = folder() else { return }
                let rollouts = scan.entries().filter { Self.isRolloutName($0.name) }
                if !learn {
                    for entry in rollouts {
                        let modified = scan.modificationTime(entry.name)
                        found.append(
                            Candidate(
                                rollout: Rollout(
                                    path: place.path + "/" + entry.name, modified: modified ?? 0,
                                    archived: place.archived),
                                head: nil, modified: modified))
                    }
                    return
                }
                // A symlinked rollout can change behind a folder that does not: its folder is read every time.
                linked = rollouts.contains(where: \.mayBeLink)
                entries = rollouts.map { entry in
                    let head = scan.head(entry.name, count: Self.headSize)
                    heads[entry.name] = head
                    return CodexListCache.Entry(name: entry.name, cwd: head.flatMap(Self.quickCwd))
                }
            }
            if !linked, stamp.isSettled(now: now), CodexListCache.isStorable(place.relative, entries) {
                kept.folders[place.relative] = CodexListCache.Folder(stamp: stamp, entries: entries)
            }
            for entry in entries {
                if let cwd = entry.cwd, !matcher.matches(cwd) { continue }
                guard let scan = folder(), let head = heads[entry.name] ?? scan.head(entry.name, count: Self.headSize)
                else { continue }
                let modified = scan.modificationTime(entry.name)
                found.append(
                    Candidate(
                        rollout: Rollout(
                            path: place.path + "/" + entry.name, modified: modified ?? 0, archived: place.archived),
                        head: head, modified: modified))
            }
        }
        if learn && kept != cached { kept.save(environment, root: root) }
        return found
    }

    /// The first line of a head (up to its newline, else all of it).
    static func firstLine(ofHead head: [UInt8]) -> (line: [UInt8], complete: Bool) {
        // memchr: a byte-by-byte firstIndex over the heads of 10 000 rollouts was most of a `list` (issue #17).
        let newline = head.withUnsafeBytes { PlatformFacts.firstIndex(of: 0x0A, in: $0) }
        return newline.map { (Array(head[..<$0]), true) } ?? (head, false)
    }

    /// The `cwd` the byte scan finds in a head's first line (nil when it finds none: then the line is parsed).
    static func quickCwd(_ head: [UInt8]) -> String? {
        quickField(firstLine(ofHead: head).line, key: "cwd")
    }

    /// Matches rollouts to a project on the `cwd` of their first line, without parsing lines of other projects.
    struct CwdMatcher {
        let projectPath: String
        var physical: [String: String] = [:]
        /// The project folder's device and inode, looked up once (nil when it cannot be).
        var projectIdentity: FileInfo.Identity?
        var lookedUpProject = false

        init(projectPath: String) { self.projectPath = projectPath }

        /// The `session_meta` of the rollout at `path` whose first bytes are `head`, when its `cwd` is the project.
        mutating func match(path: String, head: [UInt8]) -> ([String: JSONValue], String?)? {
            // `cwd` sits near the start of session_meta, before the long base_instructions: peek at the head first.
            var (headLine, complete) = CodexStore.firstLine(ofHead: head)
            if let cwd = CodexStore.quickField(headLine, key: "cwd"), !matches(cwd) { return nil }
            // The whole first line is in the head when its newline is: no second read (as LineReader.firstLine).
            if complete, headLine.last == 0x0D { headLine.removeLast() }
            guard let line = complete ? headLine : LineReader.firstLine(path: path),
                let (meta, stamp) = CodexStore.meta(line), let cwd = meta["cwd"]?.stringValue, matches(cwd)
            else { return nil }
            return (meta, stamp)
        }

        mutating func matches(_ cwd: String) -> Bool {
            if cwd == projectPath { return true }
            if let known = physical[cwd] { return known == projectPath }
            // realpath walks every component (a readlink each); a folder that is not the project's, by device and
            // inode, cannot resolve to it, so only a cwd that is the same folder is resolved (issue #17).
            if !lookedUpProject {
                projectIdentity = FileInfo.identity(projectPath)
                lookedUpProject = true
            }
            let resolved: String
            if let project = projectIdentity, FileInfo.identity(cwd) != project {
                resolved = cwd
            } else {
                resolved = Paths.physical(cwd)
            }
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

    /// `modified`: the file's modification time (its `updated_at`), nil when it could not be read.
    static func summary(path: String, meta: [String: JSONValue], envelopeTimestamp: String?, modified: Double?)
        -> SessionSummary
    {
        let id =
            meta["id"]?.stringValue ?? meta["session_id"]?.stringValue ?? idFromFileName(Paths.basename(path))
            ?? String(Paths.basename(path).dropLast(6))
        return SessionSummary(
            agent: .codex, id: id, path: path, projectPath: meta["cwd"]?.stringValue,
            startedAt: meta["timestamp"]?.stringValue ?? envelopeTimestamp,
            updatedAt: modified.map { Timestamps.iso8601Milliseconds(Date(timeIntervalSince1970: $0)) },
            title: meta["title"]?.stringValue,
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

    public func session(id: String) throws(SessionError) -> SessionSummary? {
        guard IDShapes.isSafeComponent(id) else { return nil }
        // The id is in the file name: only the rollouts so named are `stat`ed (the newest wins), not all of them.
        var named: [Rollout] = []
        let suffix = "-" + id + ".jsonl"
        forEachRolloutFolder(includeArchived: true) { place in
            guard let folder = FolderScan(place.path) else { return }
            for name in folder.entries().map(\.name) where name.hasSuffix(suffix) && CodexRolloutName.id(name) == id {
                named.append(
                    Rollout(
                        path: place.path + "/" + name, modified: folder.modificationTime(name) ?? 0,
                        archived: place.archived))
            }
        }
        var path = named.sorted(by: Self.newerFirst).first?.path
        if path == nil {
            path =
                rollouts().first { r in
                    LineReader.firstLine(path: r.path).flatMap { Self.meta($0) }.map { $0.0["id"]?.stringValue == id }
                        ?? false
                }?.path
        }
        guard let path, let line = LineReader.firstLine(path: path) else { return nil }
        var summary =
            Self.meta(line).map {
                Self.summary(
                    path: path, meta: $0.0, envelopeTimestamp: $0.1, modified: FileInfo.modificationTime(path))
            }
            ?? SessionSummary(agent: .codex, id: id, path: path, updatedAt: StoreSupport.modificationStamp(path))
        if summary.title == nil { summary.title = firstPrompt(path) }
        return summary
    }

    /// The first prompt in a rollout (within its first 300 lines).
    func firstPrompt(_ path: String) -> String? {
        var reader = CodexRolloutReader(path: path)
        var prompt: String?
        var count = 0
        // ignored: a count reads what it can; an unreadable file counts what was read
        try? LineReader.forEachLine(path: path, chunkSize: 64 << 10) { line, number throws(SessionError) in
            count += 1
            try reader.feed(line, number: number) { event in
                if prompt == nil, case .message(let m) = event, m.isPrompt { prompt = StoreSupport.oneLine(m.text) }
            }
            return prompt == nil && count < 300
        }
        return prompt
    }

    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void)
        throws(SessionError) -> ReadStats
    {
        var reader = CodexRolloutReader(path: session.path)
        try LineReader.forEachLine(path: session.path) { line, number throws(SessionError) in
            try reader.feed(line, number: number, visit)
            return true
        }
        try reader.finish(visit)
        return reader.stats
    }

    /// The plan of the last `update_plan` call (`{"plan":[{"step","status"}]}`) whose arguments hold one; nil when
    /// the session has none. A call whose `arguments` are not JSON (or hold no plan) is passed over, never a reason
    /// to fail: Codex itself opens such sessions.
    public func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? {
        var last: (JSONValue, Int)?
        try LineReader.forEachLine(path: session.path) { line, number in
            guard let o = StoreSupport.object(line) else { return true }
            let p = o["type"]?.stringValue == "response_item" ? o["payload"] : .object(o)
            if p?["type"]?.stringValue == "function_call", p?["name"]?.stringValue == "update_plan",
                // ignored: plan arguments that are not JSON are not a task list
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
