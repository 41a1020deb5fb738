/// An agent's hooks, an optional capability of its `AgentEntry` declared in its folder
/// (`Agents/<Name>/<Name>Hooks.swift`): where setup-agents installs them, their entries and nesting, and the shape
/// `load-state --hook <agent>` prints the brief in (one shape per agent, never two, since Claude reads both and would
/// inject twice).
public struct AgentHooks: Sendable {
    /// The three commands our hook entries run.
    public struct Commands: Sendable {
        /// `load-state --hook <agent>`.
        public var load: String
        /// `save-session start --hook <agent>`: opens the journal entry (#4); silent, always exits 0.
        public var start: String
        /// `save-session --hook <agent>`.
        public var save: String
    }

    /// The hook settings file, given the agent's home folder.
    public var file: @Sendable (_ home: String) -> String
    /// How the settings file nests our handlers.
    public var shape: HookMerge.Shape
    /// The entries (event, matcher, handler with its timeout) we install.
    public var entries: @Sendable (Commands) -> [HookMerge.Entry]
    /// The bytes `load-state --hook` prints; `brief` nil = nothing saved. Default: the brief as plain stdout.
    public var render: @Sendable (_ brief: String?) -> String
    /// What the user must do before new hooks run (said after setup-agents installed hooks), when anything.
    public var afterInstall: String?
    /// Text added to the brief, from the hook's payload, when the agent needs it.
    public var briefNote: @Sendable (_ payload: HookPayload?) -> String?

    public init(
        file: @escaping @Sendable (_ home: String) -> String, shape: HookMerge.Shape,
        entries: @escaping @Sendable (Commands) -> [HookMerge.Entry],
        render: @escaping @Sendable (_ brief: String?) -> String = { $0 ?? "" }, afterInstall: String? = nil,
        briefNote: @escaping @Sendable (_ payload: HookPayload?) -> String? = { _ in nil }
    ) {
        self.file = file
        self.shape = shape
        self.entries = entries
        self.render = render
        self.afterInstall = afterInstall
        self.briefNote = briefNote
    }
}

/// Where an agent reads skills from: the shared `~/.agents/skills`, or the own skills folder of the agent named (its
/// entry's `ownSkills`; another agent may read it too: Cursor reads Claude Code's).
public enum SkillsFolder: Sendable, Equatable {
    case shared
    case ownedBy(AgentKind)
}

/// An agent's own skills folder, and whether a plugin of ours already brings the skills there (setup-agents then
/// leaves them out, or the agent would list each skill twice).
public struct OwnSkills: Sendable {
    public var folder: @Sendable (AgentEnvironment) -> String
    public var pluginBringsThem: @Sendable (AgentEnvironment) -> Bool
    /// How the plugin is named in setup-agents' notes ("the agent-sessions <name> plugin").
    public var pluginName: String

    public init(
        folder: @escaping @Sendable (AgentEnvironment) -> String,
        pluginBringsThem: @escaping @Sendable (AgentEnvironment) -> Bool, pluginName: String
    ) {
        self.folder = folder
        self.pluginBringsThem = pluginBringsThem
        self.pluginName = pluginName
    }
}
