/// The toolkit's version: `--version` prints it, setup-agents records it in what it installs.
public enum AgentSessionsVersion {
    public static let current = "0.1.0"
}
