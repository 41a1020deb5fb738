/// `setup-agents`: placeholder until its issue lands.
public enum SetupAgentsCommand {
    public static var command: Command {
        Command(name: "setup-agents", abstract: "Not built yet.",
                options: [.flag("json", "Print the result as JSON.")],
                action: { _, _ in throw ToolError(.failure, "setup-agents is not available in this build yet") })
    }
}
