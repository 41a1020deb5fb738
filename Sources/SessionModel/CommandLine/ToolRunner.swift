/// The one place where a command line becomes an exit code: parse, `--help`/`--version`, run, and turn every error
/// into one line on stderr (and a JSON object on stdout when `--json` was asked for).
public enum ToolRunner {
    public static let version = "0.1.0"

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
        guard let root = command(for: context.tool) else {
            context.stderr.line("agent-sessions: unknown tool '\(context.tool)'")
            return ExitCode.usage.rawValue
        }
        // `--json` is honoured for errors even when the rest of the line does not parse, but not when it stands as
        // another option's value. For a pass-through tool (resume-session) only the words before the agent's name
        // are ours.
        let wantsJSON = ArgumentParser.asksForJSON(context.arguments, root: root)
        do {
            switch try ArgumentParser.parse(context.arguments, root: root) {
            case .help(let path):
                context.stdout.write(HelpFormatter.help(ArgumentParser.resolve(path, root: root), path: path))
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
                return try action(parsed, context).rawValue
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

    public static func report(_ error: ToolError, context: ToolContext, json: Bool) {
        context.stderr.line("\(context.tool): error: \(error.description)")
        if let usage = error.usage, error.code == .usage {
            context.stderr.line(usage)
        }
        if json {
            context.stdout.write(JSONWriter.pretty(error.json))
        }
    }
}
