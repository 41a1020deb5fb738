/// `save-session`: placeholder until its issue lands.
public enum SaveSessionCommand {
    public static var command: Command {
        Command(name: "save-session", abstract: "Not built yet.",
                options: [.flag("json", "Print the result as JSON.")],
                action: { _, _ in throw ToolError(.failure, "save-session is not available in this build yet") })
    }
}
