#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `setup-agents install|uninstall`: puts the skills, slash commands and hooks where each agent reads them, and
/// takes exactly those away again. Every path and merged hook file is recorded in `install-manifest.json`.
///
/// An install is a transaction: every hook file is parsed and merged, and every folder checked (a file in the way,
/// no write permission, a dangling symlinked settings file), before the first write; each write is recorded in the
/// manifest as soon as it is made (so `uninstall` removes what a killed install left); a failure rolls back what
/// the run wrote. A settings file that is a symlink (dotfiles) is edited at the link's target, atomically in the
/// target's folder: the link stays a link.
public struct Installer {
    public struct Options: Sendable {
        /// The agents to install for (their entries come from the environment's registry).
        public var agents: [AgentKind]
        public var hooks: Bool
        public var dryRun: Bool
        public var copy: Bool
        /// The folder holding `skills/` and `commands/` (the installed share folder or a checkout).
        public var source: String
        /// The folder holding the installed executables (for the hook command lines).
        public var binDirectory: String

        public init(agents: [AgentKind], hooks: Bool, dryRun: Bool, copy: Bool, source: String, binDirectory: String) {
            self.agents = agents
            self.hooks = hooks
            self.dryRun = dryRun
            self.copy = copy
            self.source = source
            self.binDirectory = binDirectory
        }
    }

    /// One thing done (or, in a dry run, that would be done).
    public struct Action: Sendable, Equatable {
        public var verb: String  // create, update, unchanged, skip, remove, keep, restore
        public var kind: String  // payload, symlink, copy, dir, merge, backup, manifest
        public var path: String
        public var detail: String?

        public var json: JSONValue {
            var o: [String: JSONValue] = ["action": .string(verb), "kind": .string(kind), "path": .string(path)]
            if let detail { o["detail"] = .string(detail) }
            return .object(o)
        }

        public var line: String { "\(verb) \(kind) \(path)" + (detail.map { " (\($0))" } ?? "") }
    }

    public let environment: AgentEnvironment
    public let locations: AgentLocations
    /// What went only in part (a link that could not be made and was copied instead), for the command to print.
    public private(set) var notes: [String] = []
    var entries: [String: JSONValue] = [:]
    var payloads: Set<String> = []
    public private(set) var actions: [Action] = []
    var dryRun = false
    /// The manifest as this run found it, to roll back to.
    var initialEntries: [String: JSONValue] = [:]
    var initialPayloads: Set<String> = []
    var initialManifest: [UInt8]?
    var initialCurrent: String?
    /// True while an install writes: the manifest is saved after each write.
    var persisting = false
    /// Writes made by this run; `failAfterWrites` (tests) makes the run fail once it reaches that many.
    var writes = 0
    var failAfterWrites: Int?
    /// False (tests): a failure leaves what was written, as a kill would.
    var rollsBack = true

    public init(_ environment: AgentEnvironment) {
        self.environment = environment
        self.locations = AgentLocations(environment)
    }

    var version: String { AgentSessionsVersion.current }
    var payloadDirectory: String { Paths.join(locations.dataRoot, version) }

    // MARK: manifest

    mutating func loadManifest() throws(SessionError) {
        defer {
            initialEntries = entries
            initialPayloads = payloads
            initialCurrent = Installer.readLink(locations.current)
        }
        initialManifest = try AtomicFile.read(locations.manifest)
        guard let bytes = initialManifest else { return }
        let json = try JSONFile.parse(bytes, path: locations.manifest)
        guard let list = json["entries"]?.arrayValue else {
            throw SessionError(.badData, "install manifest has no 'entries' list", file: locations.manifest)
        }
        for e in list { if let p = e["path"]?.stringValue { entries[p] = e } }
        for p in json["payloads"]?.arrayValue ?? [] { if let s = p.stringValue { payloads.insert(s) } }
    }

    var manifestJSON: JSONValue {
        [
            "format": 1,
            "tool_version": .string(version),
            "data_root": .string(locations.dataRoot),
            "payloads": .strings(payloads.sorted()),
            "entries": .array(entries.keys.sorted().map { entries[$0]! }),
        ]
    }

    mutating func saveManifest() throws(SessionError) {
        let bytes = JSONWriter.pretty(manifestJSON)
        if initialManifest == bytes {
            // ignored: a manifest that cannot be read now is rewritten
            if !dryRun, (try? AtomicFile.read(locations.manifest)) != bytes {
                try AtomicFile.write(bytes, to: locations.manifest)
            }
            return
        }
        record("update", "manifest", locations.manifest)
        if !dryRun { try AtomicFile.write(bytes, to: locations.manifest) }
    }

    /// Around the writes of an install: the manifest records each one at once, before it is made where it can
    /// be (a killed install stays uninstallable).
    mutating func wrote() throws(SessionError) {
        guard !dryRun, persisting else { return }
        writes += 1
        try AtomicFile.write(JSONWriter.pretty(manifestJSON), to: locations.manifest)
        if let failAfterWrites, writes >= failAfterWrites {
            throw SessionError(.cannotCreate, "cannot write (simulated failure after \(writes) writes)")
        }
    }

    /// Where an edit of `file` is written: the target of a symlinked file (the link stays a link).
    static func writeTarget(_ file: String) -> String {
        FileInfo.kind(file) == .symlink ? Paths.physical(file) : file
    }

    /// The nearest existing folder at or above `dir` must be a folder we can write in (73 otherwise).
    static func checkWritable(_ dir: String) throws(SessionError) {
        var p = dir
        while FileInfo.kind(p, followLinks: true) == .missing && p != "/" { p = Paths.dirname(p) }
        guard FileInfo.isDirectory(p) else {
            throw SessionError(.cannotCreate, "cannot create folder \(dir): a file is in the way", file: p)
        }
        guard PlatformFacts.isWritable(p) else {
            throw SessionError(.cannotCreate, "is not writable; nothing was installed", file: p)
        }
    }

    /// Everything an install will write is checked before the first write.
    func preflight(_ options: Options, hookDocuments: [AgentKind: JSONValue?]) throws(SessionError) {
        var folders = [locations.dataRoot]
        for skills in locations.setupAgents.map(locations.skillsFolder) where !folders.contains(skills) {
            folders.append(skills)
        }
        for agent in entries(options) {
            if let f = locations.commandFolder(agent) { folders.append(f) }
            guard options.hooks, let file = locations.hookFile(agent), let doc = hookDocuments[agent.kind] else {
                continue
            }
            if FileInfo.kind(file) == .symlink && FileInfo.kind(file, followLinks: true) == .missing {
                throw SessionError(
                    .cannotCreate,
                    "is a symbolic link to \(Containment.readLink(file) ?? "?"), which does not exist; nothing was installed",
                    hint: "create the target, or remove the link", file: file)
            }
            _ = try HookMerge.merging(
                doc,
                entries: HookPlan.entries(agent: agent, binDirectory: options.binDirectory),
                shape: HookPlan.shape(agent), file: file)
            folders.append(Paths.dirname(Installer.writeTarget(file)))
        }
        for dir in folders { try Installer.checkWritable(dir) }
    }

    /// Undoes what this run wrote (after a failure): entries it added are removed as `uninstall` removes them,
    /// the manifest, the payload and the `current` link are put back as they were.
    mutating func rollBack(releasing lock: FileLock?) {
        persisting = false
        let added = entries.filter { initialEntries[$0.key] == nil }
        var dirs: [String] = []
        // ignored: rolling back is best effort; the failure that started it is the one reported
        for path in added.keys.sorted() { try? undo(path, added[path]!, dirs: &dirs) }
        for payload in payloads.subtracting(initialPayloads) { Installer.removeTree(payload) }
        if initialCurrent != Installer.readLink(locations.current) {
            PlatformFacts.unlink(locations.current)
            if let old = initialCurrent { PlatformFacts.symlink(old, locations.current) }
        }
        entries = initialEntries
        payloads = initialPayloads
        if let initialManifest {
            // ignored: best effort, as the rest of the roll-back; the original failure is reported
            try? AtomicFile.write(initialManifest, to: locations.manifest)
        } else {
            PlatformFacts.unlink(locations.manifest)
        }
        lock?.release()
        for dir in dirs.sorted(by: { $0.count > $1.count }) where FileInfo.list(dir).isEmpty {
            PlatformFacts.removeEmptyFolder(dir)
        }
    }

    /// The registry entries of the agents `options` names, in their order.
    func entries(_ options: Options) -> [AgentEntry] { options.agents.compactMap { locations.registry.entry($0) } }

    mutating func record(_ verb: String, _ kind: String, _ path: String, _ detail: String? = nil) {
        actions.append(Action(verb: verb, kind: kind, path: path, detail: detail))
    }

    mutating func tag(_ path: String, _ entry: JSONValue, agents: [String]) {
        var o = entry.objectValue ?? [:]
        let old = entries[path]?["agents"]?.arrayValue?.compactMap(\.stringValue) ?? []
        o["agents"] = .strings(Array(Set(old + agents)).sorted())
        o["path"] = .string(path)
        entries[path] = .object(o)
    }

    // MARK: install

    public mutating func install(_ options: Options) throws(SessionError) {
        dryRun = options.dryRun
        let skills = try Installer.skillNames(in: options.source)
        // Every hook file must parse before anything is written.
        var hookDocuments: [AgentKind: JSONValue?] = [:]
        if options.hooks {
            for agent in entries(options) {
                guard let file = locations.hookFile(agent) else { continue }
                hookDocuments[agent.kind] = try JSONFile.read(file)
            }
        }
        try loadManifest()
        try preflight(options, hookDocuments: hookDocuments)
        var lock: FileLock?
        defer { lock?.release() }
        do throws(SessionError) {
            if !dryRun {
                try ensureDirectory(locations.dataRoot, agents: options.agents.map(\.rawValue))
                lock = try FileLock.acquire(
                    for: locations.manifest, timeout: FileLock.timeout(environment: environment.variables))
                persisting = true
                try wrote()
            }
            try installSteps(options, skills: skills, hookDocuments: hookDocuments)
        } catch {
            if !dryRun && rollsBack {
                rollBack(releasing: lock)
                lock = nil
            }
            throw error
        }
    }

    mutating func installSteps(_ options: Options, skills: [String], hookDocuments: [AgentKind: JSONValue?])
        throws(SessionError)
    {
        let commandsRoot = Paths.join(options.source, "commands")
        try syncPayload(source: options.source)
        try placeCurrentLink()
        // Older payload versions: nothing points at them once `current` is flipped.
        for old in payloads.sorted() where old != payloadDirectory {
            payloads.remove(old)
            guard FileInfo.isDirectory(old) else { continue }
            record("remove", "payload", old, "older version")
            if !dryRun { Installer.removeTree(old) }
        }

        let current = locations.current
        let chosen = entries(options)
        var skillDirs: [(String, [String])] = []
        // Agents' own folders first (in registry order), the shared folder last.
        var sides: [SkillsFolder] = []
        for entry in chosen where !sides.contains(entry.skillsFolder) { sides.append(entry.skillsFolder) }
        sides.sort { a, b in a != .shared && b == .shared }
        for side in sides {
            let agents = chosen.filter { $0.skillsFolder == side }
            guard let first = agents.first else { continue }
            let dir = locations.skillsFolder(first)
            if case .ownedBy(let owner) = side, let own = environment.registry.entry(owner)?.ownSkills,
                own.pluginBringsThem(environment)
            {
                record(
                    "skip", "symlink", dir,
                    "the agent-sessions \(own.pluginName) plugin is installed; its skills are used")
                continue
            }
            skillDirs.append((dir, agents.map(\.kind.rawValue)))
        }
        for (dir, agents) in skillDirs {
            for name in skills {
                try place(
                    Paths.join(dir, name), target: Paths.join(current, "skills", name),
                    source: Paths.join(options.source, "skills", name), copy: options.copy, agents: agents)
            }
        }
        for entry in chosen {
            guard let folder = locations.commandFolder(entry) else { continue }
            let agent = entry.kind.rawValue
            let generated = Paths.join(commandsRoot, agent)
            for file in FileInfo.list(generated).sorted() where FileInfo.isFile(Paths.join(generated, file)) {
                try place(
                    Paths.join(folder, file), target: Paths.join(current, "commands", agent, file),
                    source: Paths.join(generated, file), copy: options.copy, agents: [agent])
            }
        }
        if options.hooks {
            for agent in chosen {
                guard let file = locations.hookFile(agent), let doc = hookDocuments[agent.kind] else { continue }
                try mergeHooks(agent: agent, file: file, document: doc, binDirectory: options.binDirectory)
            }
        }
        try saveManifest()
    }

    /// Names of the folders under `<source>/skills` that hold a SKILL.md. 66 when there is none.
    public static func skillNames(in source: String) throws(SessionError) -> [String] {
        let dir = Paths.join(source, "skills")
        let names = FileInfo.list(dir).sorted().filter { FileInfo.isFile(Paths.join(dir, $0, "SKILL.md")) }
        if names.isEmpty {
            throw SessionError(
                .missing, "no skills found in the payload source", remedy: .namePayloadSource, file: dir)
        }
        return names
    }

    /// Files (relative paths) under `dir`, recursively, sorted.
    static func files(under dir: String, prefix: String = "") -> [String] {
        var out: [String] = []
        for name in FileInfo.list(dir).sorted() where !name.hasPrefix(".") {
            let path = Paths.join(dir, name)
            let rel = prefix.isEmpty ? name : prefix + "/" + name
            switch FileInfo.kind(path, followLinks: true) {
            case .directory: out += files(under: path, prefix: rel)
            case .file: out.append(rel)
            default: break
            }
        }
        return out
    }

    /// Copies `skills/`, `commands/` and `hooks/` of the source into `<data>/<version>/`, removing stale files.
    mutating func syncPayload(source: String) throws(SessionError) {
        let target = payloadDirectory
        payloads.insert(target)
        try wrote()
        var wanted = Set<String>()
        for top in ["skills", "commands", "hooks"] {
            for rel in Installer.files(under: Paths.join(source, top))
            where !(top == "commands" && rel.hasPrefix("src/")) {
                let relPath = top + "/" + rel
                wanted.insert(relPath)
                let bytes = try AtomicFile.read(Paths.join(source, relPath)) ?? []
                let dest = Paths.join(target, relPath)
                // ignored: an unreadable old copy is replaced like a different one
                let old = try? AtomicFile.read(dest)
                if old == bytes { continue }
                record(old == nil ? "create" : "update", "payload", dest)
                if !dryRun { try AtomicFile.write(bytes, to: dest) }
            }
        }
        for rel in Installer.files(under: target) where !wanted.contains(rel) {
            record("remove", "payload", Paths.join(target, rel), "no longer in the source")
            if !dryRun { PlatformFacts.unlink(Paths.join(target, rel)) }
        }
    }

    mutating func placeCurrentLink() throws(SessionError) {
        let link = locations.current
        if Installer.readLink(link) == version { return }
        let kind = FileInfo.kind(link)
        if kind != .missing && kind != .symlink {
            throw SessionError(.cannotCreate, "is not a symbolic link; refusing to replace it", file: link)
        }
        record(kind == .missing ? "create" : "update", "symlink", link, "-> \(version)")
        if dryRun { return }
        let temp = link + ".tmp-\(PlatformFacts.processID)"
        PlatformFacts.unlink(temp)
        guard PlatformFacts.symlink(version, temp), PlatformFacts.rename(temp, link) else {
            PlatformFacts.unlink(temp)
            throw SessionError(.cannotCreate, "cannot create symlink: \(PlatformFacts.lastError)", file: link)
        }
        try wrote()
    }

    static func readLink(_ path: String) -> String? { PlatformFacts.readLink(path) }

    /// Creates `path` and missing parents, recording each folder made.
    mutating func ensureDirectory(_ path: String, agents: [String]) throws(SessionError) {
        if FileInfo.isDirectory(path) { return }
        if dryRun && entries[path]?["kind"]?.stringValue == "dir" { return }
        let parent = Paths.dirname(path)
        if parent != path && parent != "/" { try ensureDirectory(parent, agents: agents) }
        record("create", "dir", path)
        tag(path, ["kind": "dir"], agents: agents)
        try wrote()
        if !dryRun { try FileInfo.makeDirectory(path) }
    }

    /// Puts a symlink (or a copy) at `path` pointing at `target` in the payload; leaves anything not ours alone.
    mutating func place(_ path: String, target: String, source: String, copy: Bool, agents: [String])
        throws(SessionError)
    {
        let mine = entries[path]
        switch FileInfo.kind(path) {
        case .symlink:
            if Installer.readLink(path) == target {
                if mine == nil { record("unchanged", "symlink", path, "adopted") }
                tag(path, ["kind": "symlink", "target": .string(target)], agents: agents)
                return
            }
            guard mine?["kind"]?.stringValue == "symlink" else {
                record("skip", "symlink", path, "a link that is not ours is in the way")
                return
            }
            record("update", "symlink", path, "-> \(target)")
            if !dryRun { PlatformFacts.unlink(path) }
        case .missing:
            break
        default:
            guard let mine, ["copy", "dir"].contains(mine["kind"]?.stringValue ?? "") else {
                record("skip", copy ? "copy" : "symlink", path, "a file that is not ours is in the way")
                return
            }
            try updateCopy(path, source: source, agents: agents)
            return
        }
        try ensureDirectory(Paths.dirname(path), agents: agents)
        if !copy {
            tag(path, ["kind": "symlink", "target": .string(target)], agents: agents)
            try wrote()
            if !dryRun && !PlatformFacts.symlink(target, path) {
                notes.append("cannot link \(path) (\(PlatformFacts.lastError)); copying instead")
            } else {
                record("create", "symlink", path, "-> \(target)")
                return
            }
        }
        try updateCopy(path, source: source, agents: agents)
    }

    /// Copies a file or a folder tree, recording each file's hash; a copy the user changed is kept as it is.
    mutating func updateCopy(_ path: String, source: String, agents: [String]) throws(SessionError) {
        if FileInfo.isDirectory(source) {
            try ensureDirectory(path, agents: agents)
            for rel in Installer.files(under: source) {
                try updateCopy(Paths.join(path, rel), source: Paths.join(source, rel), agents: agents)
            }
            return
        }
        let bytes = try AtomicFile.read(source) ?? []
        let hash = ContentHash.of(bytes)
        // ignored: an unreadable file at the path is treated as absent (not ours to compare)
        if let current = try? AtomicFile.read(path) {
            let currentHash = ContentHash.of(current)
            if currentHash == hash {
                if entries[path] != nil {
                    tag(path, ["kind": "copy", "hash": .string(hash)], agents: agents)
                } else {
                    record("skip", "copy", path, "an identical file that is not ours is there")
                }
                return
            }
            guard entries[path]?["hash"]?.stringValue == currentHash else {
                record("skip", "copy", path, "changed since it was installed, or not ours; left as it is")
                return
            }
            record("update", "copy", path)
        } else {
            try ensureDirectory(Paths.dirname(path), agents: agents)
            record("create", "copy", path)
        }
        tag(path, ["kind": "copy", "hash": .string(hash)], agents: agents)
        try wrote()
        if !dryRun { try AtomicFile.write(bytes, to: path) }
    }

    static func backupPath(_ file: String) -> String { file + ".agent-sessions.bak" }

    mutating func mergeHooks(agent entry: AgentEntry, file: String, document: JSONValue?, binDirectory: String)
        throws(SessionError)
    {
        let agent = entry.kind.rawValue  // the manifest's tag
        let shape = HookPlan.shape(entry)
        let wanted = HookPlan.entries(agent: entry, binDirectory: binDirectory)
        let merged = try HookMerge.merging(document, entries: wanted, shape: shape, file: file)
        let before = try AtomicFile.read(file)
        let mine = entries[file]?.objectValue
        var entry: [String: JSONValue] =
            mine ?? [
                "kind": "merge",
                "created_file": .bool(before == nil),
                "before_hash": before.map { .string(ContentHash.of($0)) } ?? .null,
                "backup": .null,
                "restorable": true,
            ]
        entry["shape"] = .string(shape.rawValue)
        entry["events"] = .strings(Array(Set(wanted.map(\.event))).sorted())
        entry["marker"] = "load-state --hook / save-session --hook / name agent-sessions-*"
        if let document, merged == document {
            if mine == nil {
                entry["after_hash"] = before.map { .string(ContentHash.of($0)) } ?? .null
                entry["restorable"] = false
            }
            tag(file, .object(entry), agents: [agent])
            return
        }
        if let before, let mine, mine["after_hash"]?.stringValue != ContentHash.of(before) {
            entry["restorable"] = false  // changed by someone since our last write: the backup is no longer "before us"
        }
        let bytes = JSONWriter.pretty(merged)
        tag(file, .object(entry), agents: [agent])
        try wrote()
        // Write-ahead: the backup's path and the merged file's hash are in the manifest before the writes they
        // describe, so an install killed between any two steps is undone by `uninstall` (a backup that was never
        // written is not there to restore; a merge that never happened leaves the file with no hooks of ours).
        if let before {
            let backup = Installer.backupPath(file)
            if FileInfo.kind(backup) == .missing {
                record("create", "backup", backup)
                entry["backup"] = .string(backup)
                tag(file, .object(entry), agents: [agent])
                try wrote()
                if !dryRun { try AtomicFile.write(before, to: backup) }
            }
        } else {
            try ensureDirectory(Paths.dirname(file), agents: [agent])
        }
        record(
            before == nil ? "create" : "update", "merge", file, "hooks: \(wanted.map(\.event).joined(separator: ", "))")
        entry["after_hash"] = .string(ContentHash.of(bytes))
        tag(file, .object(entry), agents: [agent])
        try wrote()
        if !dryRun {
            try AtomicFile.write(bytes, to: Installer.writeTarget(file))
        }
    }

    // MARK: uninstall

    /// Removes what the manifest says was installed for `agents` (all recorded agents when nil).
    public mutating func uninstall(agents chosen: [AgentKind]?, dryRun: Bool) throws(SessionError) {
        let selected = chosen?.map(\.rawValue)  // the manifest records agents by name
        self.dryRun = dryRun
        try loadManifest()
        if entries.isEmpty && payloads.isEmpty {
            record("unchanged", "manifest", locations.manifest, "nothing is installed")
            if !dryRun { removeLeftoversOfAKilledStart() }
            return
        }
        var lock: FileLock?
        if !dryRun {
            lock = try FileLock.acquire(
                for: locations.manifest, timeout: FileLock.timeout(environment: environment.variables))
        }
        var released = false
        defer { if !released { lock?.release() } }

        var removable: [String] = []
        for (path, entry) in entries {
            let agents = entry["agents"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let left = selected.map { sel in agents.filter { !sel.contains($0) } } ?? []
            if left.isEmpty {
                removable.append(path)
            } else if left.count != agents.count {
                var o = entry.objectValue!
                o["agents"] = .strings(left)
                entries[path] = .object(o)
            }
        }
        var dirs: [String] = []
        for path in removable.sorted() {
            try undo(path, entries[path]!, dirs: &dirs)
        }
        let everything = entries.isEmpty
        if everything {
            for payload in payloads.sorted() where FileInfo.isDirectory(payload) {
                record("remove", "payload", payload)
                if !dryRun { Installer.removeTree(payload) }
            }
            payloads = []
            if FileInfo.kind(locations.current) == .symlink {
                record("remove", "symlink", locations.current)
                if !dryRun { PlatformFacts.unlink(locations.current) }
            }
            record("remove", "manifest", locations.manifest)
            if !dryRun {
                PlatformFacts.unlink(locations.manifest)
                lock?.release()
                released = true
            }
        } else {
            try saveManifest()
        }
        // Folders we created, deepest first, only when empty (temp files of killed writers do not count).
        for dir in dirs.sorted(by: { $0.count > $1.count }) {
            if !dryRun { AtomicFile.removeAbandonedTemps(inFolder: dir) }
            if dryRun {
                record("remove", "dir", dir, "when empty")
            } else if FileInfo.list(dir).isEmpty {
                record("remove", "dir", dir)
                PlatformFacts.removeEmptyFolder(dir)
            } else {
                record("keep", "dir", dir, "not empty")
            }
        }
    }

    /// Takes away one recorded entry (uninstall, rollback); folders are collected in `dirs` for the end.
    mutating func undo(_ path: String, _ entry: JSONValue, dirs: inout [String]) throws(SessionError) {
        switch entry["kind"]?.stringValue ?? "" {
        case "symlink":
            if FileInfo.kind(path) == .missing {
                record("unchanged", "symlink", path, "already gone")
            } else if Installer.readLink(path) == entry["target"]?.stringValue {
                record("remove", "symlink", path)
                if !dryRun { PlatformFacts.unlink(path) }
            } else {
                record("keep", "symlink", path, "no longer points into the payload")
            }
        case "copy":
            if let h = ContentHash.file(path) {
                if h == entry["hash"]?.stringValue {
                    record("remove", "copy", path)
                    if !dryRun { PlatformFacts.unlink(path) }
                } else {
                    record("keep", "copy", path, "changed since it was installed")
                }
            }
        case "merge":
            try unmerge(path, entry)
        case "dir":
            dirs.append(path)
        default:
            break
        }
        entries.removeValue(forKey: path)
    }

    mutating func unmerge(_ file: String, _ entry: JSONValue) throws(SessionError) {
        // ignored: a hook file that cannot be read is as good as gone for uninstall
        guard let current = try? AtomicFile.read(file) else {
            record("unchanged", "merge", file, "already gone")
            return
        }
        let shape = HookMerge.Shape(rawValue: entry["shape"]?.stringValue ?? "") ?? .nested
        let unchangedSinceUs =
            entry["restorable"]?.boolValue == true
            && entry["after_hash"]?.stringValue == ContentHash.of(current)
        let backup = entry["backup"]?.stringValue
        if unchangedSinceUs {
            if entry["created_file"]?.boolValue == true {
                record("remove", "merge", file, "created by install, unchanged since")
                if !dryRun { PlatformFacts.unlink(file) }
                return
            }
            // ignored: an unreadable backup is not restored (the file is cleaned instead)
            if let backup, let saved = try? AtomicFile.read(backup),
                ContentHash.of(saved) == entry["before_hash"]?.stringValue
            {
                record("restore", "merge", file, "the original bytes from \(Paths.basename(backup))")
                record("remove", "backup", backup)
                if !dryRun {
                    try AtomicFile.write(saved, to: Installer.writeTarget(file))
                    PlatformFacts.unlink(backup)
                }
                return
            }
        }
        let document: JSONValue
        do { document = try JSONFile.parse(current, path: file) } catch {
            record("keep", "merge", file, "does not parse any more; remove our hooks by hand: \(error.message)")
            return
        }
        let cleaned = HookMerge.remove(document, shape: shape)
        if cleaned == document {
            record("unchanged", "merge", file, "no hooks of ours left")
            // An install stopped between the backup and the merge: the backup is a copy of the file as it is.
            // ignored: an unreadable backup is not the same as the file
            if let backup, (try? AtomicFile.read(backup)) == current {
                record("remove", "backup", backup)
                if !dryRun { PlatformFacts.unlink(backup) }
            }
            return
        }
        if entry["created_file"]?.boolValue == true, cleaned == [:] || cleaned == ["version": 1] {
            record("remove", "merge", file, "only our hooks were in it")
            if !dryRun { PlatformFacts.unlink(file) }
            return
        }
        record("update", "merge", file, "our hooks removed; other content kept")
        if !dryRun {
            try AtomicFile.write(JSONWriter.pretty(cleaned), to: Installer.writeTarget(file))
        }
        if let backup, FileInfo.exists(backup) { record("keep", "backup", backup, "the file was edited after install") }
    }

    /// An install killed before its manifest was first written leaves our data folder holding at most its lock file
    /// and a dead writer's temp manifest: both are taken away, and the folder too when nothing else is in it.
    mutating func removeLeftoversOfAKilledStart() {
        let root = locations.dataRoot
        guard FileInfo.isDirectory(root), FileInfo.kind(locations.manifest) == .missing else { return }
        AtomicFile.removeAbandonedTemps(inFolder: root)
        if FileInfo.list(root) == [Paths.basename(locations.manifest) + ".lock"],
            let lock = try? FileLock.acquire(for: locations.manifest, timeout: 0)  // ignored: a held lock is theirs
        {
            lock.release()  // removes the lock file: nobody else held it
        }
        if FileInfo.list(root).isEmpty {
            record("remove", "dir", root, "left by an install that was stopped before it wrote anything")
            PlatformFacts.removeEmptyFolder(root)
        }
    }

    static func removeTree(_ path: String) {
        switch FileInfo.kind(path) {
        case .directory:
            for name in FileInfo.list(path) { removeTree(Paths.join(path, name)) }
            PlatformFacts.removeEmptyFolder(path)
        case .missing: return
        default: PlatformFacts.unlink(path)
        }
    }
}
