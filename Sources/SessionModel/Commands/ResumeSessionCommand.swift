/// `resume-session`: every agent started in a project resumes that project's session, through shims on PATH.
public enum ResumeSessionCommand {
    static let agentsArg = PositionalSpec(
        "agents", "Agents (default: \(ResumeAgentSpec.supported.map(\.rawValue).joined(separator: ", "))).",
        repeating: true)

    /// `resume-session AGENT [ARGS...]`: the agent, its arguments as given, and our own flags before them.
    struct RunOptions: CommandOptions {
        static let useReal = OptionSpec.flag(
            "use-real",
            "Run <agent>-real (left by ai-session-manager) when there is one; also AGENT_SESSIONS_USE_REAL=1.")
        /// Read by `ToolRunner` alone (this command's output is the agent's).
        static let json = SharedOptions.json(
            "Report resume-session's own errors as a JSON object on stdout (the agent's output is its own).")
        static let options = [useReal, json]
        static let positionals = [
            PositionalSpec(
                "agent", "The agent to run (options of resume-session itself go before it).", optional: false),
            PositionalSpec("args", "Arguments for the agent, passed through untouched.", repeating: true),
        ]

        var agent: ResumeAgentSpec
        var arguments: [String]
        var useReal: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            guard let name = parsed.positionals.first else {
                throw ToolError.usage("missing argument <agent>", usage: "Usage: resume-session <agent> [<args> ...]")
            }
            agent = try ResumeAgentSpec.parse(name, registry: context.registry)
            arguments = Array(parsed.positionals.dropFirst())
            useReal = parsed.flag(Self.useReal)
        }
    }

    /// The options of one of setup, teardown, status and reset.
    protocol ManageSpecs: Sendable {
        static var options: [OptionSpec] { get }
    }
    enum SetupSpecs: ManageSpecs {
        static let shell = OptionSpec.value(
            "shell", "shell", "Add the PATH block to this shell's rc file.", choices: ShellRC.shells)
        static let options = [
            shell, SharedOptions.dryRun("Print what would be created; write nothing."), SharedOptions.json,
        ]
    }
    enum TeardownSpecs: ManageSpecs {
        static let options = [SharedOptions.dryRun("Print what would be removed; change nothing."), SharedOptions.json]
    }
    enum StatusSpecs: ManageSpecs {
        static let options = [SharedOptions.json]
    }
    enum ResetSpecs: ManageSpecs {
        static let options = [
            SharedOptions.dryRun("Print what would be forgotten; change nothing."), SharedOptions.json,
        ]
    }

    /// `resume-session setup|teardown|status|reset [AGENTS...]`.
    struct ManageOptions<Specs: ManageSpecs>: CommandOptions {
        static var options: [OptionSpec] { Specs.options }
        static var positionals: [PositionalSpec] { [agentsArg] }

        /// The agents named, each once; nil: all.
        var agents: [ResumeAgentSpec]?
        var shell: String?
        var dryRun: Bool
        var json: Bool

        init(_ parsed: ParsedArguments, _ context: ToolContext) throws(ToolError) {
            agents = try ResumeManage.agents(parsed.positionals, context)
            shell = parsed.value(SetupSpecs.shell)
            dryRun = parsed.flag(SharedOptions.dryRun())
            json = parsed.flag(SharedOptions.json)
        }
    }

    public static var command: Command {
        func names(_ mode: ResumeAgentSpec.Mode) -> String {
            ResumeAgentSpec.all.filter { $0.mode == mode }.map(\.agent.rawValue).joined(separator: "/")
        }
        let examples = ResumeAgentSpec.supported.prefix(2).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        var root = Command(
            name: "resume-session",
            abstract: "Run an agent so that it resumes this project's session.",
            discussion: """
                resume-session AGENT [ARGS...] runs the real AGENT (\(AgentRegistry.names(ResumeAgentSpec.supported))) found on \
                PATH outside the shim folder. \(names(.managedID)): the first run in a project starts with a new \
                --session-id and records it, later runs resume it. \(names(.discovered)): the first run starts normally, the \
                next finds the project's newest session in the agent's store, records it and resumes it. The record \
                is .ai/resume/<agent>.json in the project (git top folder, else the working folder). Everything \
                after AGENT goes to the agent untouched; when it already chooses a session or is not a chat \
                (-r, --resume, -c, --continue, --session-id, resume, exec, -p, mcp, --help, --version, ...) \
                nothing is added. 'setup' creates the shims that make plain \(examples), ... do this.
                """,
            options: RunOptions.self,
            subcommands: [
                Command(
                    name: "setup", abstract: "Create the shims (all agents found on PATH by default).",
                    discussion: """
                        Shims are tiny scripts in $AGENT_SESSIONS_HOME/shims (default \
                        ~/.local/share/agent-sessions/shims) that call resume-session. Prints the PATH line to \
                        add; --shell adds a marked block to ~/.bashrc, ~/.zshrc or ~/.config/fish/config.fish.
                        """,
                    options: ManageOptions<SetupSpecs>.self,
                    run: { options, context in
                        let exe = try executable()
                        let result = try ResumeManage.setup(
                            options.agents, shell: options.shell, executable: exe, context: context,
                            dryRun: options.dryRun)
                        result.write(context, json: options.json)
                        return result.failed ? .failure : .ok
                    }),
                Command(
                    name: "teardown", abstract: "Remove the shims (and, when none is left, the rc block).",
                    options: ManageOptions<TeardownSpecs>.self,
                    run: { options, context in
                        try ResumeManage.teardown(options.agents, context: context, dryRun: options.dryRun)
                            .write(context, json: options.json)
                        return .ok
                    }),
                Command(
                    name: "status",
                    abstract: "Show platform, real binaries, shims, PATH order and this project's sessions.",
                    options: ManageOptions<StatusSpecs>.self,
                    run: { options, context in
                        ResumeManage.status(
                            options.agents, executable: PlatformProcess.executablePath(), context: context
                        ).write(context, json: options.json)
                        return .ok
                    }),
                Command(
                    name: "reset", abstract: "Forget this project's recorded session(s): the next launch starts anew.",
                    options: ManageOptions<ResetSpecs>.self,
                    run: { options, context in
                        try ResumeManage.reset(options.agents, context: context, dryRun: options.dryRun)
                            .write(context, json: options.json)
                        return .ok
                    }),
            ],
            run: { try ResumeSession.run($0, $1) })
        root.passthroughAfterPositional = true
        return root
    }

    static func executable() throws(ToolError) -> String {
        guard let path = PlatformProcess.executablePath() else {
            throw ToolError(.failure, "cannot tell where resume-session is installed")
        }
        return path
    }
}
