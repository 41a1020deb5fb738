/// `resume-session`: every agent started in a project resumes that project's session, through shims on PATH.
public enum ResumeSessionCommand {
    public static var command: Command {
        let agentsArg = PositionalSpec(
            "agents", "Agents (default: \(ResumeAgentSpec.supported.map(\.rawValue).joined(separator: ", "))).",
            repeating: true)
        var root = Command(
            name: "resume-session",
            abstract: "Run an agent so that it resumes this project's session.",
            discussion: """
                resume-session AGENT [ARGS...] runs the real AGENT (\(AgentRegistry.names(ResumeAgentSpec.supported))) found on \
                PATH outside the shim folder. claude/gemini/copilot: the first run in a project starts with a new \
                --session-id and records it, later runs resume it. codex/agy/cursor-agent: the first run starts normally, the \
                next finds the project's newest session in the agent's store, records it and resumes it. The record \
                is .ai/resume/<agent>.json in the project (git top folder, else the working folder). Everything \
                after AGENT goes to the agent untouched; when it already chooses a session or is not a chat \
                (-r, --resume, -c, --continue, --session-id, resume, exec, -p, mcp, --help, --version, ...) \
                nothing is added. 'setup' creates the shims that make plain 'claude', 'codex', ... do this.
                """,
            options: [
                .flag(
                    "use-real",
                    "Run <agent>-real (left by ai-session-manager) when there is one; also AGENT_SESSIONS_USE_REAL=1."),
                .flag(
                    "json",
                    "Report resume-session's own errors as a JSON object on stdout (the agent's output is its own)."),
            ],
            positionals: [
                PositionalSpec(
                    "agent", "The agent to run (options of resume-session itself go before it).", optional: false),
                PositionalSpec("args", "Arguments for the agent, passed through untouched.", repeating: true),
            ],
            subcommands: [
                Command(
                    name: "setup", abstract: "Create the shims (all agents found on PATH by default).",
                    discussion: """
                        Shims are tiny scripts in $AGENT_SESSIONS_HOME/shims (default \
                        ~/.local/share/agent-sessions/shims) that call resume-session. Prints the PATH line to \
                        add; --shell adds a marked block to ~/.bashrc, ~/.zshrc or ~/.config/fish/config.fish.
                        """,
                    options: [
                        .value(
                            "shell", "shell", "Add the PATH block to this shell's rc file.", choices: ShellRC.shells),
                        .flag("dry-run", "Print what would be created; write nothing."),
                        .flag("json", "Print the result as JSON."),
                    ],
                    positionals: [agentsArg],
                    action: { parsed, context in
                        let exe = try executable()
                        let result = try ResumeManage.setup(
                            try ResumeManage.agents(parsed), shell: parsed.value("shell"),
                            executable: exe, context: context, dryRun: parsed.flag("dry-run"))
                        ResumeManage.emit(result.json, text: result.lines, parsed: parsed, context: context)
                        return result.failed ? .failure : .ok
                    }),
                Command(
                    name: "teardown", abstract: "Remove the shims (and, when none is left, the rc block).",
                    options: [
                        .flag("dry-run", "Print what would be removed; change nothing."),
                        .flag("json", "Print the result as JSON."),
                    ],
                    positionals: [agentsArg],
                    action: { parsed, context in
                        let result = try ResumeManage.teardown(
                            try ResumeManage.agents(parsed), context: context, dryRun: parsed.flag("dry-run"))
                        ResumeManage.emit(result.json, text: result.lines, parsed: parsed, context: context)
                        return .ok
                    }),
                Command(
                    name: "status",
                    abstract: "Show platform, real binaries, shims, PATH order and this project's sessions.",
                    options: [.flag("json", "Print the result as JSON.")],
                    positionals: [agentsArg],
                    action: { parsed, context in
                        let result = ResumeManage.status(
                            try ResumeManage.agents(parsed),
                            executable: PlatformProcess.executablePath(), context: context)
                        ResumeManage.emit(result.json, text: result.lines, parsed: parsed, context: context)
                        return .ok
                    }),
                Command(
                    name: "reset", abstract: "Forget this project's recorded session(s): the next launch starts anew.",
                    options: [
                        .flag("dry-run", "Print what would be forgotten; change nothing."),
                        .flag("json", "Print the result as JSON."),
                    ],
                    positionals: [agentsArg],
                    action: { parsed, context in
                        let result = try ResumeManage.reset(
                            try ResumeManage.agents(parsed), context: context, dryRun: parsed.flag("dry-run"))
                        ResumeManage.emit(result.json, text: result.lines, parsed: parsed, context: context)
                        return .ok
                    }),
            ],
            action: { parsed, context in try ResumeSession.run(parsed, context) })
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
