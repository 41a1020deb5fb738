import Foundation
import TestSupport
import Testing

@testable import SessionModel

/// An agent is one folder plus one line (#14): the stand-in ninth agent (NinthAgent.swift), registered only in a
/// registry of the test's own, goes through list, inspect, export, detection, resume-session and setup-agents.
/// Each run is also made with the standard registry, which does not know it: the registry in the context is what
/// the tools walk.
@Suite("Ninth agent")
struct NinthAgentTests {
    let tmp = TempDir()
    static let newest = "7d3f9a10-5c2e-4b8a-9f01-2a3b4c5d6e7f"
    static let older = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"

    /// A git project and the fixtures copied into `<home>/.ninth/sessions`, their `cwd` set to the project.
    func project() throws -> String {
        let repo = try tmp.makeRepo()
        let folder = Fixtures.path("ninth/sessions")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            try tmp.write("home/.ninth/sessions/" + name, text.replacingOccurrences(of: "{{PROJECT}}", with: repo))
        }
        return repo
    }

    func run(
        _ tool: String, _ args: [String], cwd: String, env: [String: String] = [:],
        registry: AgentRegistry = .withNinth
    ) -> (code: Int32, out: String, err: String) {
        var r = TestRun(tool, args, cwd: cwd, home: tmp.home, environment: env)
        r.context.registry = registry
        let code = r.run()
        return (code, r.stdout.text, r.stderr.text)
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func list() throws {
        let repo = try project()
        let r = run("export-session", ["list", "--agent", "ninth", "--json"], cwd: repo)
        #expect(r.code == 0, "\(r.err)")
        let ids = try json(r.out)["sessions"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == [Self.newest, Self.older])
        #expect(run("export-session", ["list", "--agent", "ninth"], cwd: repo, registry: .standard).code == 64)
    }

    @Test func inspect() throws {
        let repo = try project()
        let r = run("export-session", ["inspect", "7d3f9a10", "--json"], cwd: repo)
        #expect(r.code == 0, "\(r.err)")
        let value = try json(r.out)
        #expect(value["agent"]?.stringValue == "ninth")
        #expect(value["id"]?.stringValue == Self.newest)
        #expect(value["title"]?.stringValue == "Fix the flaky parser test")
        #expect(value["messages"]?["user"]?.intValue == 2)
        #expect(value["messages"]?["assistant"]?.intValue == 2)
        #expect(run("export-session", ["inspect", "7d3f9a10", "--json"], cwd: repo, registry: .standard).code != 0)
    }

    @Test func detection() throws {
        let repo = try project()
        let byEnv = run("export-session", ["current", "--json"], cwd: repo, env: ["NINTH_SESSION_ID": Self.older])
        #expect(byEnv.code == 0, "\(byEnv.err)")
        #expect(try json(byEnv.out)["agent"]?.stringValue == "ninth")
        #expect(try json(byEnv.out)["session_id"]?.stringValue == Self.older)
        #expect(try json(byEnv.out)["rule"]?.stringValue == "env:NINTH_SESSION_ID")
        #expect(SessionDetector.runningAgent(environment: ["NINTH": "1"], registry: .withNinth) == .ninth)
        #expect(SessionDetector.runningAgent(environment: ["NINTH": "1"]) == nil)
        let newest = run("export-session", ["current", "--json"], cwd: repo, env: ["NINTH": "1"])
        #expect(try json(newest.out)["session_id"]?.stringValue == Self.newest)
        #expect(try json(newest.out)["rule"]?.stringValue == "newest")
        let standard = run(
            "export-session", ["current", "--json"], cwd: repo, env: ["NINTH_SESSION_ID": Self.older],
            registry: .standard)
        #expect(standard.code == 66)
    }

    @Test func export() throws {
        let repo = try project()
        let r = run("export-session", ["--session", Self.newest, "--format", "markdown", "--json"], cwd: repo)
        #expect(r.code == 0, "\(r.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: repo + "/.ninth/sessions")
        #expect(files.count == 1 && files[0].hasSuffix(".md"), "\(files)")
        let text = try String(contentsOfFile: repo + "/.ninth/sessions/" + files[0], encoding: .utf8)
        #expect(text.contains("The test shares a temp folder with another test"))
        let native = run("export-session", ["--session", Self.older, "--format", "native"], cwd: repo)
        #expect(native.code == 0, "\(native.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo + "/.ninth/sessions").count == 2)
        #expect(run("export-session", ["--session", Self.newest], cwd: repo, registry: .standard).code == 66)
    }

    @Test func resumeSession() throws {
        let repo = try project()
        let bin = try tmp.write("bin/ninth", "#!/bin/sh\nexit 0\n")
        chmod(bin, 0o755)
        var r = TestRun(
            "resume-session", [], cwd: repo, home: tmp.home,
            environment: ["PATH": tmp.file("bin") + ":/usr/bin:/bin"])
        r.context.registry = .withNinth
        let spec = try ResumeAgentSpec.parse("ninth-agent", registry: .withNinth)
        let first = try ResumeSession.plan(spec, arguments: ["hello"], context: r.context, newID: { Self.newest })
        #expect(first.kind == .new)
        #expect(first.executable == bin)
        #expect(first.arguments == ["--session-id", Self.newest, "hello"])
        // The recorded id is in the ninth agent's store: the next run resumes it.
        let later = try ResumeSession.plan(spec, arguments: ["next"], context: r.context, newID: { Self.older })
        #expect(later.kind == .resume)
        #expect(later.arguments == ["--resume", Self.newest, "next"])
        #expect(throws: ToolError.self) { try ResumeAgentSpec.parse("ninth") }
    }

    @Test func setupAgents() throws {
        let repo = try project()
        let args = [
            "install", "--hooks", "--source", RepoRoot.path, "--bin-dir", "/opt/as/bin", "--agent", "ninth",
        ]
        let r = run("setup-agents", args, cwd: repo)
        #expect(r.code == 0, "\(r.err)")
        let hooks = try #require(try JSONFile.read(tmp.home + "/.ninth/hooks.json"))
        let start = hooks["hooks"]?["sessionStart"]?.arrayValue?.first?["command"]?.stringValue
        #expect(start == "/opt/as/bin/load-state --hook ninth")
        #expect(hooks["hooks"]?["sessionEnd"]?.arrayValue?.count == 1)
        #expect(FileInfo.kind(tmp.home + "/.agents/skills") != .missing)
        #expect(
            LoadStateHook.render(agent: AgentRegistry.withNinth.entry(named: "ninth"), brief: "B") == "NINTH CONTEXT\nB"
        )
        let summary = run("setup-agents", args + ["--summary"], cwd: repo)
        #expect(summary.out.contains("Ninth Agent: restart it."), "\(summary.out)")
        #expect(run("setup-agents", args, cwd: repo, registry: .standard).code == 64)
    }

    /// Help texts and agent choices name the context's registry (#14): the ninth agent appears in every list of a
    /// capability it has, and only there; with the standard registry nothing names it.
    @Test func helpAndChoicesNameTheContextsAgents() throws {
        let registry = AgentRegistry.withNinth
        func names(_ kinds: [AgentKind]) -> String { AgentRegistry.names(kinds) }
        let export = ExportSessionCommand.command.naming(registry)
        let list = try #require(export.subcommands.first { $0.name == "list" })
        #expect(list.options.first { $0.long == "agent" }?.help.contains("(\(names(registry.kinds)));") == true)
        let convert = try #require(export.subcommands.first { $0.name == "convert" })
        #expect(convert.options.first { $0.long == "from" }?.choices == registry.allNames)
        #expect(convert.options.first { $0.long == "to" }?.choices == registry.allNames)
        #expect(convert.discussion.contains("Targets: \(names(AgentRegistry.standard.convertTargets))."))
        #expect(export.options.first { $0.long == "agent" }?.choices?.contains("ninth") == true)
        let install = try #require(
            SetupAgentsCommand.command.naming(registry).subcommands.first { $0.name == "install" })
        #expect(install.options.contains { $0.help.contains(registry.setupAgents.joined(separator: ",") + " ") })
        let hook = try #require(LoadStateCommand.command.naming(registry).options.first { $0.long == "hook" })
        #expect(hook.help.contains("(\(registry.loadStateHookAgents.joined(separator: ", ")))"))
        let fromAgent = try #require(
            SaveStateCommand.command.naming(registry).options.first { $0.long == "from-agent" })
        #expect(fromAgent.help.contains("(auto, \(names(registry.taskAgents)))"))
        #expect(ResumeSessionCommand.command.naming(registry).discussion.contains("ninth"))

        // Through the tools: `--help` names it, and it passes the choices check, only with its registry.
        let repo = try project()
        #expect(run("export-session", ["list", "--help"], cwd: repo).out.contains("ninth"))
        #expect(!run("export-session", ["list", "--help"], cwd: repo, registry: .standard).out.contains("ninth"))
        for shell in ["bash", "zsh", "fish"] {
            let args = ["--generate-completion-script", shell]
            #expect(run("save-session", args, cwd: repo).out.contains("ninth"), "\(shell)")
            #expect(!run("save-session", args, cwd: repo, registry: .standard).out.contains("ninth"), "\(shell)")
        }
        #expect(
            run("export-session", ["--agent", "ninth", "--session", Self.newest, "--dry-run"], cwd: repo).code == 0)
        let refused = run(
            "export-session", ["--agent", "ninth", "--session", Self.newest, "--dry-run"], cwd: repo,
            registry: .standard)
        #expect(refused.code == 64 && refused.err.contains("ninth"))
        #expect(
            SaveStateCommand.command.naming(.standard).options.map(\.help)
                == SaveStateCommand.command.options.map(\.help))
    }
}
