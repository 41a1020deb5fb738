#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `resume-session setup | teardown | status | reset`.
public enum ResumeManage {
    /// The agents named (nil: none named), each once; an unknown one → 64.
    static func agents(_ names: [String], _ context: ToolContext) throws(ToolError) -> [ResumeAgentSpec]? {
        if names.isEmpty { return nil }
        var result: [ResumeAgentSpec] = []
        for name in names {
            let spec = try ResumeAgentSpec.parse(name, registry: context.registry)
            if !result.contains(where: { $0.agent == spec.agent }) { result.append(spec) }
        }
        return result
    }

    // MARK: setup

    /// What setup, teardown, status and reset report: the `--json` object and the lines for people.
    public struct SetupResult: Sendable, CommandReport {
        public var json: JSONValue
        public var lines: [String]
        public var failed: Bool

        public func text(_ context: ToolContext) -> String { lines.map { $0 + "\n" }.joined() }
    }

    /// Creates the shims (all agents found on PATH when `agents` is nil) and, with `shell`, the rc block.
    public static func setup(
        _ agents: [ResumeAgentSpec]?, shell: String?, executable: String,
        context: ToolContext, dryRun: Bool = false
    ) throws(ToolError) -> SetupResult {
        let would = dryRun ? "would be " : ""
        let dir = Shims.directory(context)
        let chosen =
            agents
            ?? ResumeAgentSpec.all(in: context.registry).filter {
                RealBinary.find($0.binary, context: context, shimDir: dir) != nil
            }
        var lines: [String] = []
        var entries: [JSONValue] = []
        var failed = false
        if chosen.isEmpty {
            lines.append(
                "No agent found on PATH (\(ResumeAgentSpec.all(in: context.registry).map(\.agent).map(\.rawValue).joined(separator: ", "))); "
                    + "name the agents to create shims anyway.")
        }
        for spec in chosen {
            let path = Paths.join(dir, spec.binary)
            let script = Shims.script(agent: spec.binary, executable: executable, directory: dir)
            var state = Shims.state(path, executable: executable)
            // A shim of an older version (e.g. before the resolved-path fallback) is rewritten too.
            // ignored: a shim that cannot be read is reported as stale
            if state == .installed, ((try? AtomicFile.read(path)) ?? nil) != Array(script.utf8) { state = .stale }
            var action: String
            switch state {
            case .installed:
                action = "unchanged"
            case .foreign:
                action = "skipped"
                failed = true
                lines.append("\(path): a file that is not ours is in the way; left unchanged")
            case .missing, .stale:
                if !dryRun {
                    try core { () throws(SessionError) in try FileInfo.makeDirectory(dir) }
                    try core { () throws(SessionError) in
                        try AtomicFile.write(Array(script.utf8), to: path, defaultMode: 0o755)
                    }
                    if !PlatformFacts.setMode(path, 0o755) {
                        throw ToolError(.cantCreate, "cannot make the shim executable", file: path)
                    }
                }
                action = state == .missing ? "created" : "updated"
            }
            let real = RealBinary.find(spec.binary, context: context, shimDir: dir)
            if action != "skipped" {
                lines.append(
                    (action == "unchanged" ? "" : would) + "\(action) \(path)"
                        + (real == nil ? " (\(spec.binary) is not on PATH yet)" : ""))
            }
            entries.append([
                "agent": .string(spec.agent.rawValue), "path": .string(path), "action": .string(action),
                "real_binary": real.map { .string($0) } ?? .null,
            ])
        }
        var rcInfo: JSONValue = .null
        let pathLine = ShellRC.pathLine(shell: shell ?? "bash", directory: dir)
        if let shell {
            let rc = ShellRC.file(shell: shell, home: context.home)
            let target = ShellRC.target(rc)
            let existed = FileInfo.exists(target)
            let old = try core { () throws(SessionError) in try AtomicFile.read(target) ?? [] }
            let oldText = String(decoding: old, as: UTF8.self)
            let newText = ShellRC.adding(to: oldText, shell: shell, directory: dir, createdFile: !existed)
            let changed = Array(newText.utf8) != old
            if changed && dryRun {
                lines.append("Would add the PATH block to \(rc).")
            } else if changed {
                try core { () throws(SessionError) in try AtomicFile.write(Array(newText.utf8), to: target) }
                lines.append("Added the PATH block to \(rc); open a new shell (or: source \(rc)).")
            } else {
                lines.append("\(rc) already has the PATH block.")
            }
            rcInfo = ["path": .string(rc), "shell": .string(shell), "changed": .bool(changed)]
        } else if !chosen.isEmpty {
            lines.append("Add this line at the end of your shell's rc file (the shim folder must come first on PATH):")
            lines.append("  " + pathLine)
            lines.append("or run: resume-session setup --shell bash|zsh|fish")
        }
        let json: JSONValue = [
            "ok": .bool(!failed), "shim_dir": .string(dir), "shims": .array(entries),
            "path_line": .string(pathLine), "rc_file": rcInfo, "dry_run": .bool(dryRun),
        ]
        return SetupResult(json: json, lines: lines, failed: failed)
    }

    // MARK: teardown

    /// Removes our shims of `agents` (all when nil) and, once no shim of ours is left, the rc blocks and the
    /// emptied shim folder. Files we did not write are never removed.
    public static func teardown(
        _ agents: [ResumeAgentSpec]?, context: ToolContext, dryRun: Bool = false
    ) throws(ToolError) -> SetupResult {
        let dir = Shims.directory(context)
        let would = dryRun ? "would have " : ""
        var lines: [String] = []
        var entries: [JSONValue] = []
        var removed = Set<String>()
        for spec in agents ?? ResumeAgentSpec.all(in: context.registry) {
            let path = Paths.join(dir, spec.binary)
            let action: String
            switch Shims.state(path, executable: nil) {
            case .missing:
                action = "absent"
            case .foreign:
                action = "kept"
                lines.append("\(path): not a shim of ours; left unchanged")
            case .installed, .stale:
                if !dryRun && !PlatformFacts.unlink(path) {
                    throw ToolError(.cantCreate, "cannot remove: \(PlatformFacts.lastError)", file: path)
                }
                removed.insert(path)
                action = "removed"
                lines.append(would + "removed \(path)")
            }
            entries.append(["agent": .string(spec.agent.rawValue), "path": .string(path), "action": .string(action)])
        }
        let remaining = ResumeAgentSpec.all(in: context.registry).filter {
            let path = Paths.join(dir, $0.binary)
            return !removed.contains(path) && Shims.isOurShim(path)
        }
        var rcEntries: [JSONValue] = []
        if remaining.isEmpty {
            for shell in ShellRC.shells {
                let rc = ShellRC.file(shell: shell, home: context.home)
                let target = ShellRC.target(rc)
                guard let bytes = try core({ () throws(SessionError) in try AtomicFile.read(target) }) else { continue }
                let text = String(decoding: bytes, as: UTF8.self)
                guard ShellRC.hasBlock(text) else { continue }
                if dryRun {
                    lines.append("would have removed the PATH block from \(rc)")
                    rcEntries.append(.string(rc))
                    continue
                }
                let created = text.contains(ShellRC.createdNote)
                let rest = ShellRC.removing(from: text)
                if created && rest.isEmpty {
                    PlatformFacts.unlink(target)
                } else {
                    try core { () throws(SessionError) in try AtomicFile.write(Array(rest.utf8), to: target) }
                }
                lines.append("removed the PATH block from \(rc)")
                rcEntries.append(.string(rc))
            }
            if !dryRun && FileInfo.isDirectory(dir) && FileInfo.list(dir).isEmpty {
                PlatformFacts.removeEmptyFolder(dir)
                let parent = Paths.dirname(dir)
                if context.environment["AGENT_SESSIONS_HOME"]?.isEmpty ?? true, FileInfo.list(parent).isEmpty {
                    PlatformFacts.removeEmptyFolder(parent)
                }
            }
        } else {
            lines.append("shims left: \(remaining.map(\.binary).joined(separator: ", ")); the PATH block stays")
        }
        if lines.isEmpty { lines.append("nothing to remove") }
        let json: JSONValue = [
            "ok": true, "shim_dir": .string(dir), "shims": .array(entries),
            "rc_files_changed": .array(rcEntries), "dry_run": .bool(dryRun),
        ]
        return SetupResult(json: json, lines: lines, failed: false)
    }

    // MARK: status

    public static func status(_ agents: [ResumeAgentSpec]?, executable: String?, context: ToolContext) -> SetupResult {
        let dir = Shims.directory(context)
        let shimPhysical = Paths.physical(dir)
        let pathEntries = (context.environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: true)
            .map { Paths.physical(Paths.absolute(String($0), relativeTo: context.workingDirectory)) }
        let shimIndex = pathEntries.firstIndex { $0 == shimPhysical || $0 == dir }
        // ignored: status outside a project reports no project
        let project = try? Project.locate(context, repoRoot: nil)
        var lines = [
            "platform: \(PlatformProcess.name)", "shim folder: \(dir)" + (shimIndex == nil ? " (not on PATH)" : ""),
        ]
        if let project { lines.append("project: \(project.root)") }
        var entries: [JSONValue] = []
        for spec in agents ?? ResumeAgentSpec.all(in: context.registry) {
            let shimPath = Paths.join(dir, spec.binary)
            let shimState = Shims.state(shimPath, executable: executable)
            let real = RealBinary.find(spec.binary, context: context, shimDir: dir)
            let realAlt = RealBinary.find(spec.binary + "-real", context: context, shimDir: dir)
            var warnings: [String] = []
            var orderOK: JSONValue = .null
            if shimState == .installed || shimState == .stale {
                if shimIndex == nil {
                    warnings.append("the shim folder is not on PATH: '\(spec.binary)' runs without resume")
                    orderOK = false
                } else if let real, let realIndex = pathEntries.firstIndex(of: Paths.physical(Paths.dirname(real))),
                    realIndex < shimIndex!
                {
                    warnings.append(
                        "\(Paths.dirname(real)) comes before the shim folder on PATH: '\(spec.binary)' runs without resume"
                    )
                    orderOK = false
                } else {
                    orderOK = true
                }
            }
            if shimState == .stale {
                warnings.append("the shim calls another resume-session; run 'resume-session setup \(spec.binary)'")
            }
            if shimState == .foreign { warnings.append("\(shimPath) is not a shim of ours") }
            if let real, let wrapper = RealBinary.aiSessionManagerWrapper(real) {
                warnings.append("\(real) is an ai-session-manager wrapper of \(wrapper)")
            }
            var session: JSONValue = .null
            var sessionText = "none"
            if let project {
                let relative = ResumeRecord.relativePath(spec.agent)
                do {
                    if let value = try JSONFile.read(project.path(relative), displayPath: relative) {
                        let record = try ResumeRecord.from(value, agent: spec.agent, file: relative)
                        session = [
                            "session_id": record.sessionID.map { .string($0) } ?? .null,
                            "state_file": .string(relative), "mode": .string(record.mode.rawValue),
                            "updated_at": record.updatedAt.map { .string($0) } ?? .null,
                            "pending": .bool(record.sessionID == nil && record.pendingSince != nil),
                            "migrated_from": record.migratedFrom.map { .string($0) } ?? .null,
                        ]
                        sessionText =
                            record.sessionID
                            ?? (record.pendingSince != nil ? "pending (recorded at next launch)" : "none")
                    } else if let legacy = LegacyResumeState.find(agent: spec.agent, project: project) {
                        session = [
                            "session_id": legacy.sessionID.map { .string($0) } ?? .null,
                            "state_file": .string(legacy.path), "legacy": true,
                        ]
                        sessionText = (legacy.sessionID ?? "none") + " (ai-session-manager, migrated at next launch)"
                    }
                } catch {
                    warnings.append((error as? SessionError).map { ToolError($0).description } ?? "\(error)")
                    sessionText = "unreadable"
                }
            }
            entries.append([
                "agent": .string(spec.agent.rawValue), "real_binary": real.map { .string($0) } ?? .null,
                "ai_session_manager_real": realAlt.map { .string($0) } ?? .null,
                "shim": ["path": .string(shimPath), "state": .string(shimState.rawValue)],
                "path_order_ok": orderOK, "session": session, "warnings": .strings(warnings),
            ])
            lines.append(
                "\(spec.binary): real \(real ?? "not found"); shim \(shimState.rawValue); session \(sessionText)")
            for w in warnings { lines.append("  warning: \(w)") }
        }
        var rcs: [JSONValue] = []
        for shell in ShellRC.shells {
            let rc = ShellRC.file(shell: shell, home: context.home)
            let has =
                // ignored: an rc file that cannot be read holds no line of ours
                (try? AtomicFile.read(ShellRC.target(rc))).flatMap { $0 }.map {
                    ShellRC.hasBlock(String(decoding: $0, as: UTF8.self))
                } ?? false
            rcs.append(["shell": .string(shell), "path": .string(rc), "has_block": .bool(has)])
            if has { lines.append("PATH block in \(rc)") }
        }
        let json: JSONValue = [
            "ok": true, "platform": .string(PlatformProcess.name), "shim_dir": .string(dir),
            "shim_dir_on_path": .bool(shimIndex != nil), "resume_session": executable.map { .string($0) } ?? .null,
            "project": project.map {
                ["root": .string($0.root), "name": .string($0.name), "git": .bool($0.git != nil)]
            } ?? .null,
            "agents": .array(entries), "rc_files": .array(rcs),
        ]
        return SetupResult(json: json, lines: lines, failed: false)
    }

    // MARK: reset

    /// Forgets the project's recorded session of each agent (all when nil). A record that ai-session-manager state
    /// would re-create is kept as an empty record instead of being deleted.
    public static func reset(
        _ agents: [ResumeAgentSpec]?, context: ToolContext, dryRun: Bool = false
    ) throws(ToolError) -> SetupResult {
        let project = try Project.locate(context, repoRoot: nil)
        var lines: [String] = []
        var entries: [JSONValue] = []
        for spec in agents ?? ResumeAgentSpec.all(in: context.registry) {
            let relative = ResumeRecord.relativePath(spec.agent)
            let file = try core { () throws(SessionError) in try project.writablePath(relative) }
            let legacy = LegacyResumeState.find(agent: spec.agent, project: project)
            let lock =
                dryRun
                ? nil
                : try core { () throws(SessionError) in
                    try FileLock.acquire(for: file, timeout: FileLock.timeout(environment: context.environment))
                }
            defer { lock?.release() }
            var forgotten: String? = nil
            var existed = false
            if let value = try core({ () throws(SessionError) in try JSONFile.read(file, displayPath: relative) }) {
                existed = true
                forgotten = try ResumeRecord.from(value, agent: spec.agent, file: relative).sessionID
            } else if let legacy {
                forgotten = legacy.sessionID
            }
            if !existed && legacy == nil {
                entries.append(["agent": .string(spec.agent.rawValue), "forgotten": .null, "action": "none"])
                if agents != nil { lines.append("\(spec.binary): no session recorded for \(project.name)") }
                continue
            }
            if dryRun {
                // Nothing is changed; the line below says what would be.
            } else if legacy != nil {
                let now = Timestamps.iso8601(context.now)
                var record = ResumeRecord(
                    agent: spec.agent, sessionID: nil, mode: spec.mode, createdAt: now,
                    updatedAt: now, migratedFrom: legacy?.path)
                record.other["reset_at"] = .string(now)
                try core { () throws(SessionError) in try JSONFile.write(record.json, to: file) }
            } else if !PlatformFacts.unlink(file) {
                throw ToolError(.cantCreate, "cannot remove: \(PlatformFacts.lastError)", file: relative)
            }
            lines.append(
                "\(spec.binary): \(dryRun ? "would forget" : "forgot") "
                    + (forgotten.map { "session \($0)" } ?? "the pending session")
                    + " of \(project.name); the next launch starts a new one")
            entries.append([
                "agent": .string(spec.agent.rawValue), "forgotten": forgotten.map { .string($0) } ?? .null,
                "action": "reset",
            ])
        }
        if lines.isEmpty { lines.append("no session recorded for \(project.name)") }
        return SetupResult(
            json: ["ok": true, "project": .string(project.root), "agents": .array(entries)],
            lines: lines, failed: false)
    }
}
