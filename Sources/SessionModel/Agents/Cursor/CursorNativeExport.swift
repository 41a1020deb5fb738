#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `export-session --format native` of a Cursor Agent CLI chat: its `store.db` as the agent keeps it (see
/// `CursorAgentChats` for the layout), so that it can be put back under `<config>/chats/<hash>/<chatId>/`.
///
/// The copy is a consistent snapshot (`VACUUM INTO` a private temp file, removed afterwards; a live chat's WAL is
/// included). Redacted, fail-closed:
/// - JSON message blobs are redacted value by value (as native JSONL lines are); a changed blob gets the id its
///   content now has (the store is content-addressed: `id` = SHA-256 of `data`), and every reference to the old id
///   (the 32 raw bytes in protobuf blobs, the hex text in JSON and in the `meta` row) is rewritten, until nothing
///   changes. The `meta` row's hex-encoded JSON is decoded, redacted and encoded again.
/// - A secret anywhere else (a protobuf or other binary blob, a table we do not know) cannot be taken out without
///   breaking what holds it: the export is refused (exit 1) and `--format json` is named.
/// - The copy is rebuilt (`VACUUM`, `secure_delete`) so no replaced value survives in a free page; the output then
///   passes the exporter's second scan like every export.
enum CursorNativeExport {
    static func refusal(_ what: String) -> SessionError {
        SessionError(
            .refused,
            "cannot redact this Cursor chat's store.db without breaking it: \(what) holds what looks like a secret",
            remedy: .exportAs(formats: ["json (or markdown, html)"], unredactedCopy: true))
    }

    static func write(
        store: String, out: OutputBuffer, redact: Bool, counts: inout RedactionCounts, environment: AgentEnvironment
    ) throws(SessionError) {
        // The unredacted snapshot lives in a folder only we can read, removed with everything in it.
        let temp = environment.variables["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let folder = Paths.join(temp, "agent-sessions-cursor-\(UInt64.random(in: 0...UInt64.max))")
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw SessionError(.cannotCreate, "cannot create a private temp folder: \(error)", file: folder)
        }
        // ignored: removing our own temp folder; failing to must not hide the export's result
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = Paths.join(folder, "store.db")
        do {
            let source = try SQLiteDatabase(path: store, readOnly: true)
            try source.execute("VACUUM INTO '\(copy.replacingText("'", with: "''"))'")
        }
        if redact {
            let db = try SQLiteDatabase(path: copy, readOnly: false)
            try db.execute("PRAGMA secure_delete = ON")
            try redactCopy(db, counts: &counts)
            try db.execute("VACUUM")
        }
        try LineReader.forEachChunk(path: copy) { chunk throws(SessionError) in try out.write(chunk) }
    }

    /// Redacts the copy in place (see the type's comment); throws `refusal` when something cannot be redacted.
    static func redactCopy(_ db: SQLiteDatabase, counts: inout RedactionCounts) throws(SessionError) {
        let redactor = Redactor()
        let tables = try db.tableNames()
        for table in tables.sorted() where table != "blobs" && table != "meta" && !table.hasPrefix("sqlite_") {
            var hit = false
            try db.query("SELECT * FROM \"\(table.replacingText("\"", with: "\"\""))\"") { row in
                for column in 0..<row.count where !hit { hit = holdsSecret(row.value(column), redactor) }
            }
            if hit { throw refusal("table \(table)") }
        }
        var renamed: [String: String] = [:]
        if tables.contains("blobs") {
            // First pass: redact JSON blobs.
            var updates: [(old: String, id: String, data: [UInt8])] = []
            var scratch: [UInt8] = []
            try db.query("SELECT id, data FROM blobs") { row throws(SessionError) in
                guard let id = row.string(0), let data = row.bytes(1) else { return }
                let redacted = data.withUnsafeBufferPointer { line -> [UInt8]? in
                    scratch.removeAll(keepingCapacity: true)
                    return SessionExporter.redactNativeLine(line, redactor, &counts, scratch: &scratch)
                }
                // ignored: only asks whether the blob is JSON
                if let redacted, (try? JSONParser.parse(data)) != nil {
                    updates.append((id, newID(old: id, oldData: data, newData: redacted), redacted))
                } else if holdsSecret(.blob(data), redactor) {
                    throw refusal("a binary blob (\(id.prefix(12))…)")
                }
            }
            try apply(updates, db, &renamed)
            // Then references to renamed blobs, until no blob changes (each round goes one level up the tree).
            var round = 0
            while !updates.isEmpty {
                round += 1
                guard round <= 64 else { throw refusal("a cycle of blob references") }
                let pending = renamed
                updates = []
                try db.query("SELECT id, data FROM blobs") { row in
                    guard let id = row.string(0), let data = row.bytes(1) else { return }
                    let rewritten = rewriteReferences(data, pending)
                    if rewritten != data {
                        updates.append((id, newID(old: id, oldData: data, newData: rewritten), rewritten))
                    }
                }
                let before = renamed
                try apply(updates, db, &renamed)
                if renamed == before { break }
            }
        }
        if tables.contains("meta") {
            var rows: [(key: SQLiteValue, value: SQLiteValue)] = []
            try db.query("SELECT key, value FROM meta") { row in rows.append((row.value(0), row.value(1))) }
            for (key, value) in rows {
                let raw: [UInt8]
                switch value {
                case .text(let s): raw = Array(s.utf8)
                case .blob(let b): raw = b
                default: continue
                }
                let hex = CursorAgentChats.fromHex(raw)
                var plain = rewriteReferences(hex ?? raw, renamed)
                var scratch: [UInt8] = []
                if let redacted = plain.withUnsafeBufferPointer({
                    SessionExporter.redactNativeLine($0, redactor, &counts, scratch: &scratch)
                }) {
                    plain = redacted
                }
                if holdsSecret(.blob(plain), redactor) { throw refusal("the meta row") }
                guard plain != (hex ?? raw) else { continue }
                let stored = hex != nil ? Array(CursorAgentChats.hex(plain).utf8) : plain
                let newValue: SQLiteValue =
                    if case .text = value { .text(String(decoding: stored, as: UTF8.self)) } else { .blob(stored) }
                try db.query("UPDATE meta SET value = ? WHERE key = ?", [newValue, key])
            }
        }
    }

    /// Writes redacted blobs under their new ids and records the renames.
    static func apply(
        _ updates: [(old: String, id: String, data: [UInt8])], _ db: SQLiteDatabase, _ renamed: inout [String: String]
    ) throws(SessionError) {
        guard !updates.isEmpty else { return }
        try db.transaction { () throws(SessionError) in
            for u in updates {
                try db.query("DELETE FROM blobs WHERE id = ?", [.text(u.old)])
                try db.query("INSERT OR REPLACE INTO blobs (id, data) VALUES (?, ?)", [.text(u.id), .blob(u.data)])
                if u.id != u.old {
                    // A chain a→b→c keeps pointing at the newest id.
                    for (k, v) in renamed where v == u.old { renamed[k] = u.id }
                    renamed[u.old] = u.id
                }
            }
        }
    }

    /// The id a changed blob gets: its new SHA-256 when the old id was its content's hash, else the old id.
    static func newID(old: String, oldData: [UInt8], newData: [UInt8]) -> String {
        let addressed = old.count == 64 && CursorAgentChats.hex(SHA256.digest(oldData)) == old.lowercased()
        return addressed ? CursorAgentChats.hex(SHA256.digest(newData)) : old
    }

    /// `data` with each renamed id replaced: as 32 raw bytes and as 64 hex digits (same lengths, so protobuf length
    /// prefixes and JSON stay valid).
    static func rewriteReferences(_ data: [UInt8], _ renamed: [String: String]) -> [UInt8] {
        var out = data
        for (old, new) in renamed.sorted(by: { $0.key < $1.key }) {
            guard let oldRaw = CursorAgentChats.fromHex(Array(old.utf8)),
                let newRaw = CursorAgentChats.fromHex(Array(new.utf8))
            else { continue }
            replace(&out, Array(old.utf8), Array(new.utf8))
            if oldRaw.count == 32 { replace(&out, oldRaw, newRaw) }
        }
        return out
    }

    static func replace(_ bytes: inout [UInt8], _ pattern: [UInt8], _ replacement: [UInt8]) {
        guard !pattern.isEmpty, bytes.count >= pattern.count, pattern.count == replacement.count else { return }
        var i = 0
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0] && bytes[i..<i + pattern.count].elementsEqual(pattern) {
                bytes.replaceSubrange(i..<i + pattern.count, with: replacement)
                i += pattern.count
            } else {
                i += 1
            }
        }
    }

    /// Whether a stored value holds something the redactor would change (or the output guard's shapes).
    static func holdsSecret(_ value: SQLiteValue, _ redactor: Redactor) -> Bool {
        let bytes: [UInt8]
        switch value {
        case .text(let s): bytes = Array(s.utf8)
        case .blob(let b): bytes = b
        default: return false
        }
        var scratch: [UInt8] = []
        var local = RedactionCounts()
        if bytes.withUnsafeBufferPointer({ redactor.redact($0, into: &scratch, counts: &local) }) { return true }
        let guardScan = OutputGuard()
        guardScan.feed(bytes)
        guardScan.finish()
        return !guardScan.hits.isEmpty
    }
}
