import Foundation
import Testing

@testable import SessionModel

@Suite("Session detector")
struct SessionDetectorTests {
    static let claudeID = "aaaaaaaa-1111-4111-8111-111111111111"
    static let codexID = "019c0000-2222-7222-8222-222222222222"
    let temp = TempDir()

    var project: String { temp.file("proj") }

    /// A Claude session of `project` whose lines carry `timestamp`, and a Codex rollout of `project` modified at
    /// `codexModified` (seconds since 1970).
    func makeStores(claudeTimestamp: String, codexModified: Double) throws -> [String: String] {
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        let enc = ClaudeProjectFolder.encode(project)
        try temp.write(
            "cc/projects/\(enc)/\(Self.claudeID).jsonl",
            #"{"type":"user","uuid":"u","parentUuid":null,"timestamp":"\#(claudeTimestamp)","cwd":"\#(project)","sessionId":"\#(Self.claudeID)","message":{"role":"user","content":"hi"}}"#
                + "\n")
        let rollout = try temp.write(
            "cx/sessions/2026/01/01/rollout-2026-01-01T09-00-00-\(Self.codexID).jsonl",
            #"{"timestamp":"2026-01-01T07:00:00Z","type":"session_meta","payload":{"id":"\#(Self.codexID)","timestamp":"2026-01-01T07:00:00Z","cwd":"\#(project)"}}"#
                + "\n")
        try Fixtures.setModified(rollout, codexModified)
        return ["CLAUDE_CONFIG_DIR": temp.file("cc"), "CODEX_HOME": temp.file("cx")]
    }

    func context(_ env: [String: String]) -> AgentEnvironment { storeEnvironment(home: temp.home, env, cwd: project) }

    @Test func runningAgentFromMarkers() {
        #expect(SessionDetector.runningAgent(environment: ["CLAUDECODE": "1"]) == .claude)
        #expect(SessionDetector.runningAgent(environment: ["CODEX_THREAD_ID": "x"]) == .codex)
        #expect(SessionDetector.runningAgent(environment: ["CODEX_CI": "1"]) == .codex)
        #expect(SessionDetector.runningAgent(environment: [:]) == nil)
    }

    /// An agent started in Cursor's integrated terminal (CURSOR_TRACE_ID set) is the one running us; detection tries
    /// the agents by `detectionRank`, not by their order in the registry.
    @Test func agentsInsideCursorsTerminalWin() {
        for (marker, kind) in [("OPENCODE", AgentKind.opencode), ("COPILOT_CLI", .copilot), ("GEMINI_CLI", .gemini)] {
            #expect(SessionDetector.runningAgent(environment: ["CURSOR_TRACE_ID": "t", marker: "1"]) == kind)
        }
        #expect(SessionDetector.runningAgent(environment: ["CURSOR_TRACE_ID": "t"]) == .cursor)
    }

    @Test func envVariableWinsAndFindsTheTranscript() throws {
        var env = try makeStores(claudeTimestamp: "2026-01-01T08:00:00Z", codexModified: 1_767_258_000)
        env["CLAUDE_CODE_SESSION_ID"] = Self.claudeID
        let found = try #require(
            try SessionDetector.detect(
                context(env), projectPath: project, agent: nil,
                explicitID: nil, hookPayload: nil))
        #expect(found.agent == .claude)
        #expect(found.rule == "env:CLAUDE_CODE_SESSION_ID")
        #expect(found.transcriptPath?.hasSuffix("/\(Self.claudeID).jsonl") == true)
        #expect(found.json["session_id"] == .string(Self.claudeID))

        env["CODEX_THREAD_ID"] = Self.codexID
        let codex = try #require(
            try SessionDetector.detect(
                context(env), projectPath: project, agent: .codex,
                explicitID: nil, hookPayload: nil))
        #expect(codex.rule == "env:CODEX_THREAD_ID")
        #expect(codex.transcriptPath?.contains("rollout-") == true)
    }

    /// Each agent's `hookPayloadSigns`: own keys first, then the transcript path, then shared keys.
    @Test func hookPayloadAgentGuess() {
        func guess(_ raw: JSONValue) -> AgentKind? { HookPayload(raw: raw).agentGuess() }
        #expect(guess(["conversation_id": "c", "transcript_path": "/h/.claude/projects/x.jsonl"]) == .cursor)
        #expect(guess(["session_id": "s", "transcript_path": "/h/.claude/projects/p/x.jsonl"]) == .claude)
        #expect(guess(["session_id": "s", "transcript_path": "/h/.codex/sessions/rollout-1.jsonl"]) == .codex)
        #expect(guess(["session_id": "s", "transcript_path": "/h/.gemini/tmp/p/chats/x.json"]) == .gemini)
        #expect(guess(["sessionId": "s", "transcriptPath": "/h/.copilot/session-state/x"]) == .copilot)
        #expect(guess(["sessionId": "s"]) == .copilot)
        #expect(guess(["session_id": "s"]) == nil)
    }

    @Test func hookPayloadInEitherKeyStyle() throws {
        let env = try makeStores(claudeTimestamp: "2026-01-01T08:00:00Z", codexModified: 1_767_258_000)
        for raw: JSONValue in [["session_id": .string(Self.claudeID)], ["sessionId": .string(Self.claudeID)]] {
            let found = try #require(
                try SessionDetector.detect(
                    context(env), projectPath: project, agent: .claude,
                    explicitID: nil, hookPayload: HookPayload(raw: raw)))
            #expect(found.rule == "hook-payload")
            #expect(found.id == Self.claudeID)
            #expect(found.transcriptPath?.hasSuffix(".jsonl") == true)
        }
    }

    @Test func explicitIDIsTheOptionRule() throws {
        let env = try makeStores(claudeTimestamp: "2026-01-01T08:00:00Z", codexModified: 1_767_258_000)
        let found = try #require(
            try SessionDetector.detect(
                context(env), projectPath: project, agent: .codex,
                explicitID: Self.codexID, hookPayload: nil))
        #expect(found.rule == "option")
        #expect(found.summary?.id == Self.codexID)
    }

    // 10:00+02:00 is 08:00Z, older than the rollout's 09:00Z; as strings "2026-01-01T10…" would sort after "…T09…".
    @Test func newestComparesRealDatesNotStrings() throws {
        let env = try makeStores(claudeTimestamp: "2026-01-01T10:00:00+02:00", codexModified: 1_767_258_000)
        let found = try #require(
            try SessionDetector.detect(
                context(env), projectPath: project, agent: nil,
                explicitID: nil, hookPayload: nil))
        #expect(found.agent == .codex)
        #expect(found.rule == "newest")

        let later = try makeStores(claudeTimestamp: "2026-01-01T09:30:00Z", codexModified: 1_767_258_000)
        let claude = try #require(
            try SessionDetector.detect(
                context(later), projectPath: project, agent: nil,
                explicitID: nil, hookPayload: nil))
        #expect(claude.agent == .claude)
        #expect(claude.id == Self.claudeID)
    }

    @Test func nothingFoundIsNil() throws {
        let found = try SessionDetector.detect(
            context(["CLAUDE_CONFIG_DIR": temp.file("none"), "CODEX_HOME": temp.file("none")]),
            projectPath: project, agent: nil, explicitID: nil, hookPayload: nil)
        #expect(found == nil)
    }

    @Test func taskSourceErrorsAreMissingInput() throws {
        let env = try makeStores(claudeTimestamp: "2026-01-01T08:00:00Z", codexModified: 1_767_258_000)
        let proj = Project(root: project, git: nil)
        // the Codex session has no update_plan call: no task list → 66
        #expect(throws: SessionError.self) { try AgentTaskSource.tasks(context(env), project: proj, agent: "codex") }
        do {
            _ = try AgentTaskSource.tasks(context(env), project: proj, agent: "codex")
        } catch {
            #expect(ToolError(error).code == .noInput)
            #expect(error.message.contains("keeps no task list"))
        }
        do {
            _ = try AgentTaskSource.tasks(
                context(["CLAUDE_CONFIG_DIR": temp.file("none")]), project: proj, agent: "claude")
            Issue.record("expected an error")
        } catch {
            #expect(ToolError(error).code == .noInput)
            #expect(ToolError(error).hint != nil)
        }
        do {
            _ = try AgentTaskSource.tasks(context(env), project: proj, agent: "nope")
            Issue.record("expected an error")
        } catch {
            #expect(ToolError(error).code == .usage)
        }
    }
}
