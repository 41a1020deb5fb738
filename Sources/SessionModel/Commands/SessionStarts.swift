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
        try FileInfo.makeDirectory(Paths.dirname(file))
        var record = fields
        record["agent"] = .string(agent.rawValue)
        record["id"] = .string(id)
        record["started_at"] = .string(Timestamps.iso8601(context.now))
        try JSONFile.write(.object(record), to: file)
        return true
    }

    /// The noted start of this session, as registry fields (nil when none), and forgets it.
    static func take(_ repo: GitRepository, agent: AgentKind, id: String) -> [String: JSONValue]? {
        let file = path(repo, agent: agent, id: id)
        guard let value = try? JSONFile.read(file), var fields = value.objectValue else { return nil }
        _ = SaveStateCommand.unlinkFile(file)
        fields["agent"] = nil
        fields["id"] = nil
        return fields
    }
}

extension SessionStarts {
    /// The summary an ended session gets when none was given and its entry has none yet: the session's own title (or
    /// its first prompt) from the agent's store, secrets redacted, one line of at most 120 characters. Nil otherwise.
    static func summary(_ context: ToolContext, project: Project, current: CurrentSession) throws(ToolError) -> String?
    {
        let document = try SessionRegistry.load(
            path: project.path(SessionRegistry.file), displayPath: SessionRegistry.file)
        let existing = SessionRegistry.entries(document).first { $0["id"]?.stringValue == current.id }
        if let s = existing?["summary"]?.stringValue, !s.isEmpty { return nil }
        let store = AgentStores.store(current.agent, context: context)
        guard let title = (try? store.session(id: current.id))??.title else { return nil }
        var counts = RedactionCounts()
        let line = Redactor().redact(ProgressRenderer.inline(title), counts: &counts)
            .trimmed(.whitespaces)
        guard !line.isEmpty else { return nil }
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }
}
