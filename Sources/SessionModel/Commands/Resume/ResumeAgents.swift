/// How `resume-session` treats each agent it can resume: how a session is started and resumed, and which arguments
/// mean "the user already chose a session, or is not starting a chat" (then everything passes through untouched).
///
/// The one table of pass-through words lives here (`ResumeAgentSpec.all`). Decisions worth knowing:
/// - One-shot/headless runs pass through (a `-p` prompt, an `exec` subcommand: each agent's `nonChatOptions` and
///   `subcommands`). A scripted call is not the project's conversation; resuming it would make every script append
///   to (and race on) the user's chat. Resume one explicitly (the agent's own resume option) when that is wanted.
/// - Subcommands are recognised only as the first word that is not an option or an option's value (values of the
///   options listed in `valueOptions` are skipped), so `<agent> --model opus mcp list` passes through while
///   `<agent> "fix the mcp bug"` is a chat.
public struct ResumeAgentSpec: Sendable {
    public enum Mode: String, Sendable {
        /// We choose the id: first run `--session-id <uuid>`, later runs resume it.
        case managedID = "managed-id"
        /// The agent chooses the id: first run starts normally, the id is found afterwards in the agent's store.
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
    /// Plain-text id files older session managers kept for this agent (read, never changed), given the project root
    /// and its git folders.
    public var legacyIDFiles: @Sendable (_ projectRoot: String, _ gitDirectories: [String]) -> [String] = { _, _ in [] }
    /// Which of the store's sessions the agent can resume by id (discovered mode picks the newest of those): a store
    /// may hold sessions of another front end its resume option does not take (each agent's spec says).
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

    public static func spec(for agent: AgentKind, registry: AgentRegistry = .standard) -> ResumeAgentSpec? {
        registry.entry(agent)?.resume
    }

    public static var supported: [AgentKind] { all.map(\.agent) }

    /// Parses an agent name for resume-session (or a spec's program name, which a shim passes): a usage error
    /// names the agents it supports.
    public static func parse(_ name: String, registry: AgentRegistry = .standard) throws(ToolError) -> ResumeAgentSpec {
        if let spec = all(in: registry).first(where: { $0.binary == name }) { return spec }
        let supported = all(in: registry).map(\.agent)
        let names = supported.map(\.rawValue).joined(separator: ", ")
        // ignored: a name that is no agent gets the unknown-agent error below, with a suggestion
        guard let kind = try? AgentKind.parse(name, registry: registry) else {
            let near = Suggest.nearest(name.lowercased(), among: supported.map(\.rawValue))
            throw ToolError.usage(
                "unknown agent '\(name)'",
                hint: near.map { "did you mean '\($0)'?" } ?? "resume-session knows: \(names)")
        }
        guard let spec = spec(for: kind, registry: registry) else {
            throw ToolError.usage(
                "resume-session cannot resume \(kind.displayName) sessions",
                hint: "resume-session knows: \(names)")
        }
        return spec
    }

    static let help: Set<String> = ["-h", "--help"]

    // The specs, one per agent that resume-session handles, each in its agent's folder
    // (`Agents/<Name>/<Name>Resume.swift`) and named by its entry's `resume`; `all` walks the registry.

    /// Every registered agent resume-session handles, in registry order.
    public static var all: [ResumeAgentSpec] { all(in: .standard) }

    public static func all(in registry: AgentRegistry) -> [ResumeAgentSpec] { registry.entries.compactMap(\.resume) }
}
