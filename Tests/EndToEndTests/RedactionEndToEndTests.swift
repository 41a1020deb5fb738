import Foundation
import SessionModel
import Testing

/// What save-state and save-session commit goes through the redactor; the count is on stderr.
@Suite struct RedactionEndToEndTests {
    /// A token built from pieces (nothing secret-looking is committed).
    static let token = "gh" + "p_" + String(repeating: "Zk4mQ", count: 8)

    @Test func saveStateRedactsNotesAndTasks() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        let save = try box.run(
            "save-state",
            ["use GH_TOKEN " + Self.token + " for the push", "--pending", "rotate " + Self.token, "--json"],
            cwd: repo)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stderr.contains("redaction: 2 secrets redacted (github 2)"), "\(save.stderr)")
        let state = box.read(repo + "/.claude/claude-state.json") ?? ""
        let progress = box.read(repo + "/.claude/claude-progress.md") ?? ""
        #expect(!state.contains(Self.token) && !progress.contains(Self.token) && !save.stdout.contains(Self.token))
        #expect(state.contains("[REDACTED:github]"))
    }

    /// A file named after a token (an untracked key dump, say) is listed in the state's modified files: the name is
    /// redacted like the texts, so the fail-closed second scan finds nothing to refuse.
    @Test func saveStateRedactsFileNamesItCommits() throws {
        let box = Sandbox()
        let repo = try box.makeRepo()
        try box.write(repo + "/" + Self.token + ".txt", "x\n")
        let save = try box.run("save-state", ["--pending", "A"], cwd: repo)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stderr.contains("redaction: 1 secret redacted (github 1)"), "\(save.stderr)")
        let state = box.read(repo + "/.claude/claude-state.json") ?? ""
        #expect(!state.contains(Self.token) && state.contains("[REDACTED:github].txt"), "\(state)")
    }

    /// The second scan of what a save writes is independent of the redactor: given bytes the redactor would have
    /// caught, it refuses (exit 1 in the tools) naming the kind, never the value; clean bytes pass.
    @Test func theSecondScanOfASaveRefusesWhatTheRedactorMissed() throws {
        let planted = Array(("notes: " + Self.token + "\n").utf8)
        do {
            try CommittedRedaction.verify([Array("clean\n".utf8), planted], what: "the state to save")
            Issue.record("a planted token passed the second scan")
        } catch {
            #expect(ToolError(error).code == .failure)
            #expect(error.message.contains("github secret"), "\(error.message)")
            #expect(!error.message.contains(Self.token))
        }
        try CommittedRedaction.verify([Array("clean notes\n".utf8)], what: "the state to save")
    }

    @Test func saveSessionRedactsSummaryAndJournalFields() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let r = try sb.run(
            "save-session",
            ["--summary", "pushed with " + Self.token, "--accomplishment", "db at postgres://app:pw4242@db/x"],
            cwd: repo, env: ["CLAUDE_CODE_SESSION_ID": "c1a0de00-0000-4000-8000-0000000000aa", "CLAUDECODE": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("redaction: 2 secrets redacted"), "\(r.stderr)")
        let registry = sb.read(repo + "/docs/.ai/sessions.json") ?? ""
        #expect(!registry.contains(Self.token) && !registry.contains("pw4242"))
        #expect(registry.contains("[REDACTED:github]"))
    }
}

/// `export-session list` and `inspect` show redacted titles (the first prompt of a session holds a token).
@Suite struct RedactedTitlesEndToEndTests {
    @Test func listAndInspectShowRedactedTitles() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let id = "c1a0de00-0000-4000-8000-0000000000bb"
        let token = "gh" + "p_" + String(repeating: "Zk4mQ", count: 8)
        let prompt = "deploy with " + token
        let line =
            #"{"type":"user","uuid":"u1","parentUuid":null,"timestamp":"2026-01-01T10:00:01Z","cwd":""# + repo
            + #"","sessionId":""# + id + #"","isSidechain":false,"message":{"role":"user","content":""# + prompt
            + #""}}"#
        try sb.write("cc/projects/\(ClaudeProjectFolder.encode(repo))/\(id).jsonl", line + "\n")
        let env = ["CLAUDE_CONFIG_DIR": sb.path("cc")]
        for args in [
            ["list"], ["list", "--json"], ["inspect", "--session", id, "--agent", "claude"],
            ["inspect", "--session", id, "--agent", "claude", "--json"],
        ] {
            let r = try sb.run("export-session", args, cwd: repo, env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(!r.stdout.contains(token), "\(args)")
            #expect(r.stdout.contains("deploy with [REDACTED:github]"), "\(args): \(r.stdout)")
        }
    }
}
