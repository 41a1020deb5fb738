/// `resume-session`: placeholder until its issue lands.
public enum ResumeSessionCommand {
    public static var command: Command {
        Command(name: "resume-session", abstract: "Not built yet.",
                options: [.flag("json", "Print the result as JSON.")],
                action: { _, _ in throw ToolError(.failure, "resume-session is not available in this build yet") })
    }
}
