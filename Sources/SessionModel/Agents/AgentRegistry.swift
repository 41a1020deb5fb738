/// One agent as the rest of the library sees it: its store and the capabilities it has. Each agent declares its
/// entry once, in its own folder (`Agents/<Name>/<Name>Agent.swift`); the lists the tools walk (setup-agents,
/// load-state hooks, resume-session, slash commands, convert targets, `--from-agent`, help texts) are derived from
/// the registry, so adding an agent means one entry file plus one line in `AgentRegistry.standard`.
public struct AgentEntry: Sendable {
    public var kind: AgentKind
    /// The agent's session store, located from the environment (variables, HOME, working directory).
    public var store: @Sendable (AgentEnvironment) -> any SessionStore
    /// The environment variable that moves the agent's home folder (relative values count from the working
    /// directory), when it has one.
    public var homeVariable: String?
    /// The agent's home folder: where its configuration lives (its presence means the agent is installed). Always
    /// absolute.
    public var home: (@Sendable (AgentEnvironment) -> String)?
    /// The store lives under `home` (so both honour `homeVariable` the same way).
    public var storeUnderHome: Bool
    /// The programs that show the agent is installed when found on PATH.
    public var programs: [String]
    /// setup-agents integrates it (skills, commands, hooks): needs `home`.
    public var setup: Bool
    /// Its hooks (setup-agents installs them, `load-state --hook` prints in their shape), when it has them.
    public var hooks: AgentHooks?
    /// `load-state --hook <agent>` knows the shape its SessionStart hook output must have.
    public var loadStateHook: Bool { hooks != nil }
    /// Where it reads skills from (setup-agents links them there).
    public var skillsFolder: SkillsFolder
    /// The agent's own skills folder, when it has one (`SkillsFolder.ownedBy` names it).
    public var ownSkills: OwnSkills?
    /// What to do after setup-agents installed into it (`hooks`: hooks were installed too).
    public var setupNote: (@Sendable (_ hooks: Bool) -> String)?
    /// How resume-session runs it, when it does.
    public var resume: ResumeAgentSpec?
    /// The file extension of its generated slash-command files (under `<home>/commands`), when it gets them.
    public var commandFileExtension: String?
    /// `convert` / `export-session import` can write sessions into its store: its writer and destination.
    public var convert: ConvertTarget?
    public var convertTarget: Bool { convert != nil }
    /// `export-session import` of the agent's own exported files.
    public var nativeImport: NativeImport?
    /// `export-session --format native` in the agent's own way (writes into the buffer, returns the file extension);
    /// nil: the session's file, line by line, redacted.
    public var nativeExport: NativeExport?
    /// Records that travel with the session's file in a native export (read from beside it).
    public var nativeCompanions:
        (
            @Sendable (_ session: SessionSummary, _ visit: (JSONValue) throws(SessionError) -> Void)
                throws(SessionError) -> Void
        )?
    /// Whether an assistant message without text counts as a message (`inspect`); Codex's are groups of tool calls.
    public var countsTextlessAssistantMessages: Bool
    /// Its store keeps a task list (`save-state --from-agent`).
    public var keepsTasks: Bool
    /// Our baseline id shape (the store's `isValidID` may be stricter) and the hint for an id that fails it.
    public var idRule: AgentIDRule
    /// The command that resumes a session by id (the id shell-quoted), as the registry and docs/registry.md say.
    public var resumeCommand: @Sendable (_ id: String) -> String
    /// Environment variables that carry the current session id, in the order they are tried (detection).
    public var sessionIDVariables: [String]
    /// Whether the environment shows this agent runs us (the markers its tool environment carries).
    public var runsUs: @Sendable ([String: String]) -> Bool
    /// Where detection tries it (lower first; equal ranks in registry order): an agent whose markers are also set
    /// in the terminals it hosts (an editor) or around the agents it runs must come after those agents.
    public var detectionRank: Int
    /// How its hook payloads look, when it has hooks that send one.
    public var hookPayloadSigns: HookPayloadSigns?

    public init(
        kind: AgentKind, store: @escaping @Sendable (AgentEnvironment) -> any SessionStore, homeVariable: String? = nil,
        home: (@Sendable (AgentEnvironment) -> String)? = nil, storeUnderHome: Bool = false, programs: [String]? = nil,
        setup: Bool = false, hooks: AgentHooks? = nil, resume: ResumeAgentSpec? = nil,
        commandFileExtension: String? = nil, convert: ConvertTarget? = nil, keepsTasks: Bool = false,
        skillsFolder: SkillsFolder = .shared, ownSkills: OwnSkills? = nil,
        setupNote: (@Sendable (_ hooks: Bool) -> String)? = nil,
        nativeImport: NativeImport? = nil, nativeExport: NativeExport? = nil,
        nativeCompanions: (
            @Sendable (_ session: SessionSummary, _ visit: (JSONValue) throws(SessionError) -> Void)
                throws(SessionError) -> Void
        )? =
            nil,
        countsTextlessAssistantMessages: Bool = true, idRule: AgentIDRule? = nil,
        resumeCommand: @escaping @Sendable (_ id: String) -> String,
        sessionIDVariables: [String] = [], runsUs: @escaping @Sendable ([String: String]) -> Bool = { _ in false },
        detectionRank: Int = 100, hookPayloadSigns: HookPayloadSigns? = nil
    ) {
        self.kind = kind
        self.store = store
        self.homeVariable = homeVariable
        self.home = home
        self.storeUnderHome = storeUnderHome
        self.programs = programs ?? [kind.rawValue]
        self.setup = setup
        self.hooks = hooks
        self.skillsFolder = skillsFolder
        self.ownSkills = ownSkills
        self.setupNote = setupNote
        self.resume = resume
        self.commandFileExtension = commandFileExtension
        self.convert = convert
        self.keepsTasks = keepsTasks
        self.nativeImport = nativeImport
        self.nativeExport = nativeExport
        self.nativeCompanions = nativeCompanions
        self.countsTextlessAssistantMessages = countsTextlessAssistantMessages
        self.idRule = idRule ?? .uuid(kind)
        self.resumeCommand = resumeCommand
        self.sessionIDVariables = sessionIDVariables
        self.runsUs = runsUs
        self.detectionRank = detectionRank
        self.hookPayloadSigns = hookPayloadSigns
    }

    /// The folder `homeVariable` names (absolute), else `fallback`.
    public static func home(_ environment: AgentEnvironment, variable: String, else fallback: String) -> String {
        guard let value = environment.variables[variable], !value.isEmpty else { return fallback }
        return environment.absolute(value)
    }
}

/// An agent's session id shape as the session registry checks it, and the hint shown when a pasted id fails it.
/// Every rule also requires one safe path component without spaces or tabs (`IDBaseline`).
public struct AgentIDRule: Sendable {
    public var accepts: @Sendable (String) -> Bool
    public var hint: String

    public init(hint: String, accepts: @escaping @Sendable (String) -> Bool) {
        self.hint = hint
        self.accepts = accepts
    }

    /// A UUID (any version, either case).
    public static func uuid(_ kind: AgentKind) -> AgentIDRule {
        AgentIDRule(
            hint: "\(kind.rawValue) session ids are UUIDs like 5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10; paste only the id",
            accepts: IDShapes.isUUID)
    }
}

/// An agent's own `export-session --format native`: writes the session into `out` (redacted when `redact`, counting
/// into `counts`) and returns the file extension; nil: the session is exported as every other agent's is (its file,
/// line by line, redacted), nothing having been written.
public typealias NativeExport =
    @Sendable (
        _ session: SessionSummary, _ store: any SessionStore, _ out: OutputBuffer, _ redact: Bool,
        _ counts: inout RedactionCounts, _ environment: AgentEnvironment
    ) throws(SessionError) -> String?

/// How a hook payload shows it comes from an agent (`HookPayload.agentGuess`, when the environment does not say).
public struct HookPayloadSigns: Sendable {
    /// Keys only this agent's payloads carry (tried first).
    public var ownKeys: [String]
    /// Text in the payload's transcript path that belongs to this agent.
    public var transcriptPaths: [String]
    /// Keys other agents' payloads may carry too (tried last).
    public var sharedKeys: [String]

    public init(ownKeys: [String] = [], transcriptPaths: [String] = [], sharedKeys: [String] = []) {
        self.ownKeys = ownKeys
        self.transcriptPaths = transcriptPaths
        self.sharedKeys = sharedKeys
    }
}

/// The agents, listed once. Every other agent list is a walk over it.
public struct AgentRegistry: Sendable {
    public var entries: [AgentEntry]

    public init(_ entries: [AgentEntry]) { self.entries = entries }

    /// One line per agent; the order is the order of every list derived from it.
    public static let standard = AgentRegistry([
        .claude,
        .codex,
        .gemini,
        .copilot,
        .cursor,
        .aider,
        .opencode,
        .agy,
    ])

    public var kinds: [AgentKind] { entries.map(\.kind) }

    /// The entry of `kind`.
    public func entry(_ kind: AgentKind) -> AgentEntry? { entries.first { $0.kind == kind } }

    public func entry(named name: String) -> AgentEntry? { entries.first { $0.kind.rawValue == name } }

    /// The registered agent named exactly `name`.
    public func kind(named name: String) -> AgentKind? { entry(named: name)?.kind }

    /// The agents setup-agents integrates, by name.
    public var setupAgents: [String] { entries.filter(\.setup).map(\.kind.rawValue) }
    /// The agents `load-state --hook` shapes output for, by name.
    public var loadStateHookAgents: [String] { entries.filter(\.loadStateHook).map(\.kind.rawValue) }
    /// The agents that get slash-command files, with the files' extension.
    public var commandTargets: [(agent: String, ext: String)] {
        entries.compactMap { e in e.commandFileExtension.map { (e.kind.rawValue, $0) } }
    }
    /// The agents sessions can be converted into.
    public var convertTargets: [AgentKind] { entries.filter(\.convertTarget).map(\.kind) }
    /// The agents whose store keeps a task list.
    public var taskAgents: [AgentKind] { entries.filter(\.keepsTasks).map(\.kind) }
}

extension AgentRegistry {
    /// Agent names for help texts and hints: `claude, codex, gemini`.
    public static func names(_ kinds: [AgentKind], separator: String = ", ") -> String {
        kinds.map(\.rawValue).joined(separator: separator)
    }

    /// Every registered agent's name, for `--agent` choices and help.
    public var allNames: [String] { kinds.map(\.rawValue) }
}

/// Our baseline id shapes, per registered agent (each declared in its entry's `idRule`).
public enum IDBaseline {
    public static func isPlausible(_ agent: AgentKind, _ id: String, registry: AgentRegistry = .standard) -> Bool {
        guard IDShapes.isSafeComponent(id), !id.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" }) else {
            return false
        }
        return registry.entry(agent)?.idRule.accepts(id) ?? false
    }

    public static func expected(_ agent: AgentKind, registry: AgentRegistry = .standard) -> String {
        registry.entry(agent)?.idRule.hint ?? "paste only the id"
    }
}

/// How to resume a session of each agent: the one table (each agent's `resumeCommand`) the stores can refine.
public enum ResumeCommands {
    /// The store's command when it has one, else the agent's entry.
    public static func command(_ environment: AgentEnvironment, agent: AgentKind, id: String) -> String {
        let fromStore = AgentStores.store(agent, environment: environment).resumeCommand(id: id)
        return fromStore.isEmpty ? table(agent, id: id, registry: environment.registry) : fromStore
    }

    /// The table: each agent's `resumeCommand` with the id shell-quoted (docs/registry.md, "Resume commands").
    public static func table(_ agent: AgentKind, id: String, registry: AgentRegistry = .standard) -> String {
        registry.entry(agent)?.resumeCommand(id) ?? ""
    }
}
