/// `export-session`: placeholder until its issue lands.
public enum ExportSessionCommand {
    public static var command: Command {
        Command(name: "export-session", abstract: "Not built yet.",
                options: [.flag("json", "Print the result as JSON.")],
                action: { _, _ in throw ToolError(.failure, "export-session is not available in this build yet") })
    }
}
