/// `export-session`: the export itself lands with its own issue; the session-store queries live here already.
public enum ExportSessionCommand {
    public static var command: Command {
        Command(name: "export-session", abstract: "Export an agent session (for now: list, find and inspect sessions).",
                options: [.flag("json", "Print the result as JSON.")],
                subcommands: [SessionQueryCommands.list, SessionQueryCommands.current, SessionQueryCommands.inspect],
                action: { _, _ in
                    throw ToolError.usage("use a subcommand for now: list, current, inspect",
                                          hint: "see 'export-session --help'")
                })
    }
}
