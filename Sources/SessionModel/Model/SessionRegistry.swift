#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The project's session registry `docs/.ai/sessions.json`, in the seed's format:
/// `{"sessions":[{"id","agent","summary","created_at","tags":[...]}]}`. Extra keys (ours: `updated_at`,
/// `transcript_path`, the journal fields; anyone else's too) are kept as they are; the seed keys are never renamed.
public enum SessionRegistry {
    public static let file = "docs/.ai/sessions.json"
    public static let folder = "docs/.ai"

    /// The journal fields a save can put on an entry (the JSON store keeps them there, the SQLite store in the db).
    public static let journalListKeys = ["accomplishments", "decisions", "pending", "bugs_fixed", "errors_encountered"]

    // MARK: - Library API

    /// Records (adds or updates by id) a session in the project's registry, under the registry lock, written
    /// atomically. Returns the entry as written. Invalid id for the agent → 65; lock busy → 75.
    public static func record(
        _ environment: AgentEnvironment, projectRoot: String, agent: AgentKind, id: String,
        summary: String?, tags: [String]
    ) throws(SessionError) -> JSONValue {
        try record(
            environment, projectRoot: projectRoot,
            update: EntryUpdate(
                agent: agent, id: id, summary: summary,
                tags: tags)
        ).entry
    }

    /// What a save changes on an entry.
    public struct EntryUpdate: Sendable {
        public var agent: AgentKind
        public var id: String
        public var summary: String?
        public var tags: [String]
        /// Other keys to set (nil values are not set); list values given in `appendLists` are appended, de-duplicated.
        public var fields: [String: JSONValue]
        public var appendLists: [String: [String]]
        /// The JSON store's journal: `.start` opens it on the entry, `.close` records the fields and closes it.
        public var journal: JournalFields?
        public var journalMode: JournalMode?
        public var metrics: TranscriptMetrics?

        public init(
            agent: AgentKind, id: String, summary: String?, tags: [String], fields: [String: JSONValue] = [:],
            appendLists: [String: [String]] = [:], journal: JournalFields? = nil,
            journalMode: JournalMode? = nil, metrics: TranscriptMetrics? = nil
        ) {
            self.journal = journal
            self.journalMode = journalMode
            self.metrics = metrics
            self.agent = agent
            self.id = id
            self.summary = summary
            self.tags = tags
            self.fields = fields
            self.appendLists = appendLists
        }
    }

    /// `.start` opens the journal on the entry, `.close` records and closes it, `.closeIfOpen` closes it only when a
    /// `start` opened it (a plain save without journal flags).
    public enum JournalMode: Sendable { case start, close, closeIfOpen }

    public struct RecordResult: Sendable {
        public var entry: JSONValue
        public var created: Bool
        public var path: String
    }

    /// Lock, read, upsert, write. The file is never written when it cannot be parsed.
    public static func record(
        _ environment: AgentEnvironment, projectRoot: String, update: EntryUpdate,
        lockTimeout: Double? = nil
    ) throws(SessionError) -> RecordResult {
        try validateID(environment, agent: update.agent, id: update.id)
        let path = Paths.join(projectRoot, file)
        try Containment.check(path, inside: projectRoot)
        let lock = try FileLock.acquire(
            for: path, timeout: lockTimeout ?? FileLock.timeout(environment: environment.variables))
        defer { lock.release() }
        let now = Timestamps.iso8601(environment.now)
        var scanned = false
        switch try appendingByCopy(path: path, update: update, now: now) {
        case .appended(let entry): return RecordResult(entry: entry, created: true, path: path)
        case .declined: scanned = true  // an update, or not our form: the full path, without scanning again
        case .unavailable: break
        }
        let existing = try readBytes(path)
        if let existing, !scanned {
            // The common append goes before the file's last 7 bytes: those bytes are written to the replacement
            // and on their way to disk while the scan runs (the replacement is renamed only when the scan proves
            // the file, and removed otherwise).
            let early = appendTail.count
            var speculative =
                existing.count > early && existing.suffix(early).elementsEqual(appendTail)
                // ignored: without a replacement the plain write below runs, and reports what fails
                ? try? AtomicFile.Replacement(path) : nil
            do throws(SessionError) {
                try speculative?.append(existing[..<(existing.count - early)])
                speculative?.startWriteback()
            } catch {
                speculative = nil  // discarded; the plain write below reports what fails
            }
            if let appended = try appending(to: existing, update: update, now: now) {
                if let speculative, appended.parts.count == 3, appended.parts[0].count == existing.count - early {
                    try speculative.append(appended.parts[1])
                    try speculative.append(appended.parts[2])
                    try speculative.commit()
                } else {
                    speculative?.discard()
                    try AtomicFile.write(parts: appended.parts, to: path)
                }
                return RecordResult(entry: appended.entry, created: true, path: path)
            }
            speculative?.discard()
        }
        var document: JSONValue = ["sessions": []]
        if let existing { document = try parse(existing, displayPath: file) }
        let (entry, created) = try upsert(&document, update: update, now: now)
        try JSONFile.write(document, to: path)
        return RecordResult(entry: entry, created: created, path: path)
    }

    /// What `record(_:projectRoot:agent:id:lockTimeout:decide:)` did: recorded the update, or left an entry that
    /// already said it all (`.null` when `decide` declined a session the registry does not have).
    public enum Outcome: Sendable {
        case recorded(RecordResult)
        case unchanged(JSONValue)
    }

    /// A record that reads the registry once, under the lock, for end hooks that fire after every turn (Copilot CLI
    /// 1.0.78+ in `-p` runs): `decide` gets the entry already recorded for `id` (nil when there is none) and returns
    /// the update to make, or nil when that entry already says it all: then nothing is written (the file keeps its
    /// bytes and its modification time). A new entry is added without parsing the registry when it is in our form
    /// (`RegistryScan`). Invalid id → 65; lock busy → 75; a registry that cannot be parsed → 65, left as it is.
    public static func record(
        _ environment: AgentEnvironment, projectRoot: String, agent: AgentKind, id: String,
        lockTimeout: Double? = nil, decide: (_ existing: JSONValue?) throws(SessionError) -> EntryUpdate?
    ) throws(SessionError) -> Outcome {
        try validateID(environment, agent: agent, id: id)
        let path = Paths.join(projectRoot, file)
        try Containment.check(path, inside: projectRoot)
        let lock = try FileLock.acquire(
            for: path, timeout: lockTimeout ?? FileLock.timeout(environment: environment.variables))
        defer { lock.release() }
        let now = Timestamps.iso8601(environment.now)
        let existing = try readBytes(path)
        if let existing, let layout = RegistryScan.scan(existing, id: id), !layout.hasID {
            guard let update = try decide(nil) else { return .unchanged(.null) }
            var fresh: JSONValue = ["sessions": []]
            let (entry, _) = try upsert(&fresh, update: update, now: now)
            try AtomicFile.write(parts: RegistryScan.inserting(entry, into: existing, at: layout), to: path)
            return .recorded(RecordResult(entry: entry, created: true, path: path))
        }
        var document: JSONValue = ["sessions": []]
        if let existing { document = try parse(existing, displayPath: file) }
        let entry = entries(document).first { $0["id"]?.stringValue == id }
        guard let update = try decide(entry) else { return .unchanged(entry ?? .null) }
        let (written, created) = try upsert(&document, update: update, now: now)
        try JSONFile.write(document, to: path)
        return .recorded(RecordResult(entry: written, created: created, path: path))
    }

    /// Counts the registry reads made by the current task, for tests:
    /// `SessionRegistry.$reads.withValue(ReadCounter()) { … }`. Nil (nothing counted) otherwise.
    @TaskLocal public static var reads: ReadCounter?

    /// A count owned by the one task that set it as its task-local value.
    public final class ReadCounter: @unchecked Sendable {
        public private(set) var count = 0
        public init() {}
        func add() { count += 1 }
    }

    /// The registry's bytes (nil when missing), counted in `reads`.
    static func readBytes(_ path: String) throws(SessionError) -> [UInt8]? {
        reads?.add()
        return try AtomicFile.read(path)
    }

    /// The append without the file's bytes passing through our memory (Linux): the registry is copied into the
    /// replacement inside the kernel, the copy is mapped and scanned there (so what is proven is exactly what gets
    /// renamed: only this process writes the temp file), cut where the entry goes, and the entry and the rest
    /// written after it. Otherwise the replacement is removed and nothing changed (see `CopyAppend`).
    static func appendingByCopy(path: String, update: EntryUpdate, now: String) throws(SessionError) -> CopyAppend {
        // ignored: no replacement means the plain way (.unavailable), which reports what fails
        guard let replacement = try? AtomicFile.Replacement(path) else { return .unavailable }
        reads?.add()
        guard let size = replacement.copy(from: path, limit: 256 << 20), size > 0 else {
            replacement.discard()
            return .unavailable
        }
        replacement.startWriteback()
        let found = replacement.withMapped(size) { mapped -> (layout: RegistryScan.Layout, rest: [UInt8])? in
            guard let layout = RegistryScan.scan(mapped, id: update.id), !layout.hasID else { return nil }
            return (layout, Array(mapped[(layout.emptyArray ? layout.insertAt + 2 : layout.insertAt)...]))
        }
        guard let found else {
            replacement.discard()
            return .unavailable
        }
        guard let hit = found else {
            replacement.discard()
            return .declined
        }
        var fresh: JSONValue = ["sessions": []]
        let (entry, _) = try upsert(&fresh, update: update, now: now)
        try replacement.truncate(to: hit.layout.insertAt)
        try replacement.append(RegistryScan.entryBytes(entry, emptyArray: hit.layout.emptyArray)[...])
        try replacement.append(hit.rest[...])
        try replacement.commit()
        return .appended(entry)
    }

    /// What `appendingByCopy` did: appended the entry; scanned the copy and declined (the id is there, or the file
    /// is not in our form); or could not copy or map the file (the caller tries with the file read into memory).
    enum CopyAppend {
        case appended(JSONValue)
        case declined
        case unavailable
    }

    /// How a registry whose `sessions` array is its last root key ends: a new entry goes before these bytes.
    static let appendTail = Array("\n  ]\n}\n".utf8)

    /// Adding a new entry without parsing or rewriting the whole registry (issue #17): `RegistryScan` proves in one
    /// pass over the bytes (no strings, no tree) that the file is exactly the `JSONWriter.pretty` form of a registry
    /// the full parse accepts, and finds where `sessions` ends; the file's bytes are kept and the entry's written
    /// there. Entry order is the order of first recording (a new entry goes last, an update keeps its place), so the
    /// result is byte for byte what parsing, upserting and pretty-printing the whole file gives (tested over random
    /// registries). Nil — the caller parses the file in full, reports its errors or rewrites it — when the id is
    /// already there (an update) or the file is not in that form (hand-written, invalid, conflicted, ...): a file that
    /// cannot be parsed is never written.
    static func appending(to old: [UInt8], update: EntryUpdate, now: String) throws(SessionError) -> Appended? {
        guard let layout = RegistryScan.scan(old, id: update.id), !layout.hasID else { return nil }
        var fresh: JSONValue = ["sessions": []]
        let (entry, _) = try upsert(&fresh, update: update, now: now)
        return Appended(parts: RegistryScan.inserting(entry, into: old, at: layout), entry: entry)
    }

    /// A new registry as the parts to write in order (the old bytes are not copied), and the entry added.
    struct Appended {
        var parts: [ArraySlice<UInt8>]
        var entry: JSONValue
        var bytes: [UInt8] { Array(parts.joined()) }
    }

    /// The `transcript_path` recorded for `id`, read with the key-filtered parser (no tree of the whole registry);
    /// nil when there is none or the registry cannot be read. No parse at all when the id's bytes are not in the file
    /// and it has no `\u` escape (the only other way to write a string equal to an id, whose characters never need
    /// escaping), the common case of a session's first save.
    public static func recordedTranscriptPath(projectRoot: String, id: String) -> String? {
        let path = Paths.join(projectRoot, file)
        // Searched through a small buffer: the whole file is read only when the id may be in it.
        guard AtomicFile.contains(anyOf: [Array("\"\(id)\"".utf8), Array("\\u".utf8)], in: path) == true,
            // ignored: nil when the registry cannot be read, as documented above
            let bytes = try? AtomicFile.read(path)
        else { return nil }
        let parsed = bytes.withUnsafeBufferPointer {
            JSONParser.parse($0, filter: JSONParser.KeyFilter(keys: ["sessions", "id", "transcript_path"]))
        }
        guard case .success(let value) = parsed else { return nil }
        return entries(value).first { $0["id"]?.stringValue == id }?["transcript_path"]?.stringValue
    }

    /// The registry document at `path`: `{"sessions":[]}` when missing. Conflict markers, bad JSON or a wrong shape
    /// → 65 naming the file and the fix; the file is left untouched.
    public static func load(path: String, displayPath: String? = nil) throws(SessionError) -> JSONValue {
        guard let bytes = try readBytes(path) else { return ["sessions": []] }
        return try parse(bytes, displayPath: displayPath ?? path)
    }

    /// The registry document in `bytes` (see `load`).
    static func parse(_ bytes: [UInt8], displayPath shown: String) throws(SessionError) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONFile.parse(bytes, path: shown)
        } catch let error where error.kind == .badData && error.message.contains("conflict markers") {
            var e = error
            e.message = "the session registry contains git merge conflict markers"
            e.remedy = .words(
                "fix: run 'save-session install-merge-driver', then 'git checkout -m \(file)' to redo the merge "
                    + "as a union of both sides and 'git add \(file)' (or edit the file keeping every entry of both "
                    + "sides and delete the <<<<<<< ======= >>>>>>> lines); the file was left unchanged")
            throw e
        }
        try checkShape(value, path: shown)
        return value
    }

    /// `{"sessions":[{ "id": string, ... }]}` or 65.
    public static func checkShape(_ value: JSONValue, path: String) throws(SessionError) {
        guard let object = value.objectValue else {
            throw SessionError(
                .badData, "expected a JSON object with a \"sessions\" array, found \(value.typeName)",
                hint: "the file was left unchanged", file: path)
        }
        guard let sessions = object["sessions"] else { return }
        guard let list = sessions.arrayValue else {
            throw SessionError(
                .badData, "\"sessions\" must be an array, found \(sessions.typeName)",
                hint: "the file was left unchanged", file: path)
        }
        for (i, entry) in list.enumerated() {
            guard entry.objectValue != nil, entry["id"]?.stringValue != nil else {
                throw SessionError(
                    .badData, "sessions[\(i)] must be an object with a string \"id\"",
                    hint: "the file was left unchanged", file: path)
            }
        }
    }

    public static func entries(_ document: JSONValue) -> [JSONValue] { document["sessions"]?.arrayValue ?? [] }

    /// Adds or updates (by id) an entry in `document`. Update: summary replaced when given, tags merged (order kept,
    /// new ones appended), `updated_at` set, other keys kept. Same id recorded for another agent → 65.
    @discardableResult
    public static func upsert(_ document: inout JSONValue, update: EntryUpdate, now: String) throws(SessionError)
        -> (entry: JSONValue, created: Bool)
    {
        var root = document.objectValue ?? [:]
        var list = root["sessions"]?.arrayValue ?? []
        let tags = normalizeTags(update.tags)
        var created = false
        var entry: [String: JSONValue]
        let index = list.firstIndex { $0["id"]?.stringValue == update.id }
        if let index {
            entry = list[index].objectValue ?? [:]
            if let existing = entry["agent"]?.stringValue, existing != update.agent.rawValue {
                throw SessionError(
                    .badData, "session \(update.id) is already recorded for agent '\(existing)'",
                    remedy: .nameTheAgent(suggestion: existing), file: file)
            }
            if let summary = update.summary { entry["summary"] = .string(summary) }
            var merged = (entry["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
            for t in tags where !merged.contains(t) { merged.append(t) }
            entry["tags"] = .strings(merged)
            entry["updated_at"] = .string(now)
        } else {
            created = true
            entry = [
                "id": .string(update.id), "agent": .string(update.agent.rawValue),
                "summary": .string(update.summary ?? ""), "created_at": .string(now), "tags": .strings(tags),
            ]
        }
        for (key, value) in update.fields { entry[key] = value }
        for (key, items) in update.appendLists {
            var merged = (entry[key]?.arrayValue ?? []).compactMap(\.stringValue)
            for item in items where !merged.contains(item) { merged.append(item) }
            entry[key] = .strings(merged)
        }
        if var mode = update.journalMode {
            let open = entry["journal_id"]?.stringValue != nil && (entry["ended_at"] ?? .null).isNull
            if mode == .closeIfOpen { mode = .close }
            if update.journalMode != .closeIfOpen || open {
                applyJournal(&entry, update.journal ?? JournalFields(), mode: mode, metrics: update.metrics, now: now)
            }
        }
        if let index { list[index] = .object(entry) } else { list.append(.object(entry)) }
        root["sessions"] = .array(list)
        document = .object(root)
        return (.object(entry), created)
    }

    /// The JSON store's journal on the entry: the SQLite columns as keys (`journal_id`, `job_id`, `title`, the lists,
    /// `breakthrough`, `next_priority`, `quality_score`, `started_at`, `ended_at`, `total_exchanges`,
    /// `duration_minutes`, `conversation_flow`).
    static func applyJournal(
        _ entry: inout [String: JSONValue], _ j: JournalFields, mode: JournalMode,
        metrics: TranscriptMetrics?, now: String
    ) {
        let closed = entry["ended_at"].map { !$0.isNull } ?? false
        if entry["journal_id"]?.stringValue == nil || (mode == .start && closed) {
            let noted = entry["journal_id"]?.stringValue == nil ? entry["started_at"] : nil  // a SessionStart note
            entry["journal_id"] = .string(Journal.newID())
            entry["started_at"] = noted ?? .string(now)
            entry["ended_at"] = .null
            if mode == .start && closed {
                for key in journalListKeys { entry[key] = nil }
                for key in [
                    "breakthrough", "next_priority", "quality_score", "total_exchanges", "duration_minutes",
                    "conversation_flow",
                ] { entry[key] = nil }
            }
        }
        if let v = j.jobID { entry["job_id"] = .string(v) }
        if let v = j.title { entry["title"] = .string(v) }
        let lists: [(String, [String])] = [
            ("accomplishments", j.accomplishments), ("decisions", j.decisions), ("pending", j.pending),
            ("bugs_fixed", j.bugsFixed), ("errors_encountered", j.errors),
        ]
        for (key, items) in lists {
            var merged = (entry[key]?.arrayValue ?? []).compactMap(\.stringValue)
            for item in items where !merged.contains(item) { merged.append(item) }
            if mode == .close || !merged.isEmpty { entry[key] = .strings(merged) }
        }
        if let v = j.breakthrough { entry["breakthrough"] = .string(v) }
        if let v = j.nextPriority { entry["next_priority"] = .string(v) }
        if let v = j.flow { entry["conversation_flow"] = .string(v) }
        guard mode == .close else { return }
        func count(_ k: String) -> Int { entry[k]?.arrayValue?.count ?? 0 }
        let quality =
            j.quality
            ?? QualityScore.compute(
                accomplishments: count("accomplishments"), bugsFixed: count("bugs_fixed"),
                errors: count("errors_encountered"), breakthrough: entry["breakthrough"]?.stringValue != nil)
        entry["quality_score"] = .int(quality)
        entry["ended_at"] = .string(now)
        if let metrics {
            entry["total_exchanges"] = metrics.totalExchanges.map { .int($0) } ?? .null
            entry["duration_minutes"] = metrics.durationMinutes.map { .int($0) } ?? .null
        }
    }

    /// `a,b` and repeated flags → trimmed, non-empty, de-duplicated, in order.
    public static func normalizeTags(_ tags: [String]) -> [String] {
        var result: [String] = []
        for group in tags {
            for part in group.split(separator: ",") {
                let t = part.trimmed(.whitespaces)
                if !t.isEmpty && !result.contains(t) { result.append(t) }
            }
        }
        return result
    }

    // MARK: - Ids

    /// The id must have the agent's shape: the store's own check and our baseline (the `idRule` of the agent's
    /// registry entry). 65 otherwise.
    public static func validateID(_ environment: AgentEnvironment, agent: AgentKind, id: String) throws(SessionError) {
        let store = AgentStores.store(agent, environment: environment)
        if !store.isValidID(id) || !IDBaseline.isPlausible(agent, id, registry: environment.registry) {
            throw SessionError(
                .badData, "'\(id)' is not a \(agent.displayName) session id",
                hint: IDBaseline.expected(agent, registry: environment.registry))
        }
    }

    // MARK: - Queries

    public struct Filter: Sendable {
        public var agent: AgentKind?
        public var tag: String?
        /// Agent session ids that belong to the job (from the journal), or nil for no job filter.
        public var job: String?
        public var jobSessionIDs: Set<String>

        public init(agent: AgentKind? = nil, tag: String? = nil, job: String? = nil, jobSessionIDs: Set<String> = []) {
            self.agent = agent
            self.tag = tag
            self.job = job
            self.jobSessionIDs = jobSessionIDs
        }

        public func matches(_ entry: JSONValue) -> Bool {
            if let agent, entry["agent"]?.stringValue != agent.rawValue { return false }
            if let tag, !(entry["tags"]?.arrayValue ?? []).contains(.string(tag)) { return false }
            if let job {
                let id = entry["id"]?.stringValue ?? ""
                if entry["job_id"]?.stringValue != job && !jobSessionIDs.contains(id) { return false }
            }
            return true
        }
    }
}
