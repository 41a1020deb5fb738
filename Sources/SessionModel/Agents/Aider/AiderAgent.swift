extension AgentKind {
    public static let aider = AgentKind("aider", displayName: "Aider")
}

extension AgentEntry {
    /// Aider: a history file per project; no home folder we integrate with, no task list.
    public static let aider = AgentEntry(
        kind: .aider, store: { AiderStore(environment: $0) },
        idRule: AgentIDRule(hint: "give one word without spaces or slashes; paste only the id") { _ in true },
        resumeCommand: { _ in "aider --restore-chat-history" },
        runsUs: { $0["AIDER"] != nil },
        // Tried last (as before the registry): its marker says least about who started us.
        detectionRank: 6)
}
