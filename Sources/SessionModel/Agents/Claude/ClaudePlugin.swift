#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Claude Code's side of setup-agents: its skills folder (`<Claude home>/skills`, which Cursor reads too: entries
/// whose `skillsFolder` is `.ownedBy(.claude)`) and the agent-sessions Claude Code plugin. When the plugin is installed it
/// brings the skills and hooks itself, so setup-agents leaves them out of Claude's folders (else Claude lists each
/// skill twice and runs each hook twice).
public struct ClaudePlugin: Sendable {
    /// Claude's home folder (the environment registry's Claude entry; `$CLAUDE_CONFIG_DIR`, else `~/.claude`).
    public let home: String

    public init(_ environment: AgentEnvironment) {
        home =
            (environment.registry.entry(.claude) ?? .claude).home?(environment)
            ?? ClaudeStore(environment: environment).root
    }

    /// `<Claude home>/skills`.
    public var skillsFolder: String { Paths.join(home, "skills") }

    /// Claude's settings file, where hooks are.
    public var settingsFile: String { Paths.join(home, "settings.json") }

    /// True when the agent-sessions plugin is installed or its marketplace is known (an `agent-sessions@…` key in
    /// Claude's plugin files).
    public var isInstalled: Bool {
        for file in ["plugins/installed_plugins.json", "plugins/known_marketplaces.json"] {
            // ignored: a missing or unreadable plugin list means no plugin is installed
            if let bytes = try? AtomicFile.read(Paths.join(home, file)),
                String(decoding: bytes, as: UTF8.self).contains("\"agent-sessions@")
            {
                return true
            }
        }
        return false
    }
}
