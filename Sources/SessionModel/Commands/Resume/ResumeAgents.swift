/// How `resume-session` treats each agent it can resume: how a session is started and resumed, and which arguments
/// mean "the user already chose a session, or is not starting a chat" (then everything passes through untouched).
///
/// The one table of pass-through words lives here (`ResumeAgentSpec.all`). Decisions worth knowing:
/// - One-shot/headless runs pass through: `claude -p`, `gemini -p`, `copilot -p`, `codex exec`. A scripted call is
///   not the project's conversation; resuming it would make every script append to (and race on) the user's chat.
///   Resume one explicitly (`claude -p -r <id> …`) when that is what is wanted.
/// - Subcommands are recognised only as the first word that is not an option or an option's value (values of the
///   options listed in `valueOptions` are skipped), so `claude --model opus mcp list` passes through while
///   `claude "fix the mcp bug"` is a chat.
public struct ResumeAgentSpec: Sendable {
    public enum Mode: String, Sendable {
        /// We choose the id: first run `--session-id <uuid>`, later runs resume it (claude, gemini, copilot).
        case managedID = "managed-id"
        /// The agent chooses the id: first run starts normally, the id is found afterwards in the agent's store
        /// (codex, agy, cursor-agent).
        case discovered
    }

    public var agent: AgentKind
    /// The program name looked up on PATH.
    public var binary: String
    public var mode: Mode
    /// Arguments that resume `id`, put before the user's arguments.
    public var resumeArguments: @Sendable (String) -> [String]
    /// Arguments that start a new session with our id (managed mode only).
    public var newSessionArguments: @Sendable (String) -> [String]
    /// Options (exact, or as `--option=value`) that choose a session themselves.
    public var sessionOptions: Set<String>
    /// Options that mean no chat to resume: help, version, one-shot/headless prompts.
    public var nonChatOptions: Set<String>
    /// Subcommands that are not a chat (or resume/fork one themselves).
    public var subcommands: Set<String>
    /// Options that take a separate value, so that value is not mistaken for a subcommand.
    public var valueOptions: Set<String>
    /// Which of the store's sessions the agent can resume by id (discovered mode picks the newest of those): Cursor's
    /// IDE composers share the store with the CLI's chats but `cursor-agent --resume` takes only the latter.
    public var resumable: @Sendable (SessionSummary) -> Bool = { _ in true }

    /// Why `arguments` pass through untouched, or nil when resume applies.
    public func passThroughReason(_ arguments: [String]) -> String? {
        var expectValue = false
        var sawCommandWord = false
        for argument in arguments {
            if argument == "--" { break }
            if expectValue {
                expectValue = false
                continue
            }
            if argument.hasPrefix("-") && argument != "-" {
                let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
                if sessionOptions.contains(name) { return "\(name) chooses the session" }
                if nonChatOptions.contains(name) { return "\(name) is not an interactive chat" }
                if valueOptions.contains(name) && !argument.contains("=") { expectValue = true }
                continue
            }
            if !sawCommandWord {
                sawCommandWord = true
                if subcommands.contains(argument) { return "'\(argument)' is a subcommand" }
            }
        }
        return nil
    }

    /// The arguments for the real agent: resume `id`, or start a new session (with `newID` in managed mode).
    public func arguments(resuming id: String?, newID: String?, user: [String]) -> [String] {
        if let id { return resumeArguments(id) + user }
        if let newID, mode == .managedID { return newSessionArguments(newID) + user }
        return user
    }

    public static func spec(for agent: AgentKind) -> ResumeAgentSpec? { all.first { $0.agent == agent } }

    public static var supported: [AgentKind] { all.map(\.agent) }

    /// Parses an agent name for resume-session (or a program name: a shim passes `cursor-agent`): a usage error
    /// names the agents it supports.
    public static func parse(_ name: String) throws(ToolError) -> ResumeAgentSpec {
        if let spec = all.first(where: { $0.binary == name }) { return spec }
        let names = supported.map(\.rawValue).joined(separator: ", ")
        guard let kind = try? AgentKind.parse(name) else {
            let near = Suggest.nearest(name.lowercased(), among: supported.map(\.rawValue))
            throw ToolError.usage(
                "unknown agent '\(name)'",
                hint: near.map { "did you mean '\($0)'?" } ?? "resume-session knows: \(names)")
        }
        guard let spec = spec(for: kind) else {
            throw ToolError.usage(
                "resume-session cannot resume \(kind.displayName) sessions",
                hint: "resume-session knows: \(names)")
        }
        return spec
    }

    static let help: Set<String> = ["-h", "--help"]

    // The specs, one per agent that resume-session handles. Which agents have one is declared in each agent's
    // entry (`Agents/<Name>/<Name>Agent.swift`); `all` walks the registry.
    // Sources: /work/shared/docs/agent-stores.md and the agents' `--help` (as of 2026).

    public static let claude = ResumeAgentSpec(
        agent: .claude, binary: "claude", mode: .managedID,
        resumeArguments: { ["-r", $0] }, newSessionArguments: { ["--session-id", $0] },
        sessionOptions: [
            "-r", "--resume", "-c", "--continue", "--session-id", "--fork-session", "--from-pr",
            "--no-session-persistence",
        ],
        nonChatOptions: help.union(["-v", "--version", "-p", "--print"]),
        subcommands: [
            "mcp", "config", "doctor", "update", "upgrade", "install", "plugin", "plugins", "auth",
            "login", "logout", "setup-token", "migrate-installer", "agents", "attach", "help",
        ],
        valueOptions: [
            "--model", "--permission-mode", "--add-dir", "--allowedTools", "--allowed-tools",
            "--disallowedTools", "--disallowed-tools", "--tools", "--settings", "--setting-sources",
            "--output-format", "--input-format", "--mcp-config", "--append-system-prompt",
            "--system-prompt", "--agent", "--agents", "--fallback-model", "--betas", "--plugin-dir",
            "--max-turns", "--permission-prompt-tool", "--json-schema", "--max-budget-usd",
        ])

    public static let codex = ResumeAgentSpec(
        agent: .codex, binary: "codex", mode: .discovered,
        resumeArguments: { ["resume", $0] }, newSessionArguments: { _ in [] },
        // codex's `-c` is `--config key=value`, not continue; sessions are chosen by subcommands.
        sessionOptions: [],
        nonChatOptions: help.union(["-V", "--version"]),
        subcommands: [
            "resume", "fork", "exec", "e", "review", "login", "logout", "mcp", "mcp-server",
            "app-server", "app", "completion", "sandbox", "debug", "apply", "a", "cloud", "features",
            "help", "delete", "archive", "unarchive",
        ],
        valueOptions: [
            "-c", "--config", "-m", "--model", "-p", "--profile", "-s", "--sandbox", "-a",
            "--ask-for-approval", "-C", "--cd", "-i", "--image", "--add-dir", "--enable", "--disable",
            "--local-provider",
        ])

    public static let gemini = ResumeAgentSpec(
        agent: .gemini, binary: "gemini", mode: .managedID,
        resumeArguments: { ["--resume", $0] }, newSessionArguments: { ["--session-id", $0] },
        sessionOptions: ["-r", "--resume", "--session-id", "--list-sessions", "--delete-session"],
        nonChatOptions: help.union(["-v", "--version", "-p", "--prompt"]),
        subcommands: ["mcp", "extensions", "extension", "skills", "hooks", "help"],
        valueOptions: [
            "-m", "--model", "--approval-mode", "-e", "--extensions", "--include-directories",
            "--allowed-tools", "--allowed-mcp-server-names", "-o", "--output-format", "-i",
            "--prompt-interactive",
        ])

    public static let copilot = ResumeAgentSpec(
        agent: .copilot, binary: "copilot", mode: .managedID,
        resumeArguments: { ["--resume", $0] }, newSessionArguments: { ["--session-id", $0] },
        sessionOptions: ["--resume", "--continue", "--session-id", "--clear"],
        nonChatOptions: help.union(["-v", "--version", "-p", "--prompt"]),
        subcommands: ["help", "update", "login", "logout", "mcp", "plugin", "init"],
        valueOptions: [
            "--model", "--add-dir", "--allow-tool", "--deny-tool", "--log-dir", "--log-level",
            "--agent",
        ])

    public static let agy = ResumeAgentSpec(
        agent: .agy, binary: "agy", mode: .discovered,
        resumeArguments: { ["--conversation", $0] }, newSessionArguments: { _ in [] },
        sessionOptions: ["-c", "--continue", "--conversation"],
        nonChatOptions: help.union(["-v", "--version"]),
        subcommands: ["auth", "login", "logout", "update", "mcp", "help"],
        valueOptions: ["--model"])

    /// Every registered agent resume-session handles, in registry order.
    public static var all: [ResumeAgentSpec] { AgentRegistry.standard.entries.compactMap(\.resume) }
}
