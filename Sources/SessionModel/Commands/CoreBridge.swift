/// The command-line side of the core: `ToolContext`-taking forms of the core's entry points, each forwarding with
/// `context.agentEnvironment`. Only `Commands/` call them; the core itself never sees a `ToolContext`.

extension Git {
    public init(context: ToolContext, directory: String) {
        self.init(environment: context.agentEnvironment, directory: directory)
    }
}

extension AgentStores {
    public static func store(_ agent: AgentKind, context: ToolContext) -> any SessionStore {
        store(agent, environment: context.agentEnvironment)
    }
}

extension HookPayload {
    /// Reads a payload from stdin when one arrives within `timeout` seconds; nil when stdin is a terminal, empty,
    /// or not a JSON object.
    public static func read(_ context: ToolContext, timeout: Double) -> HookPayload? {
        guard !context.stdin.isTerminal, let bytes = context.stdin.readAll(timeout: timeout) else { return nil }
        return parse(bytes)
    }
}

extension SessionDetector {
    public static func detect(
        _ context: ToolContext, projectPath: String, agent: AgentKind?, explicitID: String?,
        hookPayload: HookPayload?
    ) throws(SessionError) -> CurrentSession? {
        try detect(
            context.agentEnvironment, projectPath: projectPath, agent: agent, explicitID: explicitID,
            hookPayload: hookPayload)
    }
}

extension AgentTaskSource {
    public static func tasks(_ context: ToolContext, project: Project, agent: String) throws(ToolError) -> Found {
        try core { () throws(SessionError) in try tasks(context.agentEnvironment, project: project, agent: agent) }
    }
}

extension ResumeCommands {
    public static func command(_ context: ToolContext, agent: AgentKind, id: String) -> String {
        command(context.agentEnvironment, agent: agent, id: id)
    }
}

extension SessionExporter {
    public static func resolve(
        _ context: ToolContext, stores: StoreLookup, agent: AgentKind?, sessionID: String?,
        latest: Bool, projectPath: String
    ) throws -> SessionSummary {
        try resolve(
            context.agentEnvironment, stores: stores, agent: agent, sessionID: sessionID, latest: latest,
            projectPath: projectPath)
    }

    public static func export(
        _ session: SessionSummary, store: any SessionStore, options: Options, folder: String,
        context: ToolContext
    ) throws -> Result {
        try export(session, store: store, options: options, folder: folder, environment: context.agentEnvironment)
    }
}

extension SessionImporter {
    public static func importFile(
        _ file: String, agent requested: AgentKind?, projectRoot: String, force: Bool,
        context: ToolContext, redact: Bool = true, dryRun: Bool = false
    ) throws -> WrittenSession {
        try importFile(
            file, agent: requested, projectRoot: projectRoot, force: force, environment: context.agentEnvironment,
            redact: redact, dryRun: dryRun)
    }

    public static func convert(
        source: TranscriptHeader, target: AgentKind, projectRoot: String, context: ToolContext,
        budget: ConvertBudget? = nil, redact: Bool = true,
        read: @escaping ((TranscriptEvent) throws(SessionError) -> Void) throws(SessionError) -> Void
    ) throws(SessionError) -> WrittenSession {
        // The command's reader throws what the command's stores throw: a `SessionError` to the core.
        try convert(
            source: source, target: target, projectRoot: projectRoot, environment: context.agentEnvironment,
            budget: budget, redact: redact
        ) { (visit) throws(SessionError) in try read(visit) }
    }
}

extension SessionRegistry {
    public static func record(
        _ context: ToolContext, projectRoot: String, agent: AgentKind, id: String,
        summary: String?, tags: [String]
    ) throws -> JSONValue {
        try record(
            context.agentEnvironment, projectRoot: projectRoot, agent: agent, id: id, summary: summary, tags: tags)
    }

    public static func record(
        _ context: ToolContext, projectRoot: String, update: EntryUpdate,
        lockTimeout: Double? = nil
    ) throws(ToolError) -> RecordResult {
        try core { () throws(SessionError) in
            try record(context.agentEnvironment, projectRoot: projectRoot, update: update, lockTimeout: lockTimeout)
        }
    }

    public static func validateID(_ context: ToolContext, agent: AgentKind, id: String) throws(ToolError) {
        try core { () throws(SessionError) in try validateID(context.agentEnvironment, agent: agent, id: id) }
    }
}

extension AgentLocations {
    public init(_ context: ToolContext) { self.init(context.agentEnvironment) }
}
