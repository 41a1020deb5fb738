import Foundation
import Testing

@testable import SessionModel

@Suite struct ResumeArgumentParserTests {
    func parse(_ args: [String]) throws -> ArgumentParser.Outcome {
        try ArgumentParser.parse(args, root: ResumeSessionCommand.command)
    }

    @Test func everythingAfterTheAgentIsKeptRaw() throws {
        let raw = ["claude", "--resume", "x", "-p", "-", "--", "--json", "-abc", "--model=opus", "-h"]
        guard case .run(let parsed) = try parse(raw) else { Issue.record("expected run"); return }
        #expect(parsed.positionals == raw)
        #expect(parsed.flags.isEmpty)
        #expect(parsed.commandPath == ["resume-session"])
    }

    @Test func optionsBeforeTheAgentAreOurs() throws {
        guard case .run(let parsed) = try parse(["--use-real", "codex", "--use-real", "--help"]) else {
            Issue.record("expected run"); return
        }
        #expect(parsed.flag("use-real"))
        #expect(parsed.positionals == ["codex", "--use-real", "--help"])
    }

    @Test func helpVersionAndSubcommandsStillWork() throws {
        #expect(try parse(["--help"]) == .help(["resume-session"]))
        #expect(try parse(["--version"]) == .version)
        guard case .run(let parsed) = try parse(["status", "claude", "--json"]) else {
            Issue.record("expected run"); return
        }
        #expect(parsed.commandPath == ["resume-session", "status"])
        #expect(parsed.flag("json"))
        #expect(parsed.positionals == ["claude"])
        #expect(try parse(["setup", "--help"]) == .help(["resume-session", "setup"]))
    }

    @Test func missingAgentIsAUsageError() {
        #expect(throws: ToolError.self) { try parse([]) }
    }

    @Test func withoutTheSwitchUnknownOptionsAfterPositionalsStayErrors() throws {
        let plain = Command(
            name: "t", abstract: "", positionals: [PositionalSpec("words", "", repeating: true)],
            action: { _, _ in .ok })
        #expect(throws: ToolError.self) { try ArgumentParser.parse(["a", "--zzz"], root: plain) }
        var passing = plain
        passing.passthroughAfterPositional = true
        #expect(
            try ArgumentParser.parse(["a", "--zzz", "--", "-"], root: passing)
                == .run(
                    {
                        var p = ParsedArguments(); p.commandPath = ["t"]; p.positionals = ["a", "--zzz", "--", "-"];
                        return p
                    }()))
    }
}

@Suite struct ResumePassThroughTableTests {
    static func spec(_ agent: AgentKind) -> ResumeAgentSpec { ResumeAgentSpec.spec(for: agent)! }

    static let passing: [(AgentKind, [String])] = [
        (.claude, ["-r", "abc"]), (.claude, ["--resume"]), (.claude, ["--resume=abc"]), (.claude, ["-c"]),
        (.claude, ["--continue"]), (.claude, ["--session-id", "x"]), (.claude, ["--help"]), (.claude, ["-v"]),
        (.claude, ["--version"]), (.claude, ["-p", "say hi"]), (.claude, ["--print"]), (.claude, ["mcp", "list"]),
        (.claude, ["--model", "opus", "mcp", "list"]), (.claude, ["--model=opus", "doctor"]), (.claude, ["update"]),
        (.claude, ["auth"]), (.claude, ["plugin", "list"]), (.claude, ["config"]),
        (.codex, ["resume", "--last"]), (.codex, ["exec", "do it"]), (.codex, ["-m", "gpt", "exec", "x"]),
        (.codex, ["-c", "model=x", "login"]), (.codex, ["mcp"]), (.codex, ["--help"]), (.codex, ["-V"]),
        (.codex, ["fork", "x"]), (.codex, ["logout"]),
        (.gemini, ["--resume", "3"]), (.gemini, ["-r"]), (.gemini, ["--list-sessions"]),
        (.gemini, ["--session-id", "u"]),
        (.gemini, ["-p", "x"]), (.gemini, ["--version"]), (.gemini, ["mcp", "list"]), (.gemini, ["extensions"]),
        (.copilot, ["--resume"]), (.copilot, ["--continue"]), (.copilot, ["--session-id", "u"]),
        (.copilot, ["-p", "x"]),
        (.copilot, ["--help"]), (.copilot, ["update"]), (.copilot, ["login"]),
        (.agy, ["--conversation", "u"]), (.agy, ["-c"]), (.agy, ["--continue"]), (.agy, ["auth"]), (.agy, ["--help"]),
        (.cursor, ["--resume", "u"]), (.cursor, ["--resume=u"]), (.cursor, ["--continue"]), (.cursor, ["resume"]),
        (.cursor, ["ls"]), (.cursor, ["-p", "x"]), (.cursor, ["--model", "gpt-5", "-p", "x"]), (.cursor, ["-c"]),
        (.cursor, ["--workspace", "/elsewhere"]), (.cursor, ["login"]), (.cursor, ["--help"]),
        (.cursor, ["mcp", "list"]),
    ]

    @Test(arguments: passing)
    func passesThrough(_ agent: AgentKind, _ args: [String]) {
        #expect(Self.spec(agent).passThroughReason(args) != nil, "\(agent) \(args)")
    }

    static let resuming: [(AgentKind, [String])] = [
        (.claude, []), (.claude, ["fix the mcp bug"]), (.claude, ["--model", "mcp"]),
        (.claude, ["--model", "opus", "hello"]),
        (.claude, ["--", "-r"]), (.claude, ["--allowedTools", "Bash", "--permission-mode", "plan"]),
        // codex's -c is --config and -p is --profile: a chat
        (.codex, []), (.codex, ["-c", "model=x"]), (.codex, ["-p", "work", "fix it"]), (.codex, ["--model", "exec"]),
        (.gemini, []), (.gemini, ["-i", "start here"]), (.gemini, ["-m", "pro"]),
        (.copilot, []), (.copilot, ["--model", "x"]),
        (.agy, []), (.agy, ["what next"]),
        // `agent` starts the interactive agent; `--model ls` is a model's value, not the `ls` subcommand
        (.cursor, []), (.cursor, ["fix it"]), (.cursor, ["agent", "fix it"]), (.cursor, ["--model", "ls"]),
        (.cursor, ["-f", "--mode", "plan"]),
    ]

    @Test(arguments: resuming)
    func resumeApplies(_ agent: AgentKind, _ args: [String]) {
        #expect(Self.spec(agent).passThroughReason(args) == nil, "\(agent) \(args)")
    }

    @Test func argumentBuilding() {
        let user = ["--model", "x", "hello"]
        #expect(Self.spec(.claude).arguments(resuming: "ID", newID: nil, user: user) == ["-r", "ID"] + user)
        #expect(
            Self.spec(.claude).arguments(resuming: nil, newID: "NEW", user: user) == ["--session-id", "NEW"] + user)
        #expect(Self.spec(.gemini).arguments(resuming: "ID", newID: nil, user: user) == ["--resume", "ID"] + user)
        #expect(
            Self.spec(.gemini).arguments(resuming: nil, newID: "NEW", user: user) == ["--session-id", "NEW"] + user)
        #expect(Self.spec(.copilot).arguments(resuming: "ID", newID: nil, user: user) == ["--resume", "ID"] + user)
        #expect(Self.spec(.copilot).arguments(resuming: nil, newID: "NEW", user: []) == ["--session-id", "NEW"])
        #expect(Self.spec(.codex).arguments(resuming: "ID", newID: nil, user: user) == ["resume", "ID"] + user)
        #expect(Self.spec(.codex).arguments(resuming: nil, newID: "NEW", user: user) == user)
        #expect(Self.spec(.agy).arguments(resuming: "ID", newID: nil, user: user) == ["--conversation", "ID"] + user)
        #expect(Self.spec(.agy).arguments(resuming: nil, newID: nil, user: []) == [])
        #expect(Self.spec(.cursor).arguments(resuming: "ID", newID: nil, user: user) == ["--resume", "ID"] + user)
        #expect(Self.spec(.cursor).arguments(resuming: nil, newID: "NEW", user: user) == user)
        #expect(Self.spec(.cursor).mode == .discovered && Self.spec(.cursor).binary == "cursor-agent")
    }

    @Test func unsupportedAgentsAreUsageErrors() throws {
        #expect(throws: ToolError.self) { try ResumeAgentSpec.parse("aider") }
        #expect(throws: ToolError.self) { try ResumeAgentSpec.parse("nope") }
        #expect(try ResumeAgentSpec.parse("Claude-Code").agent == .claude)
        // A shim passes the program's name.
        #expect(try ResumeAgentSpec.parse("cursor-agent").agent == .cursor)
        #expect(try ResumeAgentSpec.parse("cursor").agent == .cursor)
    }
}

/// A native store stand-in: which ids exist, which is the project's newest.
struct FakeIndex: ResumeSessionIndex {
    var present: Set<String> = []
    var missing: Set<String> = []
    var newest: String? = nil
    func presence(of id: String) -> SessionPresence {
        present.contains(id) ? .present : missing.contains(id) ? .missing : .unknown
    }
    func newestSession(projectPath: String) -> String? { newest }
    var storeName: String { "the fake store" }
}

@Suite struct ResumePlannerTests {
    let tmp = TempDir()

    /// A folder with stand-in agents (never run here: the planner only finds them).
    func bin() throws -> String {
        for name in ["claude", "codex", "gemini", "copilot", "agy"] {
            let p = try tmp.write("bin/\(name)", "#!/bin/sh\nexit 0\n")
            chmod(p, 0o755)
        }
        return tmp.file("bin")
    }

    func context(cwd: String, extraPath: String? = nil, env: [String: String] = [:]) throws -> TestRun {
        var path = try bin() + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        if let extraPath { path = extraPath + ":" + path }
        var environment = env
        environment["PATH"] = path
        return TestRun("resume-session", [], cwd: cwd, home: tmp.home, environment: environment)
    }

    func plan(
        _ agent: AgentKind, _ args: [String] = [], cwd: String, index: FakeIndex = FakeIndex(),
        id: String = "11111111-2222-4333-8444-555555555555", useReal: Bool = false,
        extraPath: String? = nil
    ) throws -> ResumePlan {
        let run = try context(cwd: cwd, extraPath: extraPath)
        return try ResumeSession.plan(
            ResumeAgentSpec.spec(for: agent)!, arguments: args, context: run.context,
            options: .init(useReal: useReal), index: index, newID: { id })
    }

    func record(_ repo: String, _ agent: AgentKind) throws -> JSONValue? {
        try JSONFile.read(repo + "/.ai/resume/\(agent.rawValue).json")
    }

    @Test func managedFirstRunThenResume() throws {
        let repo = try tmp.makeRepo()
        let first = try plan(.claude, ["hello"], cwd: repo)
        #expect(first.kind == .new)
        #expect(first.executable == tmp.file("bin/claude"))
        #expect(first.arguments == ["--session-id", "11111111-2222-4333-8444-555555555555", "hello"])
        #expect(first.notices == ["[agent-sessions] New claude session 11111111-2222-4333-8444-555555555555 (repo)"])
        #expect(try record(repo, .claude)?["session_id"] == "11111111-2222-4333-8444-555555555555")
        // Kept out of git on this machine only: .gitignore (a tracked file) is not touched (#13).
        #expect(tmp.read("repo/.gitignore") == nil)
        #expect(tmp.read("repo/.git/info/exclude")?.hasSuffix("\n.ai/resume/\n") == true)
        #expect(first.newlyRecordedID == "11111111-2222-4333-8444-555555555555")

        let index = FakeIndex(present: ["11111111-2222-4333-8444-555555555555"])
        let later = try plan(
            .claude, ["next"], cwd: repo + "/", index: index, id: "99999999-2222-4333-8444-555555555555")
        #expect(later.kind == .resume)
        #expect(later.arguments == ["-r", "11111111-2222-4333-8444-555555555555", "next"])
        #expect(
            later.notices == ["[agent-sessions] Resuming claude session 11111111-2222-4333-8444-555555555555 (repo)"])
        #expect(later.newlyRecordedID == nil)
    }

    @Test func fromASubfolderTheProjectIsTheGitTop() throws {
        let repo = try tmp.makeRepo()
        try FileManager.default.createDirectory(atPath: repo + "/src/deep", withIntermediateDirectories: true)
        _ = try plan(.gemini, cwd: repo + "/src/deep")
        #expect(try record(repo, .gemini)?["session_id"] == "11111111-2222-4333-8444-555555555555")
        #expect(!FileInfo.exists(repo + "/src/deep/.ai"))
    }

    @Test func missingNativeSessionStartsFresh() throws {
        let repo = try tmp.makeRepo()
        _ = try plan(.copilot, cwd: repo, id: "aaaaaaaa-0000-4000-8000-000000000001")
        let index = FakeIndex(missing: ["aaaaaaaa-0000-4000-8000-000000000001"])
        let p = try plan(.copilot, ["-x"], cwd: repo, index: index, id: "bbbbbbbb-0000-4000-8000-000000000002")
        #expect(p.kind == .new)
        #expect(p.arguments == ["--session-id", "bbbbbbbb-0000-4000-8000-000000000002", "-x"])
        #expect(p.notices.count == 1)
        #expect(p.notices[0].contains("aaaaaaaa-0000-4000-8000-000000000001 is not in the fake store"))
        #expect(p.notices[0].contains("New copilot session bbbbbbbb-0000-4000-8000-000000000002"))
        #expect(try record(repo, .copilot)?["session_id"] == "bbbbbbbb-0000-4000-8000-000000000002")
        #expect(p.newlyRecordedID == "bbbbbbbb-0000-4000-8000-000000000002")
    }

    @Test func discoveredFirstRunIsPlainThenTheNewestIsRecorded() throws {
        let repo = try tmp.makeRepo()
        let first = try plan(.codex, ["--model", "m"], cwd: repo)
        #expect(first.kind == .new)
        #expect(first.arguments == ["--model", "m"])
        #expect(first.notices[0].contains("New codex session (repo); its id is recorded at the next launch"))
        #expect(try record(repo, .codex)?["session_id"] == .null)
        #expect(try record(repo, .codex)?["pending_since"]?.stringValue != nil)

        let found = try plan(
            .codex, ["go"], cwd: repo, index: FakeIndex(newest: "019a0000-aaaa-7000-8000-000000000001"))
        #expect(found.kind == .resume)
        #expect(found.arguments == ["resume", "019a0000-aaaa-7000-8000-000000000001", "go"])
        #expect(found.newlyRecordedID == "019a0000-aaaa-7000-8000-000000000001")
        #expect(first.newlyRecordedID == nil)
        #expect(try record(repo, .codex)?["session_id"] == "019a0000-aaaa-7000-8000-000000000001")
        #expect(try record(repo, .codex)?["pending_since"] == nil)

        // Later the store lists a newer session: the recorded one is still resumed.
        let again = try plan(
            .codex, cwd: repo,
            index: FakeIndex(
                present: ["019a0000-aaaa-7000-8000-000000000001"], newest: "019b0000-bbbb-7000-8000-000000000002"))
        #expect(again.arguments == ["resume", "019a0000-aaaa-7000-8000-000000000001"])
    }

    @Test func discoveredMissingStartsFreshWithoutGuessing() throws {
        let repo = try tmp.makeRepo()
        _ = try plan(.agy, cwd: repo, index: FakeIndex(newest: "a0000000-0000-4000-8000-000000000001"))
        #expect(try record(repo, .agy)?["session_id"] == "a0000000-0000-4000-8000-000000000001")
        let p = try plan(
            .agy, cwd: repo,
            index: FakeIndex(
                missing: ["a0000000-0000-4000-8000-000000000001"], newest: "a0000000-0000-4000-8000-000000000000"))
        #expect(p.kind == .new)
        #expect(p.arguments == [])
        #expect(p.notices[0].contains("agy session a0000000-0000-4000-8000-000000000001 is not in the fake store"))
        #expect(try record(repo, .agy)?["session_id"] == .null)
    }

    @Test func aStoreIdThatLooksLikeAnOptionIsNotUsed() throws {
        let repo = try tmp.makeRepo()
        let p = try plan(.codex, ["x"], cwd: repo, index: FakeIndex(newest: "--dangerously-bypass"))
        #expect(p.arguments == ["x"])
        #expect(try record(repo, .codex)?["session_id"] == .null)
    }

    @Test func passThroughWritesNothing() throws {
        let repo = try tmp.makeRepo()
        let p = try plan(.claude, ["-p", "hi"], cwd: repo)
        #expect(p.kind == .passThrough)
        #expect(p.arguments == ["-p", "hi"])
        #expect(p.notices.isEmpty)
        #expect(!FileInfo.exists(repo + "/.ai"))
        #expect(!FileInfo.exists(repo + "/.gitignore"))
    }

    @Test func aiSessionManagerStateIsMigrated() throws {
        let repo = try tmp.makeRepo()
        let legacy =
            "{\"version\": 1, \"tool\": \"claude\", \"session_mode\": \"managed-id\", \"resume_target\": \"4f1a2b3c-0000-4000-8000-00000000000a\"}\n"
        try tmp.write("repo/.ai-session-manager/claude.json", legacy)
        try tmp.write(
            "repo/.git/ai-session-manager/codex.json",
            "{\"version\":1,\"tool\":\"codex\",\"resume_target\":\"019c0000-cccc-7000-8000-000000000003\"}")
        try tmp.write("repo/.git/copilot-session", "cccccccc-0000-4000-8000-00000000000c\n")
        try tmp.write(
            "repo/.ai-session-manager/gemini.json", "{\"sessionId\": \"dddddddd-0000-4000-8000-00000000000d\"}")

        let c = try plan(.claude, cwd: repo)
        #expect(c.arguments == ["-r", "4f1a2b3c-0000-4000-8000-00000000000a"])
        #expect(c.newlyRecordedID == "4f1a2b3c-0000-4000-8000-00000000000a")
        #expect(
            c.notices == [
                "[agent-sessions] Resuming claude session 4f1a2b3c-0000-4000-8000-00000000000a (repo; migrated from .ai-session-manager/claude.json)"
            ])
        #expect(try record(repo, .claude)?["migrated_from"] == ".ai-session-manager/claude.json")
        #expect(tmp.read("repo/.ai-session-manager/claude.json") == legacy)

        #expect(try plan(.codex, cwd: repo).arguments == ["resume", "019c0000-cccc-7000-8000-000000000003"])
        #expect(try plan(.copilot, cwd: repo).arguments == ["--resume", "cccccccc-0000-4000-8000-00000000000c"])
        #expect(try plan(.gemini, cwd: repo).arguments == ["--resume", "dddddddd-0000-4000-8000-00000000000d"])
        // Our record wins from now on.
        try tmp.write(
            "repo/.ai-session-manager/claude.json", "{\"resume_target\": \"eeeeeeee-0000-4000-8000-00000000000e\"}")
        #expect(try plan(.claude, cwd: repo).arguments == ["-r", "4f1a2b3c-0000-4000-8000-00000000000a"])
    }

    @Test func unreadableRecordStartsPlainAndIsKept() throws {
        let repo = try tmp.makeRepo()
        let bad = "{\"session_id\": \n"
        try tmp.write("repo/.ai/resume/claude.json", bad)
        let p = try plan(.claude, ["x"], cwd: repo)
        #expect(p.kind == .plain)
        #expect(p.arguments == ["x"])
        #expect(p.notices.count == 1)
        #expect(p.notices[0].contains(".ai/resume/claude.json"))
        #expect(p.notices[0].contains("starting claude without resume"))
        #expect(tmp.read("repo/.ai/resume/claude.json") == bad)
    }

    @Test func folderWithoutGit() throws {
        let dir = tmp.file("plain")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = try plan(.claude, cwd: dir)
        #expect(p.kind == .new)
        #expect(p.notices[0].hasSuffix("(plain)"))
        #expect(try record(dir, .claude)?["session_id"] == "11111111-2222-4333-8444-555555555555")
        #expect(!FileInfo.exists(dir + "/.gitignore"))
    }

    @Test func recordFolderIsExcludedOnceAndGitignoreIsLeftAlone() throws {
        let repo = try tmp.makeRepo()
        try tmp.write("repo/.gitignore", "node_modules")
        _ = try plan(.claude, cwd: repo)
        #expect(tmp.read("repo/.gitignore") == "node_modules")
        try FileManager.default.removeItem(atPath: repo + "/.ai/resume")
        _ = try plan(.claude, cwd: repo)
        let exclude = tmp.read("repo/.git/info/exclude") ?? ""
        #expect(exclude.components(separatedBy: "\n").filter { $0 == ".ai/resume/" }.count == 1)
        // Already ignored by the project: nothing added.
        let other = try tmp.makeRepo("other")
        try tmp.write("other/.gitignore", ".ai/\n")
        _ = try plan(.claude, cwd: other)
        #expect(!(tmp.read("other/.git/info/exclude") ?? "").contains(".ai/resume/"))
    }

    @Test func shimFolderAndOurShimsAreSkipped() throws {
        let repo = try tmp.makeRepo()
        let shims = tmp.file("home/.local/share/agent-sessions/shims")
        let shim = try tmp.write(
            "home/.local/share/agent-sessions/shims/claude",
            Shims.script(agent: "claude", executable: "/x/resume-session", directory: shims))
        chmod(shim, 0o755)
        // Another copy of our shim elsewhere on PATH is skipped too.
        let other = try tmp.write(
            "elsewhere/claude", Shims.script(agent: "claude", executable: "/y/resume-session", directory: "/elsewhere"))
        chmod(other, 0o755)
        let p = try plan(.claude, cwd: repo, extraPath: shims + ":" + tmp.file("elsewhere"))
        #expect(p.executable == tmp.file("bin/claude"))
    }

    @Test func notFoundIsAFailure() throws {
        let repo = try tmp.makeRepo()
        var run = try context(cwd: repo)
        run.context.environment["PATH"] = tmp.file("nothing-here")
        #expect(throws: ToolError.self) {
            try ResumeSession.plan(
                ResumeAgentSpec.spec(for: .claude)!, arguments: [], context: run.context,
                index: FakeIndex())
        }
    }

    @Test func aiSessionManagerWrapperIsNamedAndUseRealPicksTheRealOne() throws {
        let repo = try tmp.makeRepo()
        let w = try tmp.write(
            "asm/claude", "#!/usr/bin/env python3\nfrom ai_session_manager.wrapper import run\nrun('claude')\n")
        let r = try tmp.write("asm/claude-real", "#!/bin/sh\nexit 0\n")
        chmod(w, 0o755)
        chmod(r, 0o755)
        let p = try plan(.claude, cwd: repo, extraPath: tmp.file("asm"))
        #expect(p.executable == w)
        #expect(p.notices.first?.contains("is an ai-session-manager wrapper") == true)
        let real = try plan(.claude, cwd: repo, useReal: true, extraPath: tmp.file("asm"))
        #expect(real.executable == r)
        #expect(real.notices.allSatisfy { !$0.contains("warning") })
        var run = try context(cwd: repo, extraPath: tmp.file("asm"), env: ["AGENT_SESSIONS_USE_REAL": "1"])
        run.context.arguments = []
        let viaEnv = try ResumeSession.plan(
            ResumeAgentSpec.spec(for: .claude)!, arguments: [], context: run.context,
            index: FakeIndex(), newID: { "x" })
        #expect(viaEnv.executable == r)
    }
}

@Suite struct ResumeShellRCTests {
    static let texts = ["", "alias x=y\n", "alias x=y", "a\n\n", "# comment\nexport A=1\n"]

    @Test(arguments: texts)
    func addThenRemoveIsByteIdentical(_ text: String) {
        for shell in ShellRC.shells {
            let added = ShellRC.adding(to: text, shell: shell, directory: "/h/it's shims")
            #expect(ShellRC.hasBlock(added))
            #expect(added.hasPrefix(text))
            #expect(ShellRC.adding(to: added, shell: shell, directory: "/h/it's shims") == added)
            #expect(ShellRC.removing(from: added) == text)
        }
    }

    @Test func aMovedFolderReplacesTheBlockInPlace() {
        let first = ShellRC.adding(to: "x\n", shell: "zsh", directory: "/a") + "after\n"
        let second = ShellRC.adding(to: first, shell: "zsh", directory: "/b")
        #expect(second.contains("/b"))
        #expect(!second.contains("'/a'"))
        #expect(ShellRC.removing(from: second) == "x\nafter\n")
    }

    @Test func pathLines() {
        #expect(ShellRC.pathLine(shell: "bash", directory: "/s") == "export PATH='/s':\"$PATH\"")
        #expect(ShellRC.pathLine(shell: "fish", directory: "/s") == "set -gx PATH '/s' $PATH")
    }

    @Test func shimScriptNamesItsTarget() throws {
        let tmp = TempDir()
        let path = try tmp.write(
            "claude", Shims.script(agent: "claude", executable: "/opt/it's here/resume-session", directory: "/d"))
        #expect(Shims.isOurShim(path))
        #expect(Shims.target(path) == "/opt/it's here/resume-session")
        #expect(Shims.state(path, executable: "/opt/it's here/resume-session") == .installed)
        #expect(Shims.state(path, executable: "/other") == .stale)
        let foreign = try tmp.write("codex", "#!/bin/sh\nexec /usr/bin/codex \"$@\"\n")
        #expect(Shims.state(foreign, executable: nil) == .foreign)
        #expect(Shims.state(tmp.file("none"), executable: nil) == .missing)
    }
}
