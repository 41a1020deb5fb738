#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Codex's thread index, `$CODEX_HOME/state_<n>.sqlite` table `threads` (0.163 writes `state_5.sqlite`). Its resume
/// picker, `resume --last` and the IDE's history list threads from this table, not from the rollout files: a rollout
/// we write is resumable by id but invisible there until it has a row (agent-stores.md §10; openai/codex#40426,
/// #45703; seen with codex 0.163.0: `codex exec resume --last` passes over a rollout without a row, and over a row
/// whose `model_provider` is not the configured one).
///
/// Row facts (openai/codex `codex-rs/state`: `migrations/*.sql`, `model/thread_metadata.rs`; the table of a real
/// 0.163 database): `id`, `rollout_path`, `created_at`/`updated_at` (epoch seconds; `_ms` twins filled by triggers),
/// `source`, `model_provider`, `cwd`, `title`, `sandbox_policy`/`approval_mode` (stored as strings, not parsed when
/// listed), `first_user_message`, `preview` (a thread with an empty preview is not listed), `cli_version`,
/// `history_mode` (how to read the rollout).
public enum CodexStateDB {
    /// What a row says about one rollout.
    public struct Thread: Sendable, Equatable {
        public var id: String
        public var rolloutPath: String
        public var cwd: String
        public var createdAt: Date
        public var updatedAt: Date
        public var firstPrompt: String
        public var source = "cli"
        public var originator = "codex_cli_rs"
        public var cliVersion = ""
        /// `paginated` for 0.163 rollouts (`session_meta.history_mode`, `ordinal` on every record), else `legacy`:
        /// Codex reads the rollout by this (a paginated rollout in a `legacy` row fails to resume, ran).
        public var historyMode = "legacy"

        public init(id: String, rolloutPath: String, cwd: String, createdAt: Date, updatedAt: Date, firstPrompt: String)
        {
            self.id = id
            self.rolloutPath = rolloutPath
            self.cwd = cwd
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.firstPrompt = firstPrompt
        }

        /// The facts of a rollout file (its `session_meta` and first prompt); nil when it has no meta line.
        public init?(rollout path: String, environment: AgentEnvironment) {
            guard let line = LineReader.firstLine(path: path), let (meta, stamp) = CodexStore.meta(line),
                let id = meta["id"]?.stringValue ?? meta["session_id"]?.stringValue,
                let cwd = meta["cwd"]?.stringValue
            else { return nil }
            let started = (meta["timestamp"]?.stringValue ?? stamp).flatMap { Timestamps.parse($0) } ?? environment.now
            self.init(
                id: id, rolloutPath: path, cwd: cwd, createdAt: started, updatedAt: environment.now,
                firstPrompt: CodexStateDB.firstPrompt(path) ?? "")
            if let s = meta["source"]?.stringValue, !s.isEmpty { source = s }
            if let o = meta["originator"]?.stringValue, !o.isEmpty { originator = o }
            cliVersion = meta["cli_version"]?.stringValue ?? ""
            if let mode = meta["history_mode"]?.stringValue, !mode.isEmpty { historyMode = mode }
        }
    }

    /// The first prompt of a rollout within its first 300 lines, passing over the note a conversion puts first
    /// (`[agent-sessions] This session was converted …`): Codex shows it as the thread's preview.
    static func firstPrompt(_ path: String) -> String? {
        var reader = CodexRolloutReader(path: path)
        var prompt: String?
        // ignored: the first prompt is best effort; an unreadable rollout has none
        try? LineReader.forEachLine(path: path, chunkSize: 64 << 10) { line, number throws(SessionError) in
            try reader.feed(line, number: number) { event in
                if prompt == nil, case .message(let m) = event, m.isPrompt, !m.text.hasPrefix("[agent-sessions] ") {
                    prompt = m.text
                }
            }
            return prompt == nil && number < 300
        }
        return prompt
    }

    /// The newest `state_<n>.sqlite` in `root`; nil when Codex has not made one yet (it indexes the rollouts on disk
    /// when it does).
    public static func path(root: String) -> String? {
        let numbered = FileInfo.list(root).compactMap { name -> (Int, String)? in
            guard name.hasPrefix("state_"), name.hasSuffix(".sqlite"),
                let n = Int(name.dropFirst(6).dropLast(7))
            else { return nil }
            return (n, name)
        }
        return numbered.max { $0.0 < $1.0 }.map { root + "/" + $0.1 }
    }

    /// The provider threads are listed for: top-level `model_provider` of `config.toml`, else `openai`.
    public static func provider(root: String) -> String {
        // ignored: no readable config.toml means the default provider
        guard let bytes = try? AtomicFile.read(root + "/config.toml", limit: 1 << 20) else { return "openai" }
        for raw in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let line = raw.trimmed(.whitespaces)
            if line.hasPrefix("[") { break }  // only the top-level table
            guard line.hasPrefix("model_provider"), let eq = line.firstIndex(of: "=") else { continue }
            guard line[..<eq].trimmed(.whitespaces) == "model_provider" else { continue }
            let rest = line[line.index(after: eq)...].trimmed(.whitespaces)
            var value: String
            if let q = rest.first, q == "\"" || q == "'" {
                let inner = rest.dropFirst()
                guard let close = inner.firstIndex(of: q) else { continue }
                value = String(inner[..<close])
            } else {
                value = String(rest.prefix { $0 != "#" }).trimmed(.whitespaces)
            }
            if !value.isEmpty { return value }
        }
        return "openai"
    }

    /// Indexes a rollout we just wrote so Codex lists it; says so in a note (one line, with the fix) when it could not.
    public static func index(rollout: String, environment: AgentEnvironment) {
        let root = CodexPaths.root(environment)
        guard let thread = Thread(rollout: rollout, environment: environment) else { return }
        if let reason = register(thread, root: root) {
            environment.notes.note(
                "session \(thread.id) is resumable by id but not in Codex's session list "
                    + "(\(reason)); 'codex migrate-rollouts --apply' adds it")
        }
    }

    /// Adds (or replaces) the row of `thread` in the state database under `root`. Returns nil when done or when
    /// there is no database yet; else why it was not added (the rollout stays resumable by id: never an error).
    @discardableResult
    public static func register(_ thread: Thread, root: String) -> String? {
        guard let path = path(root: root), FileInfo.isFile(path) else { return nil }
        do {
            let db = try SQLiteDatabase(path: path, readOnly: false, busyTimeout: 3000)
            var columns: [String: (notNull: Bool, hasDefault: Bool)] = [:]
            try db.query("PRAGMA table_info(threads)") { row in
                if let name = row.string(1) {
                    columns[name] = (row.int(3) == 1 || row.int(5) ?? 0 > 0, row.value(4) != .null)
                }
            }
            guard !columns.isEmpty else { return "\(Paths.basename(path)) has no threads table" }
            let title = StoreSupport.oneLine(thread.firstPrompt) ?? ""
            let seconds = { (d: Date) in Int64(d.timeIntervalSince1970.rounded(.down)) }
            let millis = { (d: Date) in Int64((d.timeIntervalSince1970 * 1000).rounded(.down)) }
            let values: [String: SQLiteValue] = [
                "id": .text(thread.id), "rollout_path": .text(thread.rolloutPath),
                "created_at": .int(seconds(thread.createdAt)), "updated_at": .int(seconds(thread.updatedAt)),
                "created_at_ms": .int(millis(thread.createdAt)), "updated_at_ms": .int(millis(thread.updatedAt)),
                "source": .text(thread.source), "model_provider": .text(provider(root: root)),
                "cwd": .text(thread.cwd), "title": .text(title), "preview": .text(title.isEmpty ? "(imported)" : title),
                "first_user_message": .text(thread.firstPrompt), "sandbox_policy": .text(#"{"type":"read-only"}"#),
                "approval_mode": .text("on-request"), "cli_version": .text(thread.cliVersion),
                "originator": .text(thread.originator), "thread_source": .text("user"),
                "history_mode": .text(thread.historyMode),
            ]
            let missing = columns.filter { $0.value.notNull && !$0.value.hasDefault && values[$0.key] == nil }
            guard missing.isEmpty else {
                return "its threads table needs \(missing.keys.sorted().joined(separator: ", "))"
            }
            let names = values.keys.filter { columns[$0] != nil }.sorted()
            let sql =
                "INSERT OR REPLACE INTO threads (" + names.joined(separator: ", ") + ") VALUES ("
                + names.map { _ in "?" }.joined(separator: ", ") + ")"
            try db.transaction { () throws(SessionError) in try db.query(sql, names.map { values[$0]! }) }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
