#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `save-session`: record which agent session did what in `docs/.ai/sessions.json` (and the work journal), list and
/// show them, and keep the registry mergeable in git.
public enum SaveSessionCommand {
    static let storeOption = OptionSpec.value(
        "store", "store", "Where the journal goes (default: docs/.ai/config.json \"store\", else json).",
        choices: ["json", "sqlite"])
    static let sessionIDOption = OptionSpec.value(
        "session-id", "id", "The agent's session id (default: detected from the environment or the store).")
    static let agentOption = OptionSpec.value(
        "agent", "agent", "The agent: \(AgentRegistry.names(AgentRegistry.standard.kinds)).")
    static let sessionOptions: [OptionSpec] = [sessionIDOption, agentOption]
    static let summaryOption = OptionSpec.value("summary", "text", "What the session did.")
    static let tagsOption = OptionSpec.repeated("tags", "a,b", "Tags (comma-separated; merged with the entry's tags).")
    static let jobOption = OptionSpec.value("job", "id", "The job this session works on (journal).")
    static let titleOption = OptionSpec.value("title", "text", "A title for the journal session.")
    static let accomplishmentOption = OptionSpec.repeated("accomplishment", "text", "Something done in this session.")
    static let decisionOption = OptionSpec.repeated("decision", "text", "A decision taken.")
    static let pendingOption = OptionSpec.repeated("pending", "text", "Something left to do.")
    static let bugFixedOption = OptionSpec.repeated("bug-fixed", "text", "A bug fixed.")
    static let errorOption = OptionSpec.repeated("error", "text", "An error met.")
    static let breakthroughOption = OptionSpec.value("breakthrough", "text", "The session's breakthrough, if any.")
    static let nextOption = OptionSpec.value("next", "text", "The next session's priority.")
    static let qualityOption = OptionSpec.value(
        "quality", "n", "Quality score 1-10 (default: computed, see docs/journal.md).")
    static let flowOption = OptionSpec.value(
        "flow", "text|@file", "The conversation flow (text, or @FILE to read it from a file).")
    static let journalOptions: [OptionSpec] = [
        jobOption, titleOption, accomplishmentOption, decisionOption, pendingOption, bugFixedOption, errorOption,
        breakthroughOption, nextOption, qualityOption, flowOption,
    ]

    /// What a `--hook` run reads: it never fails, so nothing here is checked beyond the parse.
    struct HookOptions: Sendable {
        /// The agent whose hook this run is, as given (a wrong name is reported on stderr, exit 0).
        var agent: String
        var repoRoot: String?
        var json: Bool
        var summary: String?
        var tags: [String]
        var job: String?
        var title: String?

        init?(_ parsed: ParsedArguments, hook: OptionSpec) {
            guard let agent = parsed.value(hook) else { return nil }
            self.agent = agent
            repoRoot = parsed.value(SharedOptions.repoRoot)
            json = parsed.flag(SharedOptions.json)
            summary = parsed.value(summaryOption)
            tags = parsed.values(tagsOption)
            job = parsed.value(jobOption)
            title = parsed.value(titleOption)
        }
    }

    /// `save-session`: record (or, with `--hook`, record for an agent's end hook).
    struct SaveOptions: CommandOptions {
        static let hook = OptionSpec.value(
            "hook", "agent", "Run as the agent's end hook: read the payload on stdin, never fail.")
        static let dryRun = SharedOptions.dryRun(
            "Find the session and check the registry; print what would be recorded, write nothing.")
        static let options =
            sessionOptions + [summaryOption, tagsOption] + journalOptions + [
                storeOption, hook, dryRun, SharedOptions.repoRoot, SharedOptions.json,
            ]

        var hook: HookOptions?
        var sessionID: String?
        var agent: AgentKind?
        var summary: String?
        var tags: [String] = []
        /// The journal fields given, all but the flow (`flow`, read in the run: `@FILE` is a file).
        var journal = JournalFields()
        var flow: String?
        var store: String?
        var dryRun = false
        var repoRoot: String?
        var json = false

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            hook = HookOptions(parsed, hook: Self.hook)
            guard hook == nil else { return }
            json = parsed.flag(SharedOptions.json)
            journal = try journalFields(parsed)
            flow = parsed.value(flowOption)
            summary = parsed.value(summaryOption)
            tags = parsed.values(tagsOption)
            repoRoot = parsed.value(SharedOptions.repoRoot)
            store = parsed.value(storeOption)
            dryRun = parsed.flag(Self.dryRun)
            sessionID = parsed.value(sessionIDOption)
            agent = try parsed.agent(agentOption, context)
        }
    }

    /// `save-session start`: open a journal session.
    struct StartOptions: CommandOptions {
        static let hook = OptionSpec.value(
            "hook", "agent", "Run as the agent's start hook: read the payload on stdin, never fail.")
        static let dryRun = SharedOptions.dryRun("Print what would be opened; write nothing.")
        static let job = OptionSpec.value("job", "id", "The job this session works on.")
        static let options =
            sessionOptions + [
                dryRun, job, titleOption, storeOption, hook, SharedOptions.repoRoot, SharedOptions.json,
            ]

        var hook: HookOptions?
        var sessionID: String?
        var agent: AgentKind?
        var dryRun = false
        var job: String?
        var title: String?
        var store: String?
        var repoRoot: String?
        var json = false

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            hook = HookOptions(parsed, hook: Self.hook)
            guard hook == nil else { return }
            repoRoot = parsed.value(SharedOptions.repoRoot)
            sessionID = parsed.value(sessionIDOption)
            agent = try parsed.agent(agentOption, context)
            dryRun = parsed.flag(Self.dryRun)
            job = parsed.value(Self.job)
            title = parsed.value(titleOption)
            store = parsed.value(storeOption)
            json = parsed.flag(SharedOptions.json)
        }
    }

    /// `save-session list`: the recorded sessions, filtered.
    struct ListOptions: CommandOptions {
        static let agent = OptionSpec.value("agent", "agent", "Only this agent's sessions.")
        static let tag = OptionSpec.value("tag", "tag", "Only sessions with this tag.")
        static let job = OptionSpec.value("job", "id", "Only sessions of this job.")
        static let options = [agent, tag, job, SharedOptions.repoRoot, SharedOptions.json]

        var agent: AgentKind?
        var tag: String?
        var job: String?
        var repoRoot: String?
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            repoRoot = parsed.value(SharedOptions.repoRoot)
            agent = try parsed.agent(Self.agent, context)
            tag = parsed.value(Self.tag)
            job = parsed.value(Self.job)
            json = parsed.flag(SharedOptions.json)
        }
    }

    /// `save-session show ID`.
    struct ShowOptions: CommandOptions {
        static let options = [SharedOptions.repoRoot, SharedOptions.json]
        static let positionals = [PositionalSpec("id", "The session id (or a unique prefix of it).", optional: false)]

        var id: String
        var repoRoot: String?
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) {
            id = parsed.positionals[0]
            repoRoot = parsed.value(SharedOptions.repoRoot)
            json = parsed.flag(SharedOptions.json)
        }
    }

    /// `save-session merge-driver %O %A %B`.
    struct MergeDriverOptions: CommandOptions {
        static let options: [OptionSpec] = []
        static let positionals = [
            PositionalSpec("base", "The common ancestor's file (%O).", optional: false),
            PositionalSpec("ours", "Our file (%A); the result is written here.", optional: false),
            PositionalSpec("theirs", "Their file (%B).", optional: false),
        ]

        var base: String
        var ours: String
        var theirs: String

        init(_ parsed: ParsedArguments, _ context: ToolContext) {
            base = parsed.positionals[0]
            ours = parsed.positionals[1]
            theirs = parsed.positionals[2]
        }
    }

    /// `save-session install-merge-driver`.
    struct InstallMergeDriverOptions: CommandOptions {
        static let executable = OptionSpec.value(
            "executable", "path", "The save-session to register (default: this executable).")
        static let dryRun = SharedOptions.dryRun("Print what would be added and set; change nothing.")
        static let options = [executable, dryRun, SharedOptions.repoRoot, SharedOptions.json]

        var executable: String?
        var dryRun: Bool
        var repoRoot: String?
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) {
            executable = parsed.value(Self.executable)
            dryRun = parsed.flag(Self.dryRun)
            repoRoot = parsed.value(SharedOptions.repoRoot)
            json = parsed.flag(SharedOptions.json)
        }
    }

    public static var command: Command {
        Command(
            name: "save-session",
            abstract: "Record this agent session in the project's session registry and work journal.",
            discussion: """
                Adds or updates (by id) the session in docs/.ai/sessions.json. Without --session-id/--agent the \
                session is detected (env var, then the newest session of the project) and the rule that found it \
                is printed; exit 66 when none is found. With --store sqlite (or docs/.ai/config.json \
                {"store":"sqlite"}) the journal goes to docs/.ai/sessions.db (gitignored). --hook AGENT reads a \
                SessionEnd/PreCompact hook payload on stdin, records the session id and transcript path, and \
                always exits 0.
                """,
            options: SaveOptions.self,
            subcommands: [startCommand, listCommand, showCommand, mergeDriverCommand, installMergeDriverCommand],
            run: { try run($0, $1) })
    }

    static var startCommand: Command {
        Command(
            name: "start", abstract: "Open a journal session (for a SessionStart hook).",
            discussion: "Opens a journal session with ended_at unset; the next plain save-session of the same agent "
                + "session closes it. With --hook AGENT the payload is read from stdin and the exit code is always 0.",
            options: StartOptions.self, run: { try runStart($0, $1) })
    }

    static var listCommand: Command {
        Command(
            name: "list", abstract: "List the recorded sessions.", options: ListOptions.self,
            run: { try runList($0, $1) })
    }

    static var showCommand: Command {
        Command(
            name: "show", abstract: "Show one recorded session and how to resume it.", options: ShowOptions.self,
            run: { try runShow($0, $1) })
    }

    static var mergeDriverCommand: Command {
        Command(
            name: "merge-driver", abstract: "Git merge driver: union two session registries by id.",
            discussion: "Called by git as 'save-session merge-driver %O %A %B'; writes the merge to %A. A side that "
                + "does not parse exits 65 and leaves %A as it was, so git reports a conflict.",
            options: MergeDriverOptions.self,
            run: { options, context in
                try RegistryMerge.runDriver(
                    base: context.absolute(options.base), ours: context.absolute(options.ours),
                    theirs: context.absolute(options.theirs))
                return .ok
            })
    }

    static var installMergeDriverCommand: Command {
        Command(
            name: "install-merge-driver", abstract: "Make git merge docs/.ai/sessions.json with the union driver.",
            discussion: "Adds '\(MergeDriverInstaller.attributesLine)' to .gitattributes and sets "
                + "merge.agent-sessions.driver and .name in the repository's git config. Running it again changes "
                + "nothing.",
            options: InstallMergeDriverOptions.self, run: { try MergeDriverInstaller.run($0, $1) })
    }

    // MARK: - Save

    static func run(_ options: SaveOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        if let hook = options.hook { return SaveSessionHook.run(context, options: hook, start: false) }
        let json = options.json
        var redactions = RedactionCounts()
        let journal = CommittedRedaction.redact(
            try withFlow(options.journal, options.flow, context), counts: &redactions)
        let summaryText = CommittedRedaction.redact(options.summary, counts: &redactions)
        let tags = options.tags.map { CommittedRedaction.redact($0, counts: &redactions) ?? $0 }
        if let line = CommittedRedaction.report(context.tool, redactions) { context.stderr.line(line) }
        try core { () throws(SessionError) in
            try CommittedRedaction.verify(
                ([summaryText].compactMap { $0 } + tags + CommittedRedaction.texts(journal)).map {
                    Array(($0 + "\n").utf8)
                },
                what: "the session entry to save")
        }
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        let store = try SessionStoreChoice.resolve(options.store, projectRoot: project.root)
        let current = try detect(agent: options.agent, sessionID: options.sessionID, context, project: project)
        try SessionRegistry.validateID(context, agent: current.agent, id: current.id)

        let agentStore = AgentStores.store(current.agent, context: context)
        var summary = current.summary
        // The store's transcript, else the one a hook recorded (payload path) for this id: looked up only when
        // needed, with the key-filtered parser (the registry is parsed in full at most once, under the lock).
        if summary == nil,
            let path = current.transcriptPath
                ?? SessionRegistry.recordedTranscriptPath(projectRoot: project.root, id: current.id),
            FileInfo.isFile(path)
        {
            summary = SessionSummary(agent: current.agent, id: current.id, path: path)
        }
        // Before anything is taken or written (the hook's start note included).
        if options.dryRun {
            let exists =
                // ignored: a dry run only says whether the entry exists; the real save reports an unreadable registry
                (try? SessionRegistry.load(path: project.path(SessionRegistry.file)))
                .map { SessionRegistry.entries($0).contains { $0["id"]?.stringValue == current.id } } == true
            SaveDryRunReport(
                current: current, registry: project.path(SessionRegistry.file), store: store, exists: exists
            ).write(context, json: json)
            return .ok
        }
        let metrics = TranscriptMetrics.measure(store: agentStore, session: summary)
        var fields: [String: JSONValue] = [:]
        if let path = current.transcriptPath { fields["transcript_path"] = .string(path) }
        // A start noted by the SessionStart hook (per machine, see SessionStarts) opened this session's journal.
        let started = project.git.flatMap { SessionStarts.read($0, agent: current.agent, id: current.id) }
        for (key, value) in try SaveSessionHook.redactedTexts(started ?? [:], context) where fields[key] == nil {
            fields[key] = value
        }
        let update = SessionRegistry.EntryUpdate(
            agent: current.agent, id: current.id, summary: summaryText, tags: tags,
            fields: fields, journal: store == .json ? journal : nil,
            journalMode: store == .json ? (journal.isEmpty && started == nil ? .closeIfOpen : .close) : nil,
            metrics: metrics)
        let recorded = try SessionRegistry.record(context, projectRoot: project.root, update: update)
        if let repo = project.git, started != nil { SessionStarts.forget(repo, agent: current.agent, id: current.id) }

        var journalEntry: JournalEntry?
        var gitignoreNote: String?
        switch store {
        case .sqlite:
            let opened = try SessionStoreChoice.openJournal(context, project: project)
            gitignoreNote = opened.note
            do throws(SessionError) {
                journalEntry = try opened.journal.save(
                    agent: current.agent, agentSessionID: current.id,
                    fields: journal, metrics: metrics,
                    now: Timestamps.iso8601(context.now))
            } catch {
                throw ToolError(error)
            }
        case .json:
            journalEntry = JournalEntry(registryEntry: recorded.entry).flatMap { $0.endedAt == nil ? nil : $0 }
        }

        SavedReport(
            current: current, recorded: recorded, store: store, journal: journalEntry, metrics: metrics,
            resume: ResumeCommands.command(context, agent: current.agent, id: current.id),
            gitignoreNote: gitignoreNote
        ).write(context, json: json)
        return .ok
    }

    /// `--session-id`/`--agent`, else detection; nothing found → 66 with a hint.
    static func detect(agent: AgentKind?, sessionID: String?, _ context: ToolContext, project: Project)
        throws(ToolError) -> CurrentSession
    {
        let found = try core { () throws(SessionError) in
            try SessionDetector.detect(
                context, projectPath: project.root, agent: agent, explicitID: sessionID, hookPayload: nil)
        }
        guard let found else {
            throw ToolError(
                .noInput, "cannot find the current \(agent?.displayName ?? "agent") session",
                hint: "run it from inside the agent (e.g. CLAUDE_CODE_SESSION_ID is set there), or pass "
                    + "--session-id ID --agent NAME")
        }
        return found
    }

    /// The journal options but `--flow`; a quality outside 1-10 → 64.
    static func journalFields(_ parsed: ParsedArguments) throws(ToolError) -> JournalFields {
        var j = JournalFields()
        j.jobID = parsed.value(jobOption)
        j.title = parsed.value(titleOption)
        j.accomplishments = parsed.values(accomplishmentOption)
        j.decisions = parsed.values(decisionOption)
        j.pending = parsed.values(pendingOption)
        j.bugsFixed = parsed.values(bugFixedOption)
        j.errors = parsed.values(errorOption)
        j.breakthrough = parsed.value(breakthroughOption)
        j.nextPriority = parsed.value(nextOption)
        if let q = parsed.value(qualityOption) {
            guard let n = Int(q), (1...10).contains(n) else {
                throw ToolError.usage("--quality must be a whole number from 1 to 10, got '\(q)'")
            }
            j.quality = n
        }
        return j
    }

    /// `fields` with the conversation flow of `--flow` (text, or `@FILE`: the file's text; missing → 66).
    static func withFlow(_ fields: JournalFields, _ flow: String?, _ context: ToolContext) throws(ToolError)
        -> JournalFields
    {
        var j = fields
        if let flow {
            if flow.hasPrefix("@") {
                let path = context.absolute(String(flow.dropFirst()))
                guard let bytes = try core({ () throws(SessionError) in try AtomicFile.read(path) }) else {
                    throw ToolError(.noInput, "flow file does not exist", file: path)
                }
                j.flow = String(decoding: bytes, as: UTF8.self)
            } else {
                j.flow = flow
            }
        }
        return j
    }

    // MARK: - Start

    static func runStart(_ options: StartOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        if let hook = options.hook { return SaveSessionHook.run(context, options: hook, start: true) }
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        let current = try detect(agent: options.agent, sessionID: options.sessionID, context, project: project)
        return try start(context, options: options, project: project, current: current)
    }

    static func start(_ context: ToolContext, options: StartOptions, project: Project, current: CurrentSession)
        throws(ToolError) -> ExitCode
    {
        try SessionRegistry.validateID(context, agent: current.agent, id: current.id)
        let store = try SessionStoreChoice.resolve(options.store, projectRoot: project.root)
        if options.dryRun {
            StartDryRunReport(current: current, store: store).write(context, json: options.json)
            return .ok
        }
        var fields = JournalFields()
        fields.jobID = options.job
        fields.title = options.title
        var redactions = RedactionCounts()
        fields = CommittedRedaction.redact(fields, counts: &redactions)
        if let line = CommittedRedaction.report(context.tool, redactions) { context.stderr.line(line) }
        try core { () throws(SessionError) in
            try CommittedRedaction.verify(
                CommittedRedaction.texts(fields).map { Array(($0 + "\n").utf8) }, what: "the journal entry to save")
        }
        let now = Timestamps.iso8601(context.now)
        var journalID: String
        var created: Bool
        var note: String?
        switch store {
        case .sqlite:
            let opened = try SessionStoreChoice.openJournal(context, project: project)
            note = opened.note
            do throws(SessionError) {
                (journalID, created) = try opened.journal.start(
                    agent: current.agent, agentSessionID: current.id,
                    jobID: fields.jobID, title: fields.title, now: now)
            } catch {
                throw ToolError(error)
            }
        case .json:
            var extra: [String: JSONValue] = [:]
            if let path = current.transcriptPath { extra["transcript_path"] = .string(path) }
            let before = try core { () throws(SessionError) in
                try SessionRegistry.load(
                    path: Paths.join(project.root, SessionRegistry.file),
                    displayPath: SessionRegistry.file)
            }
            let wasOpen = SessionRegistry.entries(before).contains {
                $0["id"]?.stringValue == current.id && $0["journal_id"]?.stringValue != nil
                    && ($0["ended_at"] ?? .null).isNull
            }
            let recorded = try SessionRegistry.record(
                context, projectRoot: project.root,
                update: .init(
                    agent: current.agent, id: current.id, summary: nil, tags: [], fields: extra,
                    journal: fields, journalMode: .start))
            journalID = recorded.entry["journal_id"]?.stringValue ?? ""
            created = !wasOpen
        }
        StartedReport(
            current: current, journalID: journalID, opened: created, store: store, jobID: fields.jobID,
            gitignoreNote: note
        ).write(context, json: options.json)
        return .ok
    }

    // MARK: - List and show

    static func runList(_ options: ListOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        let path = Paths.join(project.root, SessionRegistry.file)
        let document = try core { () throws(SessionError) in
            try SessionRegistry.load(path: path, displayPath: SessionRegistry.file)
        }
        var filter = SessionRegistry.Filter()
        filter.agent = options.agent
        filter.tag = options.tag
        if let job = options.job {
            filter.job = job
            let entries = try JobContext.journalEntries(context, projectRoot: project.root, job: job)
            filter.jobSessionIDs = Set(entries.compactMap(\.agentSessionID))
        }
        // Newest first, like every list (the registry keeps them in the order they were recorded).
        let matches = SessionRegistry.entries(document).filter(filter.matches).enumerated()
            .sorted { a, b in
                let (x, y) = (a.element["created_at"]?.stringValue ?? "", b.element["created_at"]?.stringValue ?? "")
                return x != y ? x > y : a.offset > b.offset
            }.map(\.element)
        RegistryListReport(
            registry: path, sessions: matches, filtered: filter.agent != nil || filter.tag != nil || filter.job != nil,
            resumeCommand: { entry in
                guard let agent = entry["agent"]?.stringValue.flatMap(context.registry.kind(named:)),
                    let id = entry["id"]?.stringValue
                else { return nil }
                return ResumeCommands.command(context, agent: agent, id: id)
            }
        ).write(context, json: options.json)
        return .ok
    }

    static func runShow(_ options: ShowOptions, _ context: ToolContext) throws(ToolError) -> ExitCode {
        let project = try Project.locate(context, repoRoot: options.repoRoot)
        let path = Paths.join(project.root, SessionRegistry.file)
        let document = try core { () throws(SessionError) in
            try SessionRegistry.load(path: path, displayPath: SessionRegistry.file)
        }
        let wanted = options.id
        let entries = SessionRegistry.entries(document)
        let hit = try core { () throws(SessionError) in
            try IdPrefix.match(wanted, in: entries) { $0["id"]?.stringValue ?? "" }
        }
        guard let entry = hit, let id = entry["id"]?.stringValue else {
            throw ToolError(
                .noInput, "no session '\(wanted)' in the registry", hint: "see 'save-session list'",
                file: SessionRegistry.file)
        }
        let agent = entry["agent"]?.stringValue.flatMap(context.registry.kind(named:))
        let resume = agent.map { ResumeCommands.command(context, agent: $0, id: id) }
        var journal: [JournalEntry] = []
        do throws(SessionError) {
            if let db = try Journal.openExisting(projectRoot: project.root, environment: context.environment) {
                journal = try db.entries(agentSessionID: id)
            }
        } catch {
            throw ToolError(error)
        }
        if journal.isEmpty, let j = JournalEntry(registryEntry: entry) { journal = [j] }
        ShowReport(entry: entry, resume: resume, journal: journal).write(context, json: options.json)
        return .ok
    }
}

enum JournalKeys {
    static let all: Set<String> = [
        "journal_id", "job_id", "title", "accomplishments", "decisions", "pending", "bugs_fixed",
        "errors_encountered", "breakthrough", "next_priority", "quality_score", "started_at", "ended_at",
        "total_exchanges", "duration_minutes", "conversation_flow",
    ]
}

/// Which journal store a project uses.
public enum SessionStoreChoice: String, Sendable {
    case json, sqlite

    public static let configFile = "docs/.ai/config.json"

    /// `--store`, else `docs/.ai/config.json` `{"store": "json"|"sqlite"}`, else json. A bad config → 65.
    public static func resolve(_ option: String?, projectRoot: String) throws(ToolError) -> SessionStoreChoice {
        if let option, let choice = SessionStoreChoice(rawValue: option) { return choice }
        guard
            let config = try core({ () throws(SessionError) in
                try JSONFile.read(Paths.join(projectRoot, configFile), displayPath: configFile)
            })
        else {
            return .json
        }
        guard let value = config["store"] else { return .json }
        guard let name = value.stringValue, let choice = SessionStoreChoice(rawValue: name) else {
            throw ToolError(
                .dataError, "\"store\" must be \"json\" or \"sqlite\", found \(JSONWriter.compactString(value))",
                file: configFile)
        }
        return choice
    }

    /// Opens (creating) the project's journal; the first time, adds `docs/.ai/sessions.db*` to .gitignore and says so.
    static func openJournal(_ context: ToolContext, project: Project) throws(ToolError) -> (
        journal: Journal, note: String?
    ) {
        let path = try core { () throws(SessionError) in try project.writablePath(Journal.file) }
        let isNew = !FileInfo.exists(path)
        let journal: Journal
        do throws(SessionError) {
            journal = try Journal(path: path, busyTimeout: Journal.busyTimeout(environment: context.environment))
        } catch {
            throw ToolError(error)
        }
        var note: String?
        if isNew,
            try LineFile.ensure(
                context, path: core { () throws(SessionError) in try project.writablePath(".gitignore") },
                line: Journal.gitignoreLine)
        {
            note =
                "Created \(Journal.file) and added '\(Journal.gitignoreLine)' to .gitignore (the journal stays local)"
        }
        return (journal, note)
    }
}
