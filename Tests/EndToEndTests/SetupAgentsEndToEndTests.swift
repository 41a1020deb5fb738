import Foundation
import SessionModel
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private enum Repo {
    static let root = RepoRoot.path
}

/// Every entry under a folder with its type, link target or content hash.
private func snapshot(_ root: String) -> [String: String] {
    var out: [String: String] = [:]
    func walk(_ rel: String) {
        let path = rel.isEmpty ? root : root + "/" + rel
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            if !rel.isEmpty { out[rel] = "dir" }
            for name in FileInfo.list(path).sorted() { walk(rel.isEmpty ? name : rel + "/" + name) }
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: 4096)
            let n = readlink(path, &buffer, 4095)
            out[rel] = "link " + String(cString: Array(buffer[0..<max(n, 0)]) + [0])
        default:
            out[rel] = "file \(info.st_mode & 0o7777) " + ContentHash.of(((try? AtomicFile.read(path)) ?? nil) ?? [])
        }
    }
    walk("")
    return out
}

@Suite("setup-agents end to end")
struct SetupAgentsEndToEndTests {
    let allAgents = AgentLocations.agents.joined(separator: ",")

    func prepare(_ box: Sandbox) throws {
        try box.write(
            "home/.claude/settings.json",
            "{\"env\": {\"A\": \"1\"}, \"hooks\": {\"SessionStart\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"echo foreign\"}]}]}}\n"
        )
        try box.write("home/.codex/hooks.json", "{\"hooks\": {}}\n")
        try box.write(
            "home/.cursor/hooks.json", "{\"version\": 1, \"hooks\": {\"stop\": [{\"command\": \"./a.sh\"}]}}\n")
    }

    @Test("install twice → no change; uninstall → home byte-identical; dry-run writes nothing")
    func roundTrip() throws {
        let box = Sandbox()
        try prepare(box)
        let before = snapshot(box.home)
        let dry = try box.run(
            "setup-agents", ["install", "--hooks", "--dry-run", "--source", Repo.root, "--agent", allAgents],
            cwd: box.root)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would create symlink"))
        #expect(snapshot(box.home) == before)

        let first = try box.run(
            "setup-agents", ["install", "--hooks", "--source", Repo.root, "--agent", allAgents], cwd: box.root)
        #expect(first.status == 0, "\(first.stderr)")
        let installed = snapshot(box.home)
        let second = try box.run(
            "setup-agents", ["install", "--hooks", "--source", Repo.root, "--agent", allAgents], cwd: box.root)
        #expect(second.status == 0)
        #expect(second.stdout == "Nothing to change.\n")
        #expect(snapshot(box.home) == installed)

        let status = try box.run("setup-agents", ["status", "--json"], cwd: box.root)
        #expect(status.status == 0)
        let json = try box.json(status.stdout)
        #expect(
            json["agents"]?["claude"]?["hooks"]?["events"] == .strings(["PreCompact", "SessionEnd", "SessionStart"]))
        #expect(json["warnings"] == .array([]))

        let removed = try box.run("setup-agents", ["uninstall"], cwd: box.root)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(snapshot(box.home) == before)
    }

    @Test("the installed hook command lines run the built tools and print each agent's shape")
    func installedHooksRun() throws {
        let box = Sandbox()
        try prepare(box)
        let repo = try box.makeRepo()
        #expect(try box.run("save-state", ["--pending", "ship the installer"], cwd: repo).status == 0)
        #expect(
            try box.run(
                "setup-agents", ["install", "--hooks", "--source", Repo.root, "--agent", allAgents], cwd: box.root
            ).status == 0)

        func startCommand(_ file: String, nested: Bool, key: String = "command", event: String = "SessionStart") throws
            -> String
        {
            let doc = try #require(try JSONFile.read(box.home + "/" + file))
            let list = try #require(doc["hooks"]?[event]?.arrayValue)
            let handlers = nested ? list.compactMap { $0["hooks"]?.arrayValue }.flatMap { $0 } : list
            return try #require(handlers.compactMap { $0[key]?.stringValue }.first { $0.contains("load-state") })
        }
        let claude = try startCommand(".claude/settings.json", nested: true)
        #expect(claude == Paths.physical(Binaries.directory) + "/load-state --hook claude")
        let payload =
            "{\"session_id\":\"3f1c\",\"cwd\":\"\(repo)\",\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"}"
        let outputs: [(String, String)] = [
            ("claude", claude),
            ("codex", try startCommand(".codex/hooks.json", nested: true)),
            ("gemini", try startCommand(".gemini/settings.json", nested: true)),
            (
                "copilot",
                try startCommand(
                    ".copilot/hooks/agent-sessions.json", nested: false, key: "bash", event: "sessionStart")
            ),
            ("cursor", try startCommand(".cursor/hooks.json", nested: false, event: "sessionStart")),
        ]
        for (agent, command) in outputs {
            let result = try SpawnProcessRunner().run(
                "/bin/sh", ["-c", command], workingDirectory: box.root,
                environment: box.environment, input: Array(payload.utf8), timeout: 30)
            #expect(result.status == 0, "\(agent): \(result.stderrText)")
            let out = result.stdoutText
            switch agent {
            case "claude", "codex":
                #expect(out.hasPrefix("# Saved session state"), "\(agent)")
                #expect(out.contains("ship the installer"))
            case "gemini":
                #expect(
                    try box.json(out)["hookSpecificOutput"]?["additionalContext"]?.stringValue?.contains(
                        "ship the installer") == true)
            case "copilot":
                #expect(try box.json(out)["additionalContext"]?.stringValue?.contains("ship the installer") == true)
            default:
                #expect(try box.json(out)["additional_context"]?.stringValue?.contains("ship the installer") == true)
            }
        }
    }

    @Test("load-state --hook exits 0 in a broken or non-git folder for every agent")
    func brokenFolders() throws {
        let box = Sandbox()
        let plain = box.path("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        let broken = try box.makeRepo("broken")
        try box.write("broken/.claude/claude-state.json", "{\"tasks\": [")
        try box.write("broken/.git/HEAD", "garbage\n")  // git itself fails here
        for agent in ["claude", "codex", "gemini", "copilot", "cursor"] {
            for (cwd, stdin) in [
                (plain, "{}"), (plain, ""), (box.root, "{\"cwd\":\"\(broken)\"}"),
                (plain, "{\"cwd\":\"/no/such/dir\"}"),
            ] {
                let r = try box.run("load-state", ["--hook", agent], cwd: cwd, stdin: stdin)
                #expect(r.status == 0, "\(agent) in \(cwd): \(r.stderr)")
                if agent == "gemini" || (!r.stdout.isEmpty && agent != "claude" && agent != "codex") {
                    #expect((try? box.json(r.stdout))?.objectValue != nil, "\(agent) printed non-JSON: \(r.stdout)")
                }
                if cwd == box.root {
                    #expect(r.stdout.contains("could not be loaded"), "\(agent): \(r.stdout)")
                } else {
                    #expect(r.stdout == (agent == "gemini" ? "{}\n" : ""), "\(agent): \(r.stdout)")
                }
            }
        }
    }
}
