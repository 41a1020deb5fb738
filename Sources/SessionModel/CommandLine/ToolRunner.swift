/// The one place where a command line becomes an exit code: parse, `--help`/`--version`, run, and turn every error
/// into one line on stderr (and a JSON object on stdout when `--json` was asked for).
public enum ToolRunner {
    public static let version = AgentSessionsVersion.current

    /// Entry point of the executables.
    public static func main(tool: String, arguments: [String]) -> Int32 {
        run(ToolContext.live(tool: tool, arguments: arguments))
    }

    /// The command tree of each tool.
    public static func command(for tool: String) -> Command? {
        switch tool {
        case "save-state": return SaveStateCommand.command
        case "load-state": return LoadStateCommand.command
        case "save-session": return SaveSessionCommand.command
        case "export-session": return ExportSessionCommand.command
        case "resume-session": return ResumeSessionCommand.command
        case "setup-agents": return SetupAgentsCommand.command
        default: return nil
        }
    }

    public static func run(_ context: ToolContext) -> Int32 {
        var context = context
        if context.colors(context.stderr) { context.stderr = HighlightingSink(context.stderr) }
        // Help texts and agent choices name the context's registry (AgentHelp.swift).
        guard let root = command(for: context.tool)?.naming(context.registry) else {
            context.stderr.line("agent-sessions: unknown tool '\(context.tool)'")
            return ExitCode.usage.rawValue
        }
        // `--json` is honoured for errors even when the rest of the line does not parse, but not when it stands as
        // another option's value. For a pass-through tool (resume-session) only the words before the agent's name
        // are ours (a subcommand's word, `resume-session status --json`, does not end them).
        let wantsJSON = ArgumentParser.asksForJSON(context.arguments, root: root)
        do {
            if let code = try conventions(context, root: root) { return code.rawValue }
            switch try ArgumentParser.parse(context.arguments, root: root) {
            case .help(let path):
                printHelp(path, root: root, context: context)
                return ExitCode.ok.rawValue
            case .version:
                context.stdout.line("\(context.tool) (agent-sessions) \(version)")
                return ExitCode.ok.rawValue
            case .run(let parsed):
                let command = ArgumentParser.resolve(parsed.commandPath, root: root)
                guard let action = command.action else {
                    throw ToolError.usage(
                        "missing subcommand", usage: HelpFormatter.usageLine(command, path: parsed.commandPath))
                }
                do {
                    return try action(parsed, context).rawValue
                } catch let error as SessionError {
                    throw Self.withUsage(ToolError(error), command: command, path: parsed.commandPath)
                } catch let error as ToolError {
                    throw Self.withUsage(error, command: command, path: parsed.commandPath)
                }
            }
        } catch let error as ToolError {
            report(error, context: context, json: wantsJSON)
            return error.code.rawValue
        } catch {
            let wrapped = ToolError(.failure, "\(error)")
            report(wrapped, context: context, json: wantsJSON)
            return ExitCode.failure.rawValue
        }
    }

    /// Every exit-64 error carries the usage line of the command that was run.
    static func withUsage(_ error: ToolError, command: Command, path: [String]) -> ToolError {
        guard error.code == .usage, error.usage == nil else { return error }
        var error = error
        error.usage = HelpFormatter.usageLine(command, path: path)
        if error.hint == nil { error.hint = "see '\(path.joined(separator: " ")) --help'" }
        return error
    }

    static func printHelp(_ path: [String], root: Command, context: ToolContext) {
        let width = min(context.terminalWidth, 100)
        context.stdout.write(HelpFormatter.help(ArgumentParser.resolve(path, root: root), path: path, width: width))
    }

    /// What every tool offers besides its own commands: `help [<subcommand>...]` (tools with subcommands),
    /// `--generate-completion-script bash|zsh|fish` and `--generate-manual` (both from the command tree that
    /// `--help` prints). Nil when the command line is none of these.
    static func conventions(_ context: ToolContext, root: Command) throws(ToolError) -> ExitCode? {
        let args = context.arguments.filter { $0 != "--no-color" }
        guard let first = args.first else { return nil }
        if first == "--generate-completion-script" || first.hasPrefix("--generate-completion-script=") {
            let inline = first.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init)
            let usage = "Usage: \(root.name) --generate-completion-script <shell>"
            guard let shell = inline ?? args.dropFirst().first, args.count == (inline == nil ? 2 : 1) else {
                throw ToolError.usage(
                    "missing value for '--generate-completion-script <shell>'", usage: usage,
                    hint: "shells: \(CompletionScript.shells.joined(separator: ", "))")
            }
            guard let script = CompletionScript.script(for: shell, root: root, agents: context.registry.allNames) else {
                let near = Suggest.nearest(shell, among: CompletionScript.shells)
                throw ToolError.usage(
                    "unknown shell '\(shell)'", usage: usage,
                    hint: near.map { "did you mean '\($0)'?" }
                        ?? "shells: \(CompletionScript.shells.joined(separator: ", "))")
            }
            context.stdout.write(script)
            return .ok
        }
        if first == "--generate-manual" {
            guard args.count == 1 else {
                throw ToolError.usage(
                    "unexpected argument '\(args[1])'", usage: "Usage: \(root.name) --generate-manual")
            }
            context.stdout.write(ManPage.page(root, version: version))
            return .ok
        }
        if first == "help", !root.subcommands.isEmpty, !root.subcommands.contains(where: { $0.name == "help" }) {
            var path = [root.name]
            var command = root
            for word in args.dropFirst() where !word.hasPrefix("-") {
                guard let sub = command.subcommands.first(where: { $0.name == word }) else {
                    let names = command.subcommands.map(\.name)
                    throw ToolError.usage(
                        "unknown subcommand '\(word)'",
                        usage: "Usage: \(path.joined(separator: " ")) help [<subcommand>]",
                        hint: Suggest.nearest(word, among: names).map { "did you mean '\($0)'?" }
                            ?? "subcommands: \(names.joined(separator: ", "))")
                }
                path.append(word)
                command = sub
            }
            printHelp(path, root: root, context: context)
            return .ok
        }
        return nil
    }

    public static func report(_ error: ToolError, context: ToolContext, json: Bool) {
        context.stderr.line("\(context.tool): error: \(error.description)")
        if let usage = error.usage, error.code == .usage {
            context.stderr.line(HelpFormatter.wrapUsage(usage, width: context.terminalWidth))
        }
        if json {
            context.stdout.write(JSONWriter.pretty(error.json))
        }
    }
}
