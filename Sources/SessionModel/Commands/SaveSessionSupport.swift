#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `save-session --hook AGENT` and `save-session start --hook AGENT`: fast, mechanical, never failing.
enum SaveSessionHook {
    /// The longest a hook waits for the registry lock or the journal (Claude gives SessionEnd 1.5 s in all).
    static let lockBudget = 0.8
    static let stdinTimeout = 0.3

    static func run(_ context: ToolContext, options: SaveSessionCommand.HookOptions, start: Bool) -> ExitCode {
        var quiet = context
        quiet.stdout = BufferSink()  // a SessionStart hook's stdout would go into the model's context
        let timeout = min(FileLock.timeout(environment: context.environment), lockBudget)
        quiet.environment["AGENT_SESSIONS_LOCK_TIMEOUT"] = String(timeout)
        do {
            let result = try record(quiet, options: options, start: start, lockTimeout: timeout)
            if options.json { context.stdout.write(JSONWriter.pretty(result)) }
        } catch let error as SessionError {
            context.stderr.line("\(context.tool): hook: \(ToolError(error).description)")
        } catch let error as ToolError {
            context.stderr.line("\(context.tool): hook: \(error.description)")
        } catch {
            context.stderr.line("\(context.tool): hook: \(error)")
        }
        return .ok
    }

    static func record(
        _ context: ToolContext, options: SaveSessionCommand.HookOptions, start: Bool, lockTimeout: Double
    ) throws -> JSONValue {
        let agent = try AgentKind.parse(options.agent, registry: context.registry)
        let payload = HookPayload.read(context, timeout: stdinTimeout)
        var id = payload?.sessionID
        var rule = "hook-payload"
        if id == nil {
            for (kind, variable) in SessionDetector.sessionIDVariables(context.registry) where kind == agent {
                if let v = context.environment[variable], !v.isEmpty {
                    id = v
                    rule = "env:\(variable)"
                    break
                }
            }
        }
        guard let id else {
            throw ToolError(
                .noInput,
                "the hook payload carries no session id and no \(agent.rawValue) session "
                    + "variable is set; nothing recorded")
        }
        // The payload's cwd may be a subfolder: its git top folder is the project, as for a run from there.
        var located = context
        if let cwd = payload?.cwd, FileInfo.isDirectory(cwd) { located.workingDirectory = cwd }
        let project = try Project.locate(located, repoRoot: options.repoRoot)
        let current = CurrentSession(agent: agent, id: id, rule: rule, transcriptPath: payload?.transcriptPath)
        if start {
            // Starting an agent leaves `git status` as it was: the start is noted per machine under the git folder
            // (nothing at all outside git); the registry entry is written when the session is saved or ended.
            var noted = false
            if let repo = project.git {
                var fields: [String: JSONValue] = [:]
                if let path = payload?.transcriptPath { fields["transcript_path"] = .string(path) }
                if let job = options.job { fields["job_id"] = .string(job) }
                if let title = options.title { fields["title"] = .string(title) }
                noted = try SessionStarts.note(
                    context, repo: repo, agent: agent, id: id, fields: try redactedTexts(fields, context))
            }
            return [
                "ok": true, "event": payload?.eventName.map { .string($0) } ?? .null, "detection": current.json,
                "noted": .bool(noted),
            ]
        }
        var fields: [String: JSONValue] = [:]
        let started = project.git.flatMap { SessionStarts.read($0, agent: agent, id: id) }
        for (key, value) in started ?? [:] { fields[key] = value }
        if let path = payload?.transcriptPath { fields["transcript_path"] = .string(path) }
        // What the hook commits goes through the redactor and the second scan, as `save-session` does.
        var redactions = RedactionCounts()
        let given = CommittedRedaction.redact(options.summary, counts: &redactions)
        let tags = options.tags.map { CommittedRedaction.redact($0, counts: &redactions) ?? $0 }
        if let line = CommittedRedaction.report(context.tool, redactions) { context.stderr.line(line) }
        try core { () throws(SessionError) in
            try CommittedRedaction.verify(
                ([given].compactMap { $0 } + tags).map { Array(($0 + "\n").utf8) }, what: "the session entry to save")
        }
        fields = try redactedTexts(fields, context)
        // Copilot CLI (1.0.78+) fires sessionEnd after every turn of a `-p` run: the registry is read once per call,
        // and an entry that already says all this is left as it is (not written), so the hook stays cheap and the
        // registry does not churn.
        let outcome = try core { () throws(SessionError) in
            try SessionRegistry.record(
                context.agentEnvironment, projectRoot: project.root, agent: agent, id: id, lockTimeout: lockTimeout
            ) { existing throws(SessionError) -> SessionRegistry.EntryUpdate? in
                let summary = given ?? SessionStarts.summary(context, existing: existing, current: current)
                if summary == nil, let existing, unchanged(existing, agent: agent, fields: fields, options: options) {
                    return nil
                }
                return .init(agent: agent, id: id, summary: summary, tags: tags, fields: fields)
            }
        }
        if let repo = project.git, started != nil { SessionStarts.forget(repo, agent: agent, id: id) }
        var result: [String: JSONValue] = [
            "ok": true, "event": payload?.eventName.map { .string($0) } ?? .null, "detection": current.json,
        ]
        switch outcome {
        case .recorded(let recorded):
            result["created"] = .bool(recorded.created)
            result["entry"] = recorded.entry
        case .unchanged(let existing):
            result["created"] = false
            result["unchanged"] = true
            result["entry"] = existing
        }
        return .object(result)
    }
}

extension SaveSessionHook {
    /// Registry fields with their free texts (a noted job id and title) redacted and checked by the second scan:
    /// the registry is committed.
    static func redactedTexts(_ fields: [String: JSONValue], _ context: ToolContext) throws(ToolError)
        -> [String: JSONValue]
    {
        var out = fields
        var counts = RedactionCounts()
        for key in ["job_id", "title"] {
            if let text = fields[key]?.stringValue {
                out[key] = .string(CommittedRedaction.redact(text, counts: &counts) ?? text)
            }
        }
        if let line = CommittedRedaction.report(context.tool, counts) { context.stderr.line(line) }
        try core { () throws(SessionError) in
            try CommittedRedaction.verify(
                ["job_id", "title"].compactMap { out[$0]?.stringValue }.map { Array(($0 + "\n").utf8) },
                what: "the session entry to save")
        }
        return out
    }

    /// True when recording this hook would change nothing in `entry` (the registry's entry of the session).
    static func unchanged(
        _ entry: JSONValue, agent: AgentKind, fields: [String: JSONValue], options: SaveSessionCommand.HookOptions
    ) -> Bool {
        guard options.summary == nil, entry["agent"]?.stringValue == agent.rawValue else { return false }
        let tags = (entry["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        return SessionRegistry.normalizeTags(options.tags).allSatisfy(tags.contains)
            && fields.allSatisfy({ entry[$0.key] == $0.value })
    }
}

/// The report printed after a journal save, in the seed's shape.
enum SaveSessionReport {
    static func text(_ j: JournalEntry, metrics: TranscriptMetrics, resume: String) -> String {
        var out = "Session saved: \(j.id)\n"
        out += "  Agent session: \(j.agent) \(j.agentSessionID ?? "-")\n"
        out += "  Job: \(j.jobID ?? "none")\n"
        if let title = j.title { out += "  Title: \(title)\n" }
        out += "  Quality score: \(j.quality.map(String.init) ?? "-")/10\n"
        out += list("Accomplishments", j.accomplishments)
        out += list("Decisions", j.decisions)
        out += list("Bugs fixed", j.bugsFixed)
        out += list("Errors", j.errors)
        out += "  Breakthrough: \(j.breakthrough ?? "none")\n"
        out += "  Next session priority: \(j.nextPriority ?? "none")\n"
        out += list("Pending", j.pending)
        let why = metrics.unknownReason.map { " (\($0))" } ?? ""
        out += "  Duration: \(j.durationMinutes.map { "\($0) min" } ?? "unknown\(why)")\n"
        out += "  Exchanges: \(j.totalExchanges.map(String.init) ?? "unknown\(why)")\n"
        out += "  Resume: \(resume)\n"
        return out
    }

    static func list(_ name: String, _ items: [String]) -> String {
        var out = "  \(name) (\(items.count))\(items.isEmpty ? "" : ":")\n"
        for item in items { out += "    - \(item)\n" }
        return out
    }

    /// One journal session, for `show` and `load-state --job`.
    static func journalBlock(_ j: JournalEntry) -> String {
        var out = "Journal \(j.id)" + (j.jobID.map { " (job \($0))" } ?? "") + (j.title.map { ": \($0)" } ?? "") + "\n"
        out +=
            "  Started: \(j.createdAt)  Ended: \(j.endedAt ?? "open")  Quality: \(j.quality.map { "\($0)/10" } ?? "-")\n"
        out += list("Accomplishments", j.accomplishments)
        out += list("Decisions", j.decisions)
        out += list("Bugs fixed", j.bugsFixed)
        out += list("Errors", j.errors)
        if let b = j.breakthrough { out += "  Breakthrough: \(b)\n" }
        out += list("Pending", j.pending)
        if let n = j.nextPriority { out += "  Next session priority: \(n)\n" }
        out +=
            "  Duration: \(j.durationMinutes.map { "\($0) min" } ?? "unknown")  Exchanges: \(j.totalExchanges.map(String.init) ?? "unknown")\n"
        return out
    }
}

/// Everything recorded about a job: for `load-state --job ID` and `save-session list --job ID`.
public enum JobContext {
    /// The job's journal sessions, oldest first: the SQLite journal when there is one, plus the JSON store's entries.
    public static func journalEntries(_ context: ToolContext, projectRoot: String, job: String) throws(ToolError)
        -> [JournalEntry]
    {
        var result: [JournalEntry] = []
        try core { () throws(SessionError) in
            if let db = try Journal.openExisting(projectRoot: projectRoot, environment: context.environment) {
                result = try db.entries(job: job)
            }
        }
        let known = Set(result.map(\.id))
        let document = try core { () throws(SessionError) in
            try SessionRegistry.load(
                path: Paths.join(projectRoot, SessionRegistry.file),
                displayPath: SessionRegistry.file)
        }
        for entry in SessionRegistry.entries(document) where entry["job_id"]?.stringValue == job {
            if let j = JournalEntry(registryEntry: entry), !known.contains(j.id) { result.append(j) }
        }
        return result.enumerated().sorted {
            ($0.element.createdAt, $0.offset) < ($1.element.createdAt, $1.offset)
        }.map(\.element)
    }

    /// The resume command of the job's last session.
    static func resume(_ context: ToolContext, _ entries: [JournalEntry]) -> String? {
        guard let last = entries.last, let agent = context.registry.kind(named: last.agent),
            let id = last.agentSessionID
        else {
            return nil
        }
        return ResumeCommands.command(context, agent: agent, id: id)
    }

    /// Prints the job's context ("continue job X"). No session of the job → 66.
    public static func print(_ context: ToolContext, repoRoot: String?, job: String, json: Bool) throws(ToolError)
        -> ExitCode
    {
        let project = try Project.locate(context, repoRoot: repoRoot)
        let entries = try journalEntries(context, projectRoot: project.root, job: job)
        guard !entries.isEmpty else {
            throw ToolError(
                .noInput, "no journal session of job '\(job)'",
                hint: "save one with 'save-session --job \(job) ...'")
        }
        JobReport(job: job, entries: entries, resume: resume(context, entries)).write(context, json: json)
        return .ok
    }
}

/// `save-session install-merge-driver`.
public enum MergeDriverInstaller {
    public static let driverName = "agent-sessions"
    public static let attributesLine = "docs/.ai/sessions.json merge=agent-sessions"
    public static let description = "agent-sessions: union of session registries by id"

    static func run(_ options: SaveSessionCommand.InstallMergeDriverOptions, _ context: ToolContext) throws(ToolError)
        -> ExitCode
    {
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        guard project.git != nil else {
            throw ToolError(
                .failure, "not a git repository", hint: "run it inside the repository or pass --repo-root",
                file: project.root)
        }
        let executable =
            options.executable.map { context.absolute($0) } ?? PlatformProcess.executablePath()
            ?? CommandLine.arguments[0]
        let driver = "\(Shell.word(executable)) merge-driver %O %A %B"
        let dryRun = options.dryRun
        let attributesPath = try core { () throws(SessionError) in try project.writablePath(".gitattributes") }
        let addedAttributes = try LineFile.ensure(
            context, path: attributesPath, line: attributesLine, dryRun: dryRun)
        let git = Git(context: context, directory: project.root)
        var changedConfig: [String] = []
        for (key, value) in [("merge.\(driverName).name", description), ("merge.\(driverName).driver", driver)] {
            let current = try core { () throws(SessionError) in try git.run(["config", "--local", "--get", key]) }
            if current.succeeded && current.stdoutText.trimmed(.newlines) == value { continue }
            if !dryRun {
                _ = try core({ () throws(SessionError) in try git.output(["config", "--local", key, value]) })
            }
            changedConfig.append(key)
        }
        SaveSessionCommand.MergeDriverReport(
            addedAttributes: addedAttributes, configSet: changedConfig, driver: driver, dryRun: dryRun
        )
        .write(context, json: options.json)
        return .ok
    }
}

enum LineFile {
    /// Appends `line` to the file unless a line equal to it (or `/line`) is there, under the file's lock, atomically.
    /// True when it was added.
    /// With `dryRun`, only says whether it would be added (no lock, no write).
    static func ensure(_ context: ToolContext, path: String, line: String, dryRun: Bool = false) throws(ToolError)
        -> Bool
    {
        let lock =
            dryRun
            ? nil
            : try core { () throws(SessionError) in
                try FileLock.acquire(for: path, timeout: FileLock.timeout(environment: context.environment))
            }
        defer { lock?.release() }
        let bytes = try core { () throws(SessionError) in try AtomicFile.read(path) ?? [] }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmed(.whitespaces)
        }
        if lines.contains(line) || lines.contains("/" + line) { return false }
        if dryRun { return true }
        var out = text
        if !out.isEmpty && !out.hasSuffix("\n") { out += "\n" }
        out += line + "\n"
        try core { () throws(SessionError) in try AtomicFile.write(out, to: path) }
        return true
    }
}
