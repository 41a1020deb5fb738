#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where each agent keeps its user configuration, honouring the variables that move it.
public struct AgentLocations: Sendable {
    public static let agents = ["claude", "codex", "gemini", "copilot", "cursor", "opencode"]

    public var home: String
    public var environment: [String: String]

    public init(_ context: ToolContext) {
        home = context.home
        environment = context.environment
    }

    func env(_ key: String) -> String? {
        guard let v = environment[key], !v.isEmpty else { return nil }
        return v
    }

    public var claude: String { env("CLAUDE_CONFIG_DIR") ?? Paths.join(home, ".claude") }
    public var codex: String { env("CODEX_HOME") ?? Paths.join(home, ".codex") }
    public var gemini: String { Paths.join(env("GEMINI_CLI_HOME") ?? home, ".gemini") }
    public var copilot: String { env("COPILOT_HOME") ?? Paths.join(home, ".copilot") }
    public var cursor: String { Paths.join(home, ".cursor") }
    public var opencode: String {
        env("OPENCODE_CONFIG_DIR") ?? Paths.join(env("XDG_CONFIG_HOME") ?? Paths.join(home, ".config"), "opencode")
    }
    /// The configuration folder of an agent (its presence means the agent is installed).
    public func configDirectory(_ agent: String) -> String {
        switch agent {
        case "claude": return claude
        case "codex": return codex
        case "gemini": return gemini
        case "copilot": return copilot
        case "cursor": return cursor
        default: return opencode
        }
    }

    /// The programs that show an agent is installed when found on PATH.
    public static func programs(_ agent: String) -> [String] {
        agent == "cursor" ? ["cursor-agent", "cursor"] : [agent]
    }

    /// The agents that are present: their configuration folder exists or one of their programs is on PATH.
    public var present: [String] {
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return AgentLocations.agents.filter { agent in
            FileInfo.isDirectory(configDirectory(agent))
                || AgentLocations.programs(agent).contains { program in
                    path.contains { !$0.isEmpty && FileInfo.isFile(Paths.join($0, program)) }
                }
        }
    }

    /// `~/.agents/skills`: read by Codex, Gemini, Copilot, OpenCode and VS Code.
    public var sharedSkills: String { Paths.join(home, ".agents", "skills") }
    public var claudeSkills: String { Paths.join(claude, "skills") }

    /// `${XDG_DATA_HOME:-~/.local/share}/agent-sessions`.
    public var dataRoot: String {
        Paths.join(env("XDG_DATA_HOME") ?? Paths.join(home, ".local", "share"), "agent-sessions")
    }
    public var manifest: String { Paths.join(dataRoot, "install-manifest.json") }
    public var current: String { Paths.join(dataRoot, "current") }

    /// The folder an agent's slash commands go to, and the generated folder (under `commands/`) they come from.
    public func commandFolder(_ agent: String) -> String? {
        switch agent {
        case "claude": return Paths.join(claude, "commands")
        case "gemini": return Paths.join(gemini, "commands")
        case "cursor": return Paths.join(cursor, "commands")
        case "opencode": return Paths.join(opencode, "commands")
        default: return nil
        }
    }

    /// The hook settings file of an agent.
    public func hookFile(_ agent: String) -> String? {
        switch agent {
        case "claude": return Paths.join(claude, "settings.json")
        case "codex": return Paths.join(codex, "hooks.json")
        case "gemini": return Paths.join(gemini, "settings.json")
        case "copilot": return Paths.join(copilot, "hooks", "agent-sessions.json")
        case "cursor": return Paths.join(cursor, "hooks.json")
        default: return nil
        }
    }

    /// True when the agent-sessions Claude Code plugin is installed (its skills would be listed twice).
    public var claudePluginInstalled: Bool {
        for file in ["plugins/installed_plugins.json", "plugins/known_marketplaces.json"] {
            if let bytes = try? AtomicFile.read(Paths.join(claude, file)),
                String(decoding: bytes, as: UTF8.self).contains("\"agent-sessions@")
            {
                return true
            }
        }
        return false
    }
}

/// The hook entries we install per agent, pointing at the installed executables in `binDirectory`.
public enum HookPlan {
    public static func command(_ binDirectory: String, _ tool: String, _ arguments: String) -> String {
        shellQuote(Paths.join(binDirectory, tool)) + " " + arguments
    }

    static func shellQuote(_ s: String) -> String {
        let safe = s.unicodeScalars.allSatisfy {
            $0.isAlphanumeric || "/._-+:@%".unicodeScalars.contains($0)
        }
        return safe ? s : "'" + s.replacingText("'", with: "'\\''") + "'"
    }

    public static func shape(_ agent: String) -> HookMerge.Shape {
        agent == "copilot" || agent == "cursor" ? .flat : .nested
    }

    /// (event, matcher, tool invocation, timeout seconds) per agent.
    public static func entries(agent: String, binDirectory bin: String) -> [HookMerge.Entry] {
        let load = command(bin, "load-state", "--hook \(agent)")
        let save = command(bin, "save-session", "--hook \(agent)")
        // Opens the journal entry (#4) at the start; silent, always exits 0.
        let start = command(bin, "save-session", "start --hook \(agent)")
        switch agent {
        case "claude", "codex":
            return [
                .init(
                    event: "SessionStart", matcher: "startup|resume|clear|compact",
                    handler: ["type": "command", "command": .string(load), "timeout": 10]),
                .init(
                    event: "SessionStart", matcher: "startup|resume",
                    handler: ["type": "command", "command": .string(start), "timeout": 5]),
                .init(event: "PreCompact", handler: ["type": "command", "command": .string(save), "timeout": 10]),
                .init(
                    event: "SessionEnd",
                    handler: [
                        "type": "command", "command": .string(save),
                        "timeout": agent == "codex" ? 3 : 5,
                    ]),
            ]
        case "gemini":
            return [
                .init(
                    event: "SessionStart",
                    handler: [
                        "type": "command", "name": "agent-sessions-load-state",
                        "command": .string(load), "timeout": 10000,
                    ]),
                .init(
                    event: "SessionStart",
                    handler: [
                        "type": "command", "name": "agent-sessions-save-session-start",
                        "command": .string(start), "timeout": 5000,
                    ]),
                .init(
                    event: "PreCompress",
                    handler: [
                        "type": "command", "name": "agent-sessions-save-session",
                        "command": .string(save), "timeout": 10000,
                    ]),
                .init(
                    event: "SessionEnd",
                    handler: [
                        "type": "command", "name": "agent-sessions-save-session",
                        "command": .string(save), "timeout": 5000,
                    ]),
            ]
        case "copilot":
            return [
                .init(event: "sessionStart", handler: ["type": "command", "bash": .string(load), "timeoutSec": 10]),
                .init(event: "sessionStart", handler: ["type": "command", "bash": .string(start), "timeoutSec": 5]),
                .init(event: "preCompact", handler: ["type": "command", "bash": .string(save), "timeoutSec": 10]),
                .init(event: "sessionEnd", handler: ["type": "command", "bash": .string(save), "timeoutSec": 5]),
            ]
        case "cursor":
            return [
                .init(event: "sessionStart", handler: ["command": .string(load), "timeout": 10]),
                .init(event: "sessionStart", handler: ["command": .string(start), "timeout": 5]),
                .init(event: "preCompact", handler: ["command": .string(save), "timeout": 10]),
                .init(event: "sessionEnd", handler: ["command": .string(save), "timeout": 5]),
            ]
        default:
            return []
        }
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

    public static func file(_ path: String) -> String? {
        guard let bytes = try? AtomicFile.read(path) else { return nil }
        return of(bytes)
    }
}
