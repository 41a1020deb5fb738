#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where each agent keeps its user configuration, honouring the variables that move it.
public struct AgentLocations: Sendable {
    /// The agents setup-agents integrates (from the registry).
    public static var agents: [String] { AgentRegistry.standard.setupAgents }

    public var home: String
    public var environment: [String: String]
    let agentEnvironment: AgentEnvironment

    /// The agents of the context's registry setup-agents integrates.
    public var setupAgents: [AgentEntry] { registry.entries.filter(\.setup) }
    public var registry: AgentRegistry { agentEnvironment.registry }

    public init(_ agentEnvironment: AgentEnvironment) {
        home = agentEnvironment.home
        environment = agentEnvironment.variables
        self.agentEnvironment = agentEnvironment
    }

    func env(_ key: String) -> String? {
        guard let v = environment[key], !v.isEmpty else { return nil }
        return v
    }

    /// The configuration folder of an agent (its presence means the agent is installed): the agent's one home rule
    /// from its registry entry (absolute, honouring its variable). An agent without one gets a folder that is never
    /// there (under the data root), so it is never "present" by it.
    public func configDirectory(_ agent: AgentEntry) -> String {
        guard let home = agent.home else { return Paths.join(dataRoot, "no-config", agent.kind.rawValue) }
        return home(agentEnvironment)
    }

    /// The agents that are present: their configuration folder exists or one of their programs is on PATH.
    public var present: [AgentEntry] {
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return setupAgents.filter { agent in
            FileInfo.isDirectory(configDirectory(agent))
                || agent.programs.contains { program in
                    path.contains { !$0.isEmpty && FileInfo.isFile(Paths.join($0, program)) }
                }
        }
    }

    /// `~/.agents/skills`: the shared skills folder (agents whose `skillsFolder` is `.shared`, and VS Code).
    public var sharedSkills: String { Paths.join(home, ".agents", "skills") }

    /// The folder an agent reads skills from (its entry's `skillsFolder`).
    public func skillsFolder(_ agent: AgentEntry) -> String {
        switch agent.skillsFolder {
        case .shared: return sharedSkills
        case .ownedBy(let owner):
            return agentEnvironment.registry.entry(owner)?.ownSkills?.folder(agentEnvironment) ?? sharedSkills
        }
    }

    /// `${XDG_DATA_HOME:-~/.local/share}/agent-sessions`.
    public var dataRoot: String {
        Paths.join(env("XDG_DATA_HOME") ?? Paths.join(home, ".local", "share"), "agent-sessions")
    }
    public var manifest: String { Paths.join(dataRoot, "install-manifest.json") }
    public var current: String { Paths.join(dataRoot, "current") }

    /// The folder an agent's slash commands go to, and the generated folder (under `commands/`) they come from.
    public func commandFolder(_ agent: AgentEntry) -> String? {
        guard agent.commandFileExtension != nil else { return nil }
        return Paths.join(configDirectory(agent), "commands")
    }

    /// The hook settings file of an agent (its entry's `hooks`), nil when it has no hooks.
    public func hookFile(_ agent: AgentEntry) -> String? {
        agent.hooks?.file(configDirectory(agent))
    }
}

/// The hook entries we install per agent (its entry's `hooks`), pointing at the installed executables in
/// `binDirectory`.
public enum HookPlan {
    public static func command(_ binDirectory: String, _ tool: String, _ arguments: String) -> String {
        Shell.word(Paths.join(binDirectory, tool)) + " " + arguments
    }

    public static func shape(_ agent: AgentEntry) -> HookMerge.Shape { agent.hooks?.shape ?? .nested }

    /// The entries of the agent's `hooks` (event, matcher, tool invocation, timeout), none without hooks.
    public static func entries(
        agent entry: AgentEntry, binDirectory bin: String
    ) -> [HookMerge.Entry] {
        guard let hooks = entry.hooks else { return [] }
        let agent = entry.kind.rawValue
        return hooks.entries(
            AgentHooks.Commands(
                load: command(bin, "load-state", "--hook \(agent)"),
                start: command(bin, "save-session", "start --hook \(agent)"),
                save: command(bin, "save-session", "--hook \(agent)")))
    }
}

/// FNV-1a 64-bit of a file's bytes, to tell whether a file we wrote was changed since (not a security hash).
public enum ContentHash {
    public static func of(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        let hex = String(h, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// nil when the file is missing or cannot be read: uninstall then leaves it where it is.
    public static func file(_ path: String) -> String? {
        // ignored: a file we cannot read has no hash; the caller keeps it (never removes what it cannot compare)
        guard let bytes = try? AtomicFile.read(path) else { return nil }
        return of(bytes)
    }
}
