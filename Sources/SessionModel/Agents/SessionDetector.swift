#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Finds which agent runs us and which of its sessions is the current one, and says which rule decided.
public enum SessionDetector {
    /// The registry's agents in the order detection tries them: by `detectionRank`, then registry order.
    static func detectionOrder(_ registry: AgentRegistry) -> [AgentEntry] {
        registry.entries.enumerated().sorted {
            ($0.element.detectionRank, $0.offset) < ($1.element.detectionRank, $1.offset)
        }
        .map(\.element)
    }

    /// Environment variables that carry the current session id, per agent, in the order they are tried: each
    /// agent's `sessionIDVariables`, in detection order.
    public static func sessionIDVariables(_ registry: AgentRegistry = .standard) -> [(AgentKind, String)] {
        detectionOrder(registry).flatMap { entry in entry.sessionIDVariables.map { (entry.kind, $0) } }
    }

    /// The agent running us, from the markers its tool environment carries (the first agent, in detection order,
    /// whose `runsUs` says so).
    public static func runningAgent(
        environment env: [String: String], registry: AgentRegistry = .standard
    ) -> AgentKind? {
        detectionOrder(registry).first { $0.runsUs(env) }?.kind
    }

    /// The current session: `--session-id` (rule `option`) → the agent's env var (`env:NAME`) → a hook payload
    /// (`hook-payload`) → the newest session of the project in the agent's store (`newest`). Nil when none.
    /// With no `agent`, the running agent is used, else every agent's newest session is compared.
    public static func detect(
        _ environment: AgentEnvironment, projectPath: String, agent: AgentKind?, explicitID: String?,
        hookPayload: HookPayload?
    ) throws(SessionError) -> CurrentSession? {
        let env = environment.variables
        let agent = agent ?? runningAgent(environment: env, registry: environment.registry)
        if let explicitID {
            guard let agent else {
                throw SessionError(
                    .invalidValue, "a session id needs an agent when no agent is detected",
                    remedy: .nameTheAgentAmong(environment.registry.allNames))
            }
            let store = AgentStores.store(agent, environment: environment)
            // ignored: an unreadable store gives no summary; the given id is used as it is
            let summary = try? store.session(id: explicitID)
            return CurrentSession(
                agent: agent, id: explicitID, rule: "option", transcriptPath: summary?.path,
                summary: summary)
        }
        for (kind, variable) in sessionIDVariables(environment.registry) where agent == nil || agent == kind {
            if let id = env[variable], !id.isEmpty {
                let store = AgentStores.store(kind, environment: environment)
                // ignored: an unreadable store gives no summary; the detected id is used as it is
                let summary = try? store.session(id: id)
                return CurrentSession(
                    agent: kind, id: id, rule: "env:\(variable)", transcriptPath: summary?.path,
                    summary: summary)
            }
        }
        if let hookPayload, let id = hookPayload.sessionID,
            let kind = agent ?? hookPayload.agentGuess(environment.registry)
        {
            let store = AgentStores.store(kind, environment: environment)
            // ignored: an unreadable store gives no summary; the detected id is used as it is
            let summary = try? store.session(id: id)
            return CurrentSession(
                agent: kind, id: id, rule: "hook-payload",
                transcriptPath: hookPayload.transcriptPath ?? summary?.path, summary: summary)
        }
        let candidates = agent.map { [$0] } ?? environment.registry.kinds
        var newest: [SessionSummary] = []
        for kind in candidates {
            let store = AgentStores.store(kind, environment: environment)
            let found: SessionSummary?
            if agent == nil {
                // Comparing every agent: one store that cannot be read must not hide the others.
                // ignored: one store that cannot be read must not hide the others (see above)
                found = try? store.newestSession(projectPath: projectPath)
            } else {
                found = try store.newestSession(projectPath: projectPath)
            }
            if let found { newest.append(found) }
        }
        if let best = SessionSummary.newest(newest) {
            return CurrentSession(
                agent: best.agent, id: best.id, rule: "newest", transcriptPath: best.path,
                summary: best)
        }
        return nil
    }
}

/// A hook's stdin payload, whatever the agent's key style (snake_case or camelCase).
public struct HookPayload: Sendable, Equatable {
    public var raw: JSONValue

    public init(raw: JSONValue) { self.raw = raw }

    func string(_ keys: String...) -> String? {
        for k in keys { if let v = raw[k]?.stringValue, !v.isEmpty { return v } }
        return nil
    }

    public var sessionID: String? { string("session_id", "sessionId", "conversation_id", "conversationId") }
    public var transcriptPath: String? { string("transcript_path", "transcriptPath") }
    public var cwd: String? {
        string("cwd") ?? raw["workspace_roots"]?.arrayValue?.first?.stringValue
    }
    public var eventName: String? { string("hook_event_name", "hookEventName") }
    public var source: String? { string("source", "reason", "trigger") }

    /// Which agent sent it, from its shape, when the environment did not say: a key only that agent's payloads
    /// carry, else its transcript path, else a key it shares with others (each agent's `HookPayloadSigns`, in
    /// registry order within each step).
    public func agentGuess(_ registry: AgentRegistry = .standard) -> AgentKind? {
        let signs = registry.entries.compactMap { e in e.hookPayloadSigns.map { (e.kind, $0) } }
        if let hit = signs.first(where: { _, s in s.ownKeys.contains { raw[$0] != nil } }) { return hit.0 }
        if let path = transcriptPath,
            let hit = signs.first(where: { _, s in s.transcriptPaths.contains { path.contains($0) } })
        {
            return hit.0
        }
        return signs.first(where: { _, s in s.sharedKeys.contains { raw[$0] != nil } })?.0
    }

    /// A payload from a hook's stdin bytes; nil when empty or not a JSON object.
    public static func parse(_ bytes: [UInt8]) -> HookPayload? {
        // ignored: a payload that is not JSON is no payload (nil, as documented)
        guard !bytes.isEmpty, let json = try? JSONParser.parse(bytes), json.objectValue != nil else { return nil }
        return HookPayload(raw: json)
    }
}
