#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a SessionStart hook notes that an agent session started: per machine, inside the repository's git folder
/// (`<git folder>/agent-sessions/started/<agent>-<id>.json`), so starting an agent leaves `git status` exactly as it
/// was. The committed registry gets the session when it is saved or ended (`save-session`, the end hooks), which
/// takes the note (its `started_at`, job and title) into the entry.
enum SessionStarts {
    static func path(_ repo: GitRepository, agent: AgentKind, id: String) -> String {
        Paths.join(repo.gitDirectory, "agent-sessions/started/\(agent.rawValue)-\(id).json")
    }

    /// Notes the start (the first one is kept: a resume or compaction of the same session is not a new start).
    static func note(
        _ context: ToolContext, repo: GitRepository, agent: AgentKind, id: String, fields: [String: JSONValue]
    ) throws(ToolError) -> Bool {
        try SessionRegistry.validateID(context, agent: agent, id: id)
        let file = path(repo, agent: agent, id: id)
        if FileInfo.exists(file) { return false }
        try core { () throws(SessionError) in try FileInfo.makeDirectory(Paths.dirname(file)) }
        var record = fields
        record["agent"] = .string(agent.rawValue)
        record["id"] = .string(id)
        record["started_at"] = .string(Timestamps.iso8601(context.now))
        try core { () throws(SessionError) in try JSONFile.write(.object(record), to: file) }
        return true
    }

    /// The noted start of this session, as registry fields (nil when none). The note stays until `forget` is called
    /// after the entry that carries it was written, so a save that fails loses nothing.
    static func read(_ repo: GitRepository, agent: AgentKind, id: String) -> [String: JSONValue]? {
        // ignored: an unreadable start note is no note: the entry is recorded without the start's fields
        guard let value = try? JSONFile.read(path(repo, agent: agent, id: id)), var fields = value.objectValue else {
            return nil
        }
        fields["agent"] = nil
        fields["id"] = nil
        return fields
    }

    /// Removes the note once the registry entry holds it.
    static func forget(_ repo: GitRepository, agent: AgentKind, id: String) {
        _ = SaveStateCommand.unlinkFile(path(repo, agent: agent, id: id))
    }
}

extension SessionStarts {
    /// The summary an ended session gets when none was given and its entry has none yet: the session's own title (or
    /// its first prompt) from the agent's store, secrets redacted, one line of at most 120 characters. Nil otherwise.
    static func summary(_ context: ToolContext, existing: JSONValue?, current: CurrentSession) -> String? {
        if let s = existing?["summary"]?.stringValue, !s.isEmpty { return nil }
        let store = AgentStores.store(current.agent, context: context)
        // ignored: the summary is optional; a store that cannot answer leaves it out
        guard let title = (try? store.session(id: current.id))??.title else { return nil }
        var counts = RedactionCounts()
        return StoreSupport.oneLine(CommittedRedaction.redact(title, counts: &counts) ?? "", limit: 120)
    }
}
