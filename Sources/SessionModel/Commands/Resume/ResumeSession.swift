#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Whether a recorded session is still in the agent's native store.
public enum SessionPresence: String, Sendable, Equatable {
    case present, missing
    /// The store cannot tell (no reader for it in this build, or it failed): the record is trusted.
    case unknown
}

/// The two questions resume-session asks an agent's native store. Faked in unit tests.
public protocol ResumeSessionIndex: Sendable {
    func presence(of id: String) -> SessionPresence
    /// The newest session of the project at `projectPath` (physical), or nil.
    func newestSession(projectPath: String) -> String?
    /// The store's name and place, for messages ("Claude Code's store").
    var storeName: String { get }
}

/// The index backed by the agent's `SessionStore` (#3).
public struct StoreSessionIndex: ResumeSessionIndex {
    public let store: any SessionStore

    public init(_ store: any SessionStore) { self.store = store }

    public init(agent: AgentKind, context: ToolContext) { self.store = AgentStores.store(agent, context: context) }

    public func presence(of id: String) -> SessionPresence {
        // A store without a location has no reader in this build: it cannot say "missing".
        if store.location.isEmpty { return .unknown }
        do {
            return try store.session(id: id) != nil ? .present : .missing
        } catch {
            return .unknown
        }
    }

    /// The newest session the agent can resume by id (`ResumeAgentSpec.resumable`, which its spec declares).
    public func newestSession(projectPath: String) -> String? {
        let resumable = ResumeAgentSpec.spec(for: store.agent)?.resumable ?? { _ in true }
        // ignored: a store that cannot be read has no session to resume; the agent then starts as it would without
        // us (resume-session never stands between the user and the agent).
        guard let sessions = try? store.sessions(projectPath: projectPath) else { return nil }
        return SessionSummary.newest(sessions.lazy.filter(resumable))?.id
    }

    public var storeName: String { "\(store.agent.displayName)'s store" }
}

/// What resume-session decided: the program, its arguments and what to tell the user.
public struct ResumePlan: Sendable, Equatable {
    public enum Kind: String, Sendable { case passThrough = "pass-through", resume, new, plain }

    public var kind: Kind
    public var executable: String
    public var arguments: [String]
    /// Lines for stderr, each already prefixed with `[agent-sessions] `.
    public var notices: [String]
    /// The session resumed or started with our id; nil when the agent picks it.
    public var sessionID: String?
    /// The id that became the project's recorded session in this launch (new, discovered or migrated): the one
    /// handed to the session registry.
    public var newlyRecordedID: String? = nil
}

/// `resume-session AGENT [ARGS...]`: decide, record, then replace the process with the real agent.
public enum ResumeSession {
    public static let prefix = "[agent-sessions] "

    public struct Options: Sendable {
        /// Prefer `<tool>-real` (left by ai-session-manager) over `<tool>`.
        public var useReal = false
        public init(useReal: Bool = false) { self.useReal = useReal }
    }

    /// Decides what to run and records the session. Never throws for state problems (they are reported and the
    /// agent starts without resume); throws only when the agent cannot be found.
    public static func plan(
        _ spec: ResumeAgentSpec, arguments: [String], context: ToolContext,
        options: Options = Options(), index: (any ResumeSessionIndex)? = nil,
        newID: () -> String = { UUID().uuidString.lowercased() }
    ) throws(ToolError) -> ResumePlan {
        let useReal =
            options.useReal
            || ["1", "true", "yes"].contains(context.environment["AGENT_SESSIONS_USE_REAL"]?.lowercased() ?? "")
        let located = try RealBinary.locate(spec, context: context, useReal: useReal)
        var notices = located.warnings.map { prefix + "warning: " + $0 }

        if spec.passThroughReason(arguments) != nil {
            return ResumePlan(
                kind: .passThrough, executable: located.path, arguments: arguments, notices: notices,
                sessionID: nil)
        }

        let project: Project
        do {
            project = try Project.locate(context, repoRoot: nil)
        } catch {
            notices.append(
                prefix + "cannot find the project (\(error.description)); starting \(spec.binary) without resume")
            return ResumePlan(
                kind: .plain, executable: located.path, arguments: arguments, notices: notices,
                sessionID: nil)
        }
        let index = index ?? StoreSessionIndex(agent: spec.agent, context: context)
        do {
            let decision = try decide(spec, project: project, context: context, index: index, newID: newID)
            notices.append(prefix + decision.notice)
            let args = spec.arguments(resuming: decision.resumeID, newID: decision.newID, user: arguments)
            // Starting an agent leaves `git status` as it was: the record is per machine (.ai/resume/, excluded in
            // .git/info/exclude); the committed registry gets the session when it is saved or ended (save-session),
            // with its summary, never an empty entry at launch.
            return ResumePlan(
                kind: decision.resumeID != nil ? .resume : .new, executable: located.path,
                arguments: args, notices: notices, sessionID: decision.resumeID ?? decision.newID,
                newlyRecordedID: decision.newlyRecordedID)
        } catch {
            notices.append(prefix + "\(error.description); starting \(spec.binary) without resume")
            return ResumePlan(
                kind: .plain, executable: located.path, arguments: arguments, notices: notices,
                sessionID: nil)
        }
    }

    struct Decision {
        var resumeID: String?
        var newID: String?
        var notice: String
        var newlyRecordedID: String? = nil
    }

    /// Reads (or migrates) the record under its lock, decides resume/new, writes the record back.
    static func decide(
        _ spec: ResumeAgentSpec, project: Project, context: ToolContext, index: any ResumeSessionIndex,
        newID: () -> String
    ) throws(ToolError) -> Decision {
        let relative = ResumeRecord.relativePath(spec.agent)
        let file = try core { () throws(SessionError) in try project.writablePath(relative) }
        let lock = try core { () throws(SessionError) in
            try FileLock.acquire(for: file, timeout: FileLock.timeout(environment: context.environment))
        }
        defer { lock.release() }

        let now = Timestamps.iso8601(context.now)
        var record: ResumeRecord
        var migratedNote = ""
        let existing = try core { () throws(SessionError) in try JSONFile.read(file, displayPath: relative) }
        if let value = existing {
            record = try ResumeRecord.from(value, agent: spec.agent, file: relative)
        } else if let legacy = LegacyResumeState.find(agent: spec.agent, project: project) {
            record = ResumeRecord(
                agent: spec.agent, sessionID: legacy.sessionID, mode: spec.mode, createdAt: now,
                migratedFrom: legacy.path)
            migratedNote = "; migrated from \(legacy.path)"
        } else {
            record = ResumeRecord(agent: spec.agent, sessionID: nil, mode: spec.mode, createdAt: now)
        }
        let original = record
        let name = project.name
        var decision: Decision

        var missingNote = ""
        if let id = record.sessionID, index.presence(of: id) == .missing {
            missingNote =
                "\(spec.binary) session \(id) is not in \(index.storeName) (deleted, never used or from another machine); "
            record.sessionID = nil
            record.pendingSince = nil
        }

        switch spec.mode {
        case .managedID:
            if let id = record.sessionID {
                decision = Decision(
                    resumeID: id, newID: nil, notice: "Resuming \(spec.binary) session \(id) (\(name)\(migratedNote))")
            } else {
                let id = newID()
                record.sessionID = id
                decision = Decision(
                    resumeID: nil, newID: id,
                    notice: missingNote + "New \(spec.binary) session \(id) (\(name)\(migratedNote))")
            }
        case .discovered:
            if let id = record.sessionID {
                decision = Decision(
                    resumeID: id, newID: nil, notice: "Resuming \(spec.binary) session \(id) (\(name)\(migratedNote))")
            } else if missingNote.isEmpty, let found = index.newestSession(projectPath: project.root),
                LegacyResumeState.valid(found)
            {
                record.sessionID = found
                record.pendingSince = nil
                decision = Decision(
                    resumeID: found, newID: nil,
                    notice: "Resuming \(spec.binary) session \(found) (\(name)\(migratedNote); newest of this project)")
            } else {
                record.pendingSince = now
                decision = Decision(
                    resumeID: nil, newID: nil,
                    notice: missingNote
                        + "New \(spec.binary) session (\(name)\(migratedNote)); its id is recorded at the next launch")
            }
        }
        record.mode = spec.mode
        if let id = record.sessionID, existing == nil || id != original.sessionID { decision.newlyRecordedID = id }
        if record != original || !FileInfo.exists(file) {
            // The project's first record: keep the folder out of git (per machine). Later the user's choice stands.
            let first = !FileInfo.list(project.path(ResumeRecord.folder)).contains { $0.hasSuffix(".json") }
            if record.createdAt == nil { record.createdAt = now }
            record.updatedAt = now
            try core { () throws(SessionError) in try JSONFile.write(record.json, to: file) }
            if first, project.git != nil {
                // ignored: the exclude line only keeps our record out of git status; the launch goes on without it
                try? GitIgnore.exclude(ResumeRecord.folder + "/", context: context, root: project.root)
            }
        }
        return decision
    }

    /// The action of `resume-session AGENT [ARGS...]`: plan, tell, exec. Returns only when the exec failed.
    static func run(_ options: ResumeSessionCommand.RunOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        let plan = try plan(
            options.agent, arguments: options.arguments, context: context,
            options: Options(useReal: options.useReal))
        for line in plan.notices { context.stderr.line(line) }
        throw ToolError(
            PlatformProcess.replace(
                with: plan.executable, arguments: plan.arguments,
                environment: context.environment))
    }
}

/// Finding the agent's own program on PATH, never our shim.
public enum RealBinary {
    public struct Located: Sendable, Equatable {
        public var path: String
        public var warnings: [String]
    }

    /// The first `<binary>` on PATH outside the shim folder (and not one of our shims wherever it is). With
    /// `useReal`, a `<binary>-real` left by ai-session-manager is preferred.
    public static func locate(_ spec: ResumeAgentSpec, context: ToolContext, useReal: Bool) throws(ToolError) -> Located
    {
        let shimDir = Shims.directory(context)
        if useReal, let real = find(spec.binary + "-real", context: context, shimDir: shimDir) {
            return Located(path: real, warnings: [])
        }
        guard let path = find(spec.binary, context: context, shimDir: shimDir) else {
            throw ToolError(
                .failure, "\(spec.binary) not found on PATH (outside the shim folder \(shimDir))",
                hint: "install \(spec.agent.displayName), or check PATH")
        }
        var warnings: [String] = []
        if !useReal, let wrapper = aiSessionManagerWrapper(path) {
            warnings.append(
                "\(path) is an ai-session-manager wrapper (the real program is \(wrapper)); run "
                    + "'ai-session-manager teardown \(spec.binary)', or pass --use-real")
        }
        return Located(path: path, warnings: warnings)
    }

    public static func find(_ name: String, context: ToolContext, shimDir: String) -> String? {
        let shimPhysical = Paths.physical(shimDir)
        let path = context.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for entry in path.split(separator: ":", omittingEmptySubsequences: true) {
            let dir = Paths.absolute(String(entry), relativeTo: context.workingDirectory)
            if dir == shimDir || Paths.physical(dir) == shimPhysical { continue }
            let candidate = Paths.join(dir, name)
            guard FileInfo.isFile(candidate), PlatformFacts.isExecutable(candidate) else { continue }
            if Shims.isOurShim(candidate) { continue }
            return candidate
        }
        return nil
    }

    /// The `<tool>-real` next to `path` when `path` is ai-session-manager's wrapper script.
    static func aiSessionManagerWrapper(_ path: String) -> String? {
        let real = path + "-real"
        guard FileInfo.isFile(real) else { return nil }
        // ignored: a file that cannot be read is not ai-session-manager's wrapper
        guard let head = try? AtomicFile.read(path, limit: 1 << 20), head.count < 1 << 16 else { return nil }
        let text = String(decoding: head, as: UTF8.self)
        return text.contains("ai_session_manager") || text.contains("ai-session-manager") ? real : nil
    }
}

/// Keeping a folder out of git on this machine only, invisible to `git status`: the repository's `info/exclude`.
enum GitIgnore {
    /// Makes git ignore `pattern` on this machine: a line in `$GIT_COMMON_DIR/info/exclude`, unless something ignores
    /// it already. Never touches the work tree.
    static func exclude(_ pattern: String, context: ToolContext, root: String) throws(ToolError) {
        let git = Git(context: context, directory: root)
        let probe = (pattern.hasSuffix("/") ? pattern : pattern + "/") + "x.json"
        if try core({ () throws(SessionError) in try StateAnchor.isIgnored(git, probe) }) { return }
        let relative = try core { () throws(SessionError) in
            try git.output(["rev-parse", "--git-path", "info/exclude"]).trimmed(.whitespacesAndNewlines)
        }
        let file = Paths.absolute(relative, relativeTo: root)
        try core { () throws(SessionError) in try FileInfo.makeDirectory(Paths.dirname(file)) }
        _ = try LineFile.ensure(context, path: file, line: pattern)
    }
}
