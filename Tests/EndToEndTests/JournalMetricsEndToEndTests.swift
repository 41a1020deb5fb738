import Foundation
import SessionModel
import TestSupport
import Testing

/// `total_exchanges` and `duration_minutes` come from the session's real transcript (issue #4), through the store.
@Suite struct JournalMetricsEndToEndTests {
    static let fixtures = RepoRoot.path + "/Tests/Fixtures"

    @Test func measuredFromTheRealClaudeTranscript() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let config = box.path("cc")
        try FileManager.default.copyItem(atPath: Self.fixtures + "/claude/real-2.1.329", toPath: config)
        let out = try box.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10", "--store", "sqlite",
                "--accomplishment", "Parser", "--json",
            ],
            cwd: repo, env: ["CLAUDE_CONFIG_DIR": config])
        #expect(out.status == 0, "\(out.stderr)")
        let journal = try box.json(out.stdout)["journal"]
        // The real session: one prompt, answered (after four tool turns) — one exchange, 0.5 s long.
        #expect(journal?["total_exchanges"] == 1)
        #expect(journal?["duration_minutes"] == 0)
    }

    @Test func countsPromptAnswerPairsAndMinutes() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let id = "0b5c9a51-6d1e-4a3b-9c2d-7e8f90a1b2c3"
        let config = box.path("cc")
        let folder = config + "/projects/" + ClaudePaths.projectFolderName(repo)
        func user(_ n: Int, _ t: String, _ text: String) -> String {
            #"{"type":"user","uuid":"u\#(n)","parentUuid":null,"timestamp":"\#(t)","sessionId":"\#(id)","cwd":"\#(repo)","message":{"role":"user","content":"\#(text)"}}"#
        }
        func assistant(_ n: Int, _ t: String, _ text: String) -> String {
            #"{"type":"assistant","uuid":"a\#(n)","parentUuid":"u\#(n)","timestamp":"\#(t)","sessionId":"\#(id)","cwd":"\#(repo)","message":{"id":"msg_\#(n)","role":"assistant","model":"m","content":[{"type":"text","text":"\#(text)"}],"stop_reason":"end_turn","usage":{}}}"#
        }
        let lines = [
            user(1, "2026-03-01T10:00:00.000Z", "first"), assistant(1, "2026-03-01T10:00:05.000Z", "one"),
            user(2, "2026-03-01T10:20:00.000Z", "second"), assistant(2, "2026-03-01T10:21:00.000Z", "two"),
            user(3, "2026-03-01T10:44:00.000Z", "third, never answered"),
        ]
        try box.write(folder + "/" + id + ".jsonl", lines.joined(separator: "\n") + "\n")
        let out = try box.run(
            "save-session", ["--agent", "claude", "--session-id", id, "--store", "sqlite", "--json"], cwd: repo,
            env: ["CLAUDE_CONFIG_DIR": config])
        #expect(out.status == 0, "\(out.stderr)")
        let journal = try box.json(out.stdout)["journal"]
        #expect(journal?["total_exchanges"] == 2)
        #expect(journal?["duration_minutes"] == 44)
        // The text report says the same.
        let text = try box.run(
            "save-session", ["--agent", "claude", "--session-id", id, "--store", "sqlite"], cwd: repo,
            env: ["CLAUDE_CONFIG_DIR": config])
        #expect(text.status == 0)
        #expect(text.stdout.contains("44"), "\(text.stdout)")
    }

    @Test func unknownWhenNoTranscriptIsFound() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let out = try box.run(
            "save-session",
            [
                "--agent", "claude", "--session-id", "0b5c9a51-6d1e-4a3b-9c2d-7e8f90a1b2c3", "--store", "sqlite",
                "--json",
            ],
            cwd: repo, env: ["CLAUDE_CONFIG_DIR": box.path("empty")])
        #expect(out.status == 0, "\(out.stderr)")
        let journal = try box.json(out.stdout)["journal"]
        #expect(journal?["total_exchanges"] == .null)
        #expect(journal?["duration_minutes"] == .null)
    }
}
