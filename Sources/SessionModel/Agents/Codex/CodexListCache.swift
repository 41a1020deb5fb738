/// What `export-session list` remembers between runs about a Codex store (issue #17: ≤ 50 ms over 10 000 rollouts):
/// for each folder of rollouts, its stamp (inode, mtime, ctime) and, for each rollout in it, the `cwd` its first
/// line names (the cheap byte scan's answer, nil when it found none).
///
/// Why this is safe: a rollout's first line is written once (Codex appends; our writers replace files by rename,
/// which is a new entry in the folder), and any entry added, removed or renamed moves the folder's mtime and ctime.
/// So a folder whose stamp is unchanged has the same rollouts with the same first lines, and is not listed or read
/// again. A folder changed less than 2 s before it was read is not remembered (a change within the clock's
/// resolution might not move its times). A rollout without a `cwd` in its head yet (being written) is remembered as
/// "unknown" and read every time. The remembered `cwd` only rules rollouts out: one that names the project is still
/// read and parsed as without the cache, so what `list` prints is the same with or without it.
///
/// The file (`<cache>/codex-list-<key of root>`, see `UserCache`) is text: a header line, the store's root, the
/// `cwd`s (`P\t<cwd>`, numbered from 0 in order: each is kept once, not once per rollout), then
/// `F\t<folder>\t<inode>\t<mtime>\t<ctime>` lines each followed by its `C\t<name>\t<cwd number>` / `U\t<name>` lines. Any
/// line it does not expect, or a last line `S\t<FNV-1a of the lines before>` that does not match, makes the whole
/// file ignored. Names or `cwd`s with a tab or line break are not cached
/// (their folder is read every time).
struct CodexListCache: Equatable {
    struct Entry: Equatable {
        var name: String
        var cwd: String?
    }

    struct Folder: Equatable {
        var stamp: FolderScan.Stamp
        var entries: [Entry]
    }

    static let header = "agent-sessions codex list cache 1"

    /// Keyed by the folder's path relative to the store's root (`sessions/2026/11/21`, `archived_sessions`).
    var folders: [String: Folder] = [:]

    static func fileName(root: String) -> String { "codex-list-" + UserCache.key(root) }

    static func load(_ environment: AgentEnvironment, root: String) -> CodexListCache {
        guard let bytes = UserCache.read(environment, fileName(root: root)) else { return CodexListCache() }
        return parse(bytes, root: root) ?? CodexListCache()
    }

    func save(_ environment: AgentEnvironment, root: String) {
        UserCache.write(environment, Self.fileName(root: root), serialized(root: root))
    }

    static func isStorable(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Whether a folder's entries can be written in this format.
    static func isStorable(_ relative: String, _ entries: [Entry]) -> Bool {
        isStorable(relative) && entries.allSatisfy { isStorable($0.name) && $0.cwd.map(isStorable) ?? true }
    }

    func serialized(root: String) -> [UInt8] {
        var out = Self.header + "\n" + "R\t" + root + "\n"
        let cwds = Set(folders.values.flatMap { $0.entries.compactMap(\.cwd) }).sorted()
        var number: [String: Int] = [:]
        for (i, cwd) in cwds.enumerated() {
            number[cwd] = i
            out += "P\t\(cwd)\n"
        }
        for relative in folders.keys.sorted() {
            let f = folders[relative]!
            out += "F\t\(relative)\t\(f.stamp.inode)\t\(f.stamp.modified)\t\(f.stamp.changed)\n"
            for e in f.entries {
                if let cwd = e.cwd { out += "C\t\(e.name)\t\(number[cwd]!)\n" } else { out += "U\t\(e.name)\n" }
            }
        }
        var bytes = Array(out.utf8)
        bytes += Array("S\t\(UserCache.key(bytes: bytes))\n".utf8)
        return bytes
    }

    /// The cache in `bytes`, nil when it is not one for `root` or any line is not as written by `serialized`.
    static func parse(_ bytes: [UInt8], root: String) -> CodexListCache? {
        // The checksum line: "S\t" + 16 hex digits + "\n" over everything before it.
        let sumLength = 2 + 16 + 1
        guard bytes.count > sumLength, bytes.last == 0x0A else { return nil }
        let body = bytes[..<(bytes.count - sumLength)]
        guard Array(bytes[(bytes.count - sumLength)...]) == Array("S\t\(UserCache.key(bytes: body))\n".utf8) else {
            return nil
        }
        guard body.last == 0x0A else { return nil }
        return body.withUnsafeBufferPointer { buf -> CodexListCache? in
            // One pass with memchr over lines and tabs: the file of a 10 000-rollout store is ~1.3 MB (issue #17).
            let base = buf.baseAddress!
            let end = buf.count
            var at = 0
            /// The fields of the next line (without its newline), nil at the end.
            func nextLine() -> [String]? {
                guard at < end,
                    let nl = PlatformFacts.firstIndex(
                        of: 0x0A, in: UnsafeRawBufferPointer(start: base + at, count: end - at))
                else { return nil }
                let stop = at + nl
                var fields: [String] = []
                var start = at
                while start <= stop {
                    let tab = PlatformFacts.firstIndex(
                        of: 0x09, in: UnsafeRawBufferPointer(start: base + start, count: stop - start)
                    ).map { start + $0 }
                    let fieldEnd = tab ?? stop
                    fields.append(
                        String(
                            decoding: UnsafeBufferPointer(start: base + start, count: fieldEnd - start), as: UTF8.self))
                    start = fieldEnd + 1
                }
                at = stop + 1
                return fields
            }
            guard nextLine() == [header], nextLine() == ["R", root] else { return nil }
            var cache = CodexListCache()
            var current: (String, Folder)?
            var cwds: [String] = []
            while let fields = nextLine() {
                switch fields.first {
                case "P":
                    guard fields.count == 2, current == nil else { return nil }
                    cwds.append(fields[1])
                case "F":
                    guard fields.count == 5, !fields[1].isEmpty, let inode = UInt64(fields[2]),
                        let modified = Int64(fields[3]), let changed = Int64(fields[4])
                    else { return nil }
                    if let (relative, folder) = current { cache.folders[relative] = folder }
                    current = (
                        fields[1],
                        Folder(
                            stamp: FolderScan.Stamp(inode: inode, modified: modified, changed: changed), entries: [])
                    )
                case "C":
                    guard fields.count == 3, !fields[1].isEmpty, current != nil, let i = Int(fields[2]), i >= 0,
                        i < cwds.count
                    else { return nil }
                    current!.1.entries.append(Entry(name: fields[1], cwd: cwds[i]))  // one shared copy per cwd
                case "U":
                    guard fields.count == 2, !fields[1].isEmpty, current != nil else { return nil }
                    current!.1.entries.append(Entry(name: fields[1], cwd: nil))
                default:
                    return nil
                }
            }
            if let (relative, folder) = current { cache.folders[relative] = folder }
            return cache
        }
    }
}
