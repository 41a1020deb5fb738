extension AgentEntry {
    /// Aider: a history file per project; no home folder we integrate with, no task list.
    public static let aider = AgentEntry(kind: .aider, store: { AiderStore(context: $0) })
}
