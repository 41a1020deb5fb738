#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What `resume-session` remembers per project and agent: `<project>/.ai/resume/<agent>.json` (gitignored: per
/// machine). Unknown keys are kept when the file is rewritten.
public struct ResumeRecord: Sendable, Equatable {
    public static let folder = ".ai/resume"
    public static let version = 1

    public var agent: AgentKind
    /// The session to resume; nil when none is known yet (a discovered-mode agent before discovery, or after `reset`).
    public var sessionID: String?
    public var mode: ResumeAgentSpec.Mode
    public var createdAt: String?
    public var updatedAt: String?
    /// Set while a discovered-mode session was started without an id: the id is looked up at the next launch.
    public var pendingSince: String?
    /// The ai-session-manager file this record came from.
    public var migratedFrom: String?
    public var other: [String: JSONValue] = [:]

    public init(
        agent: AgentKind, sessionID: String?, mode: ResumeAgentSpec.Mode, createdAt: String? = nil,
        updatedAt: String? = nil, pendingSince: String? = nil, migratedFrom: String? = nil
    ) {
        self.agent = agent
        self.sessionID = sessionID
        self.mode = mode
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.pendingSince = pendingSince
        self.migratedFrom = migratedFrom
    }

    public static func relativePath(_ agent: AgentKind) -> String { folder + "/" + agent.rawValue + ".json" }

    public var json: JSONValue {
        var o = other
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        o["version"] = .int(Self.version)
        o["agent"] = .string(agent.rawValue)
        o["session_id"] = opt(sessionID)
        o["mode"] = .string(mode.rawValue)
        o["created_at"] = opt(createdAt)
        o["updated_at"] = opt(updatedAt)
        if let pendingSince {
            o["pending_since"] = .string(pendingSince)
        } else {
            o.removeValue(forKey: "pending_since")
        }
        if let migratedFrom {
            o["migrated_from"] = .string(migratedFrom)
        } else {
            o.removeValue(forKey: "migrated_from")
        }
        return .object(o)
    }

    /// Reads a record; a file that is not one is a 65 naming the file.
    public static func from(_ value: JSONValue, agent: AgentKind, file: String) throws(ToolError) -> ResumeRecord {
        guard case .object(let o) = value else {
            throw ToolError(.dataError, "expected a JSON object, found \(value.typeName)", file: file)
        }
        var sessionID: String? = nil
        switch o["session_id"] {
        case .string(let s)?: sessionID = s.isEmpty ? nil : s
        case .null?, nil: sessionID = nil
        case let other?:
            throw ToolError(.dataError, "'session_id' must be a string or null, found \(other.typeName)", file: file)
        }
        if let id = sessionID, !IDShapes.isSafeComponent(id) || id.hasPrefix("-") {
            throw ToolError(.dataError, "'session_id' is not a session id", file: file)
        }
        let spec = ResumeAgentSpec.spec(for: agent)
        let mode = o["mode"]?.stringValue.flatMap(ResumeAgentSpec.Mode.init(rawValue:)) ?? spec?.mode ?? .managedID
        var record = ResumeRecord(
            agent: agent, sessionID: sessionID, mode: mode,
            createdAt: o["created_at"]?.stringValue, updatedAt: o["updated_at"]?.stringValue,
            pendingSince: o["pending_since"]?.stringValue,
            migratedFrom: o["migrated_from"]?.stringValue)
        var rest = o
        for key in [
            "version", "agent", "session_id", "mode", "created_at", "updated_at", "pending_since",
            "migrated_from",
        ] {
            rest.removeValue(forKey: key)
        }
        record.other = rest
        return record
    }
}

/// State left by ai-session-manager (the tool that renames agents to `<tool>-real`), read once and migrated.
///
/// Its format (from its source, `src/ai_session_manager/wrapper.py`): `<root>/.ai-session-manager/<tool>.json`, older
/// `<root>/.git/ai-session-manager/<tool>.json`, both `{"version":1,"tool":"claude","session_mode":"managed-id",
/// "resume_target":"<id>"}` (`resume_target` absent while a discovered id is not known yet), and the plain-text id
/// files of the agent's `ResumeAgentSpec.legacyIDFiles`. `session_id` / `sessionId` keys
/// are accepted too. The old files are never changed.
public enum LegacyResumeState {
    public struct Found: Sendable, Equatable {
        public var sessionID: String?
        /// Relative to the project root when inside it.
        public var path: String
    }

    public static func candidates(agent: AgentKind, project: Project) -> [(path: String, json: Bool)] {
        let tool = agent.rawValue
        var gitDirs: [String] = [Paths.join(project.root, ".git")]
        if let dir = project.git?.gitDirectory, !gitDirs.contains(dir) { gitDirs.append(dir) }
        var result: [(String, Bool)] = [(Paths.join(project.root, ".ai-session-manager", tool + ".json"), true)]
        for dir in gitDirs { result.append((Paths.join(dir, "ai-session-manager", tool + ".json"), true)) }
        for file in ResumeAgentSpec.spec(for: agent)?.legacyIDFiles(project.root, gitDirs) ?? [] {
            result.append((file, false))
        }
        return result
    }

    /// The first legacy state of `agent` in `project`, or nil. Unreadable or malformed files are skipped.
    public static func find(agent: AgentKind, project: Project) -> Found? {
        for (path, isJSON) in candidates(agent: agent, project: project) where FileInfo.isFile(path) {
            // ignored: unreadable legacy state files are skipped (see the doc comment)
            guard let bytes = try? AtomicFile.read(path, limit: 1 << 20) else { continue }
            let display = Paths.relative(path, to: project.root)
            if !isJSON {
                let text = String(decoding: bytes, as: UTF8.self).trimmed(.whitespacesAndNewlines)
                guard !text.isEmpty, valid(text) else { continue }
                return Found(sessionID: text, path: display)
            }
            // ignored: malformed legacy state files are skipped (see the doc comment)
            guard let value = try? JSONParser.parse(bytes), case .object(let o) = value else { continue }
            let id = ["resume_target", "session_id", "sessionId"].lazy.compactMap { o[$0]?.stringValue }.first
            if let id, !valid(id) { continue }
            return Found(sessionID: id, path: display)
        }
        return nil
    }

    static func valid(_ id: String) -> Bool { IDShapes.isSafeComponent(id) && !id.hasPrefix("-") && !id.contains(" ") }
}
