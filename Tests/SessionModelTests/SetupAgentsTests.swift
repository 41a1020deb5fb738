import Foundation
import TestSupport
import Testing

@testable import SessionModel

@Suite("Hook merge")
struct HookMergeTests {
    let bin = "/opt/agent sessions/bin"

    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    @Test("foreign keys and hooks survive a Claude merge; ours are added once")
    func claudeForeignSurvive() throws {
        let existing = try parse(
            """
            {"model":"opus","permissions":{"allow":["Bash(ls)"]},
             "hooks":{"SessionStart":[{"matcher":"startup","hooks":[{"type":"command","command":"echo mine"}]}],
                      "Stop":[{"hooks":[{"type":"command","command":"notify-send done"}]}]}}
            """)
        let entries = HookPlan.entries(agent: .claude, binDirectory: bin)
        let merged = try HookMerge.merging(existing, entries: entries, shape: .nested, file: "s.json")
        #expect(merged["model"] == "opus")
        #expect(merged["permissions"] == existing["permissions"])
        #expect(merged["hooks"]?["Stop"] == existing["hooks"]?["Stop"])
        let start = try #require(merged["hooks"]?["SessionStart"]?.arrayValue)
        #expect(start.count == 3)
        #expect(start[0] == existing["hooks"]?["SessionStart"]?.arrayValue?[0])
        #expect(start[1]["matcher"] == "startup|resume|clear|compact")
        #expect(start[2]["matcher"] == "startup|resume")
        #expect(
            start[2]["hooks"]?.arrayValue?.first?["command"]
                == "'/opt/agent sessions/bin/save-session' start --hook claude")
        #expect(
            start[1]["hooks"]?.arrayValue?.first?["command"] == "'/opt/agent sessions/bin/load-state' --hook claude")
        #expect(merged["hooks"]?["SessionEnd"]?.arrayValue?.first?["hooks"]?.arrayValue?.first?["timeout"] == 5)
        #expect(
            Set(HookMerge.ours(in: merged, shape: .nested).map(\.event)) == [
                "SessionStart", "SessionEnd", "PreCompact",
            ])
        // Removing ours gives back exactly the original document.
        #expect(HookMerge.remove(merged, shape: .nested) == existing)
    }

    @Test("merging twice changes nothing, and a changed bin folder replaces our entries")
    func idempotent() throws {
        let entries = HookPlan.entries(agent: .codex, binDirectory: bin)
        let once = try HookMerge.merging(nil, entries: entries, shape: .nested, file: "h.json")
        let twice = try HookMerge.merging(once, entries: entries, shape: .nested, file: "h.json")
        #expect(once == twice)
        let moved = try HookMerge.merging(
            twice, entries: HookPlan.entries(agent: .codex, binDirectory: "/usr/local/bin"),
            shape: .nested, file: "h.json")
        let ours = HookMerge.ours(in: moved, shape: .nested)
        #expect(ours.count == 4)
        #expect(ours.allSatisfy { $0.handler["command"]?.stringValue?.hasPrefix("/usr/local/bin/") == true })
        #expect(HookMerge.remove(moved, shape: .nested) == [:])
    }

    @Test("our handler sharing a group with a foreign one: only ours is removed")
    func sharedGroup() throws {
        let doc = try parse(
            """
            {"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"echo a"},
              {"type":"command","command":"/x/load-state --hook claude"}]}]}}
            """)
        let cleaned = HookMerge.remove(doc, shape: .nested)
        #expect(
            cleaned == (try parse(#"{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"echo a"}]}]}}"#)))
        let merged = try HookMerge.merging(
            doc, entries: HookPlan.entries(agent: .claude, binDirectory: "/x"), shape: .nested, file: "f")
        #expect(merged["hooks"]?["SessionStart"]?.arrayValue?.count == 3)
        #expect(HookMerge.ours(in: merged, shape: .nested).count == 4)
    }

    @Test("Gemini handlers are named and their timeouts are in milliseconds")
    func geminiMilliseconds() throws {
        let merged = try HookMerge.merging(
            try parse(#"{"ui":{"theme":"dark"}}"#),
            entries: HookPlan.entries(agent: .gemini, binDirectory: bin), shape: .nested, file: "g")
        #expect(merged["ui"]?["theme"] == "dark")
        let start = try #require(merged["hooks"]?["SessionStart"]?.arrayValue?.first?["hooks"]?.arrayValue?.first)
        #expect(start["timeout"] == 10000)
        #expect(start["name"] == "agent-sessions-load-state")
        let end = try #require(merged["hooks"]?["SessionEnd"]?.arrayValue?.first?["hooks"]?.arrayValue?.first)
        #expect(end["timeout"]?.intValue ?? 0 >= 1000)
        #expect(merged["hooks"]?["PreCompress"] != nil)
        // A handler found by its name alone (command edited by hand) is still ours.
        let renamed = try parse(
            #"{"hooks":{"SessionEnd":[{"hooks":[{"name":"agent-sessions-save-session","command":"x"}]}]}}"#)
        #expect(HookMerge.remove(renamed, shape: .nested) == [:])
    }

    @Test("Cursor and Copilot get flat entries; foreign flat entries survive")
    func flatShape() throws {
        let existing = try parse(
            #"{"version":1,"hooks":{"stop":[{"command":"./audit.sh","loop_limit":3}],"sessionStart":[{"command":"echo other"}]}}"#
        )
        let merged = try HookMerge.merging(
            existing, entries: HookPlan.entries(agent: .cursor, binDirectory: bin), shape: .flat, file: "c")
        #expect(merged["hooks"]?["stop"] == existing["hooks"]?["stop"])
        let start = try #require(merged["hooks"]?["sessionStart"]?.arrayValue)
        #expect(start.count == 3)
        #expect(start[1] == ["command": "'/opt/agent sessions/bin/load-state' --hook cursor", "timeout": 10])
        #expect(start[2] == ["command": "'/opt/agent sessions/bin/save-session' start --hook cursor", "timeout": 5])
        #expect(start[1]["hooks"] == nil)
        #expect(HookMerge.remove(merged, shape: .flat) == existing)
        let copilot = try HookMerge.merging(
            nil, entries: HookPlan.entries(agent: .copilot, binDirectory: "/b"), shape: .flat, file: "p")
        #expect(copilot["version"] == 1)
        #expect(
            copilot["hooks"]?["sessionStart"]?.arrayValue?.first == [
                "type": "command", "bash": "/b/load-state --hook copilot", "timeoutSec": 10,
            ])
    }

    @Test("a document that is not an object, or whose hooks are not an object, is refused with 65")
    func refusesWrongShapes() throws {
        let entries = HookPlan.entries(agent: .claude, binDirectory: "/b")
        for text in ["[1,2]", #"{"hooks":[]}"#, #""text""#] {
            #expect(throws: SessionError.self) {
                try HookMerge.merging(try parse(text), entries: entries, shape: .nested, file: "f")
            }
            do {
                _ = try HookMerge.merging(try parse(text), entries: entries, shape: .nested, file: "f")
            } catch let error as SessionError {
                #expect(ToolError(error).code == .dataError)
            }
        }
    }

    @Test("our commands are recognised quoted or not, and foreign look-alikes are not")
    func marker() {
        #expect(HookMerge.isOurCommand("/usr/local/bin/load-state --hook claude"))
        #expect(HookMerge.isOurCommand("'/a b/save-session' --hook gemini"))
        #expect(HookMerge.isOurCommand("save-session start --hook codex"))
        #expect(!HookMerge.isOurCommand("/usr/bin/my-load-state --hook claude"))
        #expect(!HookMerge.isOurCommand("echo load-state"))
    }
}

@Suite("setup-agents install and uninstall")
struct InstallerTests {
    /// A temp HOME with one settings file of each kind already holding foreign content.
    func sandbox() throws -> TempDir {
        let tmp = TempDir()
        _ = tmp.home
        try tmp.write(
            "home/.claude/settings.json",
            "{\n    \"model\": \"opus\",\n    \"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"say done\"}]}]}\n}\n"
        )
        try tmp.write("home/.gemini/settings.json", "{\"ui\": {\"theme\": \"dark\"}}")
        try tmp.write(
            "home/.cursor/hooks.json", "{\"version\": 1, \"hooks\": {\"stop\": [{\"command\": \"./audit.sh\"}]}}\n")
        try tmp.write("home/.claude/commands/mine.md", "my own command\n")
        return tmp
    }

    func run(_ tmp: TempDir, _ args: [String], env: [String: String] = [:]) -> TestRun {
        let r = TestRun("setup-agents", args, cwd: tmp.path, home: tmp.home, environment: env)
        _ = r
        return r
    }

    func setup(_ tmp: TempDir, _ args: [String], env: [String: String] = [:]) -> (Int32, String, String) {
        let r = TestRun("setup-agents", args, cwd: tmp.path, home: tmp.home, environment: env)
        let code = r.run()
        return (code, r.stdout.text, r.stderr.text)
    }

    /// Every agent named: the default (the agents present) is tested on its own below.
    var installArgs: [String] {
        [
            "install", "--hooks", "--source", RepoRoot.path, "--bin-dir", "/opt/as/bin", "--agent",
            AgentLocations.agents.joined(separator: ","),
        ]
    }

    @Test("install twice changes nothing; uninstall leaves the home byte-identical")
    func roundTrip() throws {
        let tmp = try sandbox()
        let before = TreeSnapshot.take(tmp.home)
        let (c1, _, e1) = setup(tmp, installArgs)
        #expect(c1 == 0, "\(e1)")
        let installed = TreeSnapshot.take(tmp.home)
        #expect(installed != before)
        #expect(installed[".claude/skills/save-state"]?.hasPrefix("link ") == true)
        #expect(installed[".agents/skills/load-state"]?.hasPrefix("link ") == true)
        #expect(installed[".gemini/commands/save.toml"]?.hasPrefix("link ") == true)
        #expect(installed[".local/share/agent-sessions/current"] == "link \(ToolRunner.version)")
        #expect(installed[".claude/settings.json.agent-sessions.bak"] != nil)
        #expect(installed[".copilot/hooks/agent-sessions.json"] != nil)
        #expect(installed[".local/share/agent-sessions/install-manifest.json"] != nil)
        #expect(FileInfo.isFile(tmp.home + "/.claude/skills/save-state/SKILL.md"))
        let settings = try #require(try JSONFile.read(tmp.home + "/.claude/settings.json"))
        #expect(settings["model"] == "opus")
        #expect(settings["hooks"]?["Stop"]?.arrayValue?.count == 1)
        #expect(
            settings["hooks"]?["SessionStart"]?.arrayValue?.first?["hooks"]?.arrayValue?.first?["command"]
                == "/opt/as/bin/load-state --hook claude")

        let (c2, out2, _) = setup(tmp, installArgs)
        #expect(c2 == 0)
        #expect(out2 == "Nothing to change.\n")
        #expect(TreeSnapshot.take(tmp.home) == installed)

        let (c3, _, e3) = setup(tmp, ["uninstall"])
        #expect(c3 == 0, "\(e3)")
        #expect(TreeSnapshot.take(tmp.home) == before)
    }

    @Test("--dry-run writes nothing")
    func dryRun() throws {
        let tmp = try sandbox()
        let before = TreeSnapshot.take(tmp.home)
        let (code, out, _) = setup(tmp, installArgs + ["--dry-run"])
        #expect(code == 0)
        #expect(out.contains("would create symlink \(tmp.home)/.claude/skills/save-state"))
        #expect(out.contains("would update merge \(tmp.home)/.claude/settings.json"))
        #expect(TreeSnapshot.take(tmp.home) == before)
        _ = setup(tmp, installArgs)
        let installed = TreeSnapshot.take(tmp.home)
        let (c2, out2, _) = setup(tmp, ["uninstall", "--dry-run"])
        #expect(c2 == 0)
        #expect(out2.contains("would remove symlink \(tmp.home)/.claude/skills/save-state"))
        #expect(TreeSnapshot.take(tmp.home) == installed)
    }

    @Test("a settings file that does not parse is refused with 65 and nothing is written")
    func refusesUnparseable() throws {
        let tmp = try sandbox()
        try tmp.write("home/.codex/hooks.json", "{ // comments are not JSON\n}\n")
        let before = TreeSnapshot.take(tmp.home)
        let (code, _, err) = setup(tmp, installArgs)
        #expect(code == 65)
        #expect(err.contains(".codex/hooks.json:1"))
        #expect(TreeSnapshot.take(tmp.home) == before)
        // Without --hooks the broken file is not read, and skills install fine.
        let (c2, _, _) = setup(tmp, ["install", "--source", RepoRoot.path, "--bin-dir", "/b"])
        #expect(c2 == 0)
        #expect(tmp.read("home/.codex/hooks.json") == "{ // comments are not JSON\n}\n")
    }

    @Test("a foreign file in the way is left alone; an edit after install survives uninstall")
    func foreignFilesAndEdits() throws {
        let tmp = try sandbox()
        try tmp.write("home/.claude/commands/save.md", "the user's own /save\n")
        let (code, out, _) = setup(tmp, installArgs)
        #expect(code == 0)
        #expect(out.contains("skip symlink \(tmp.home)/.claude/commands/save.md"))
        #expect(tmp.read("home/.claude/commands/save.md") == "the user's own /save\n")
        // The user edits settings.json after install: uninstall removes only our hooks and keeps the edit.
        var settings = try #require(try JSONFile.read(tmp.home + "/.claude/settings.json")).objectValue!
        settings["theme"] = "light"
        try JSONFile.write(.object(settings), to: tmp.home + "/.claude/settings.json")
        let (c2, _, _) = setup(tmp, ["uninstall"])
        #expect(c2 == 0)
        let after = try #require(try JSONFile.read(tmp.home + "/.claude/settings.json"))
        #expect(after["theme"] == "light")
        #expect(after["model"] == "opus")
        #expect(HookMerge.ours(in: after, shape: .nested).isEmpty)
        #expect(after["hooks"]?["Stop"]?.arrayValue?.count == 1)
        #expect(tmp.read("home/.claude/commands/save.md") == "the user's own /save\n")
        #expect(FileInfo.kind(tmp.home + "/.claude/skills") == .missing)
        #expect(FileInfo.kind(tmp.home + "/.local/share/agent-sessions") == .missing)
    }

    @Test("copy mode: copies are removed only when unchanged")
    func copyMode() throws {
        let tmp = try sandbox()
        let before = TreeSnapshot.take(tmp.home)
        let (code, _, _) = setup(tmp, ["install", "--mode", "copy", "--agent", "claude", "--source", RepoRoot.path])
        #expect(code == 0)
        #expect(FileInfo.kind(tmp.home + "/.claude/skills/load-state/SKILL.md") == .file)
        #expect(FileInfo.kind(tmp.home + "/.claude/commands/load.md") == .file)
        #expect(FileInfo.kind(tmp.home + "/.agents") == .missing)
        let installed = TreeSnapshot.take(tmp.home)
        #expect(setup(tmp, ["install", "--mode", "copy", "--agent", "claude", "--source", RepoRoot.path]).0 == 0)
        #expect(TreeSnapshot.take(tmp.home) == installed)
        try tmp.write("home/.claude/commands/load.md", "edited by the user\n")
        let (c2, out2, _) = setup(tmp, ["uninstall"])
        #expect(c2 == 0)
        #expect(out2.contains("keep copy \(tmp.home)/.claude/commands/load.md"))
        #expect(tmp.read("home/.claude/commands/load.md") == "edited by the user\n")
        var expected = before
        expected[".claude/commands/load.md"] = TreeSnapshot.take(tmp.home)[".claude/commands/load.md"]
        #expect(TreeSnapshot.take(tmp.home) == expected)
    }

    @Test("the agents' relocation variables are honoured")
    func relocation() throws {
        let tmp = TempDir()
        let env = [
            "CLAUDE_CONFIG_DIR": tmp.file("claude-cfg"), "CODEX_HOME": tmp.file("codex"),
            "GEMINI_CLI_HOME": tmp.file("gem"), "COPILOT_HOME": tmp.file("cop"),
            "OPENCODE_CONFIG_DIR": tmp.file("oc"), "XDG_DATA_HOME": tmp.file("data"),
        ]
        let (code, _, err) = setup(tmp, installArgs, env: env)
        #expect(code == 0, "\(err)")
        #expect(FileInfo.kind(tmp.file("claude-cfg/skills/save-state")) == .symlink)
        #expect(FileInfo.isFile(tmp.file("claude-cfg/settings.json")))
        #expect(FileInfo.isFile(tmp.file("codex/hooks.json")))
        #expect(FileInfo.isFile(tmp.file("gem/.gemini/settings.json")))
        #expect(FileInfo.kind(tmp.file("gem/.gemini/commands/load.toml")) == .symlink)
        #expect(FileInfo.isFile(tmp.file("cop/hooks/agent-sessions.json")))
        #expect(FileInfo.kind(tmp.file("oc/commands/save.md")) == .symlink)
        #expect(FileInfo.isFile(tmp.file("data/agent-sessions/install-manifest.json")))
        #expect(FileInfo.kind(tmp.home + "/.claude") == .missing)
        #expect(setup(tmp, ["uninstall"], env: env).0 == 0)
        for dir in ["claude-cfg", "codex", "gem", "cop", "oc", "data/agent-sessions"] {
            #expect(FileInfo.kind(tmp.file(dir)) == .missing, "\(dir) left behind")
        }
    }

    @Test("uninstall of one agent keeps what the others still use")
    func partialUninstall() throws {
        let tmp = try sandbox()
        #expect(setup(tmp, installArgs).0 == 0)
        #expect(setup(tmp, ["uninstall", "--agent", "claude,codex"]).0 == 0)
        // Cursor reads ~/.claude/skills too, so the links stay until Cursor is uninstalled as well.
        #expect(FileInfo.kind(tmp.home + "/.claude/skills/save-state") == .symlink)
        #expect(FileInfo.kind(tmp.home + "/.claude/commands/save.md") == .missing)
        #expect(setup(tmp, ["uninstall", "--agent", "cursor"]).0 == 0)
        #expect(FileInfo.kind(tmp.home + "/.claude/skills/save-state") == .missing)
        #expect(
            HookMerge.ours(in: try #require(try JSONFile.read(tmp.home + "/.claude/settings.json")), shape: .nested)
                .isEmpty)
        #expect(FileInfo.kind(tmp.home + "/.agents/skills/save-state") == .symlink)  // gemini, copilot, opencode
        #expect(FileInfo.kind(tmp.home + "/.codex/hooks.json") == .missing)
        #expect(FileInfo.kind(tmp.home + "/.gemini/commands/save.toml") == .symlink)
        #expect(FileInfo.exists(tmp.home + "/.local/share/agent-sessions/current/skills/save-state/SKILL.md"))
    }

    @Test("status reports hooks per agent and warns when the Claude plugin is also installed")
    func status() throws {
        let tmp = try sandbox()
        #expect(setup(tmp, installArgs).0 == 0)
        try tmp.write(
            "home/.claude/plugins/installed_plugins.json", #"{"plugins":{"agent-sessions@agent-sessions":[{}]}}"#)
        let (code, out, _) = setup(tmp, ["status", "--json"])
        #expect(code == 0)
        let json = try JSONParser.parse(out)
        #expect(json["claude_plugin_installed"] == true)
        #expect(
            json["agents"]?["gemini"]?["hooks"]?["events"] == .strings(["PreCompress", "SessionEnd", "SessionStart"]))
        let warnings = json["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(warnings.contains { $0.contains("lists them twice") })
        // With the plugin there, a fresh install skips ~/.claude/skills.
        #expect(setup(tmp, ["uninstall"]).0 == 0)
        let (c2, out2, _) = setup(tmp, installArgs)
        #expect(c2 == 0)
        #expect(out2.contains("skip symlink \(tmp.home)/.claude/skills"))
        #expect(FileInfo.kind(tmp.home + "/.claude/skills/save-state") == .missing)
    }

    @Test("an existing backup is never overwritten; uninstall then removes only our hooks")
    func backupKept() throws {
        let tmp = try sandbox()
        let original = try #require(try JSONFile.read(tmp.home + "/.claude/settings.json"))
        try tmp.write("home/.claude/settings.json.agent-sessions.bak", "an older backup\n")
        #expect(setup(tmp, installArgs).0 == 0)
        #expect(tmp.read("home/.claude/settings.json.agent-sessions.bak") == "an older backup\n")
        #expect(setup(tmp, ["uninstall"]).0 == 0)
        #expect(tmp.read("home/.claude/settings.json.agent-sessions.bak") == "an older backup\n")
        #expect(try JSONFile.read(tmp.home + "/.claude/settings.json") == original)
    }

    @Test("an older payload version is removed once current points at the new one")
    func olderPayloadPruned() throws {
        let tmp = try sandbox()
        #expect(setup(tmp, installArgs).0 == 0)
        let root = tmp.home + "/.local/share/agent-sessions"
        try tmp.write("home/.local/share/agent-sessions/0.0.1/skills/old/SKILL.md", "old\n")
        var manifest = try #require(try JSONFile.read(root + "/install-manifest.json")).objectValue!
        manifest["payloads"] = .strings([root + "/0.0.1", root + "/" + ToolRunner.version])
        try JSONFile.write(.object(manifest), to: root + "/install-manifest.json")
        let (code, out, _) = setup(tmp, installArgs)
        #expect(code == 0)
        #expect(out.contains("remove payload \(root)/0.0.1"))
        #expect(FileInfo.kind(root + "/0.0.1") == .missing)
        #expect(FileInfo.isFile(root + "/current/skills/save-state/SKILL.md"))
    }

    @Test("AGENT_SESSIONS_SHARE gives the source; --json prints one object with the actions")
    func shareVariableAndJSON() throws {
        let tmp = TempDir()
        let (code, out, err) = setup(
            tmp, ["install", "--agent", "codex", "--json"], env: ["AGENT_SESSIONS_SHARE": RepoRoot.path])
        #expect(code == 0, "\(err)")
        let json = try JSONParser.parse(out)
        #expect(json["ok"] == true)
        #expect(json["source"]?.stringValue == Paths.physical(RepoRoot.path))
        let actions = try #require(json["actions"]?.arrayValue)
        #expect(
            actions.contains {
                $0["kind"] == "symlink" && $0["path"]?.stringValue == tmp.home + "/.agents/skills/save-state"
            })
        #expect(FileInfo.kind(tmp.home + "/.claude") == .missing)
        #expect(FileInfo.kind(tmp.home + "/.codex") == .missing)  // no hooks asked, no commands for Codex
    }

    @Test("by default only the agents present (config folder or program on PATH) get anything; none → nothing written")
    func presentAgentsOnly() throws {
        let tmp = TempDir()
        try tmp.write("home/.codex/config.toml", "")
        try tmp.write("bin/gemini", "#!/bin/sh\n")
        let env = ["PATH": tmp.file("bin") + ":/usr/bin:/bin"]
        let (code, out, err) = setup(tmp, ["install", "--source", RepoRoot.path, "--summary"], env: env)
        #expect(code == 0, "\(err)")
        #expect(out.hasPrefix("Installed skills and slash commands for codex, gemini ("))
        #expect(out.contains("Not found, skipped: claude, copilot, cursor, opencode"))
        for missing in [".claude", ".copilot", ".cursor", ".config/opencode"] {
            #expect(FileInfo.kind(tmp.home + "/" + missing) == .missing, "\(missing)")
        }
        #expect(FileInfo.kind(tmp.home + "/.gemini/commands/save.toml") == .symlink)

        let empty = TempDir()
        let before = TreeSnapshot.take(empty.home)
        let (c2, out2, _) = setup(empty, ["install", "--source", RepoRoot.path], env: ["PATH": "/nonexistent"])
        #expect(c2 == 0)
        #expect(out2.hasPrefix("No coding agent found"))
        #expect(TreeSnapshot.take(empty.home) == before)
        let (c3, _, err3) = setup(empty, ["install", "--source", RepoRoot.path, "--agent", "cluade"])
        #expect(c3 == 64)
        #expect(err3.contains("did you mean 'claude'?"))
    }

    @Test("a missing payload source is exit 66; an unknown agent is 64")
    func errors() {
        let tmp = TempDir()
        #expect(setup(tmp, ["install", "--source", tmp.file("nothing")]).0 == 66)
        #expect(setup(tmp, ["install", "--source", RepoRoot.path, "--agent", "vim"]).0 == 64)
    }
}

@Suite("load-state --hook")
struct LoadStateHookTests {
    func hook(_ agent: String, cwd: String, home: String, stdin: String?) -> (Int32, String) {
        let r = TestRun("load-state", ["--hook", agent], cwd: cwd, home: home, stdin: stdin)
        let code = r.run()
        return (code, r.stdout.text)
    }

    @Test("each agent's shape, from the payload's cwd")
    func shapes() throws {
        let tmp = TempDir()
        let repo = try tmp.makeRepo()
        let save = TestRun(
            "save-state", ["--pending", "write the docs", "--in-progress", "hook shapes"], cwd: repo, home: tmp.home)
        #expect(save.run() == 0)
        let payload = "{\"session_id\":\"s-1\",\"cwd\":\"\(repo)\",\"hook_event_name\":\"SessionStart\"}"
        for agent in ["claude", "codex"] {
            let (code, out) = hook(agent, cwd: tmp.path, home: tmp.home, stdin: payload)
            #expect(code == 0)
            #expect(out.hasPrefix("# Saved session state"))
            #expect(out.contains("- write the docs"))
        }
        let (gc, gemini) = hook("gemini", cwd: tmp.path, home: tmp.home, stdin: payload)
        #expect(gc == 0)
        let g = try JSONParser.parse(gemini)
        #expect(g.objectValue?.keys.sorted() == ["hookSpecificOutput"])
        #expect(g["hookSpecificOutput"]?["hookEventName"] == "SessionStart")
        #expect(g["hookSpecificOutput"]?["additionalContext"]?.stringValue?.contains("hook shapes") == true)
        #expect(g["hookSpecificOutput"]?["additionalContext"]?.stringValue?.contains("s-1") == true)
        let (_, copilot) = hook("copilot", cwd: tmp.path, home: tmp.home, stdin: payload)
        let c = try JSONParser.parse(copilot)
        #expect(c.objectValue?.keys.sorted() == ["additionalContext"])
        #expect(c["additionalContext"]?.stringValue?.contains("write the docs") == true)
        let (_, cursor) = hook("cursor", cwd: tmp.path, home: tmp.home, stdin: payload)
        let k = try JSONParser.parse(cursor)
        #expect(k.objectValue?.keys.sorted() == ["additional_context"])
    }

    @Test("nothing saved: no output (Gemini: {}), exit 0, also in a non-git folder and without a payload")
    func nothingSaved() throws {
        let tmp = TempDir()
        let plain = tmp.file("plain")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        for agent in ["claude", "codex", "copilot", "cursor"] {
            #expect(hook(agent, cwd: plain, home: tmp.home, stdin: nil) == (0, ""))
            #expect(hook(agent, cwd: plain, home: tmp.home, stdin: "not json") == (0, ""))
        }
        #expect(hook("gemini", cwd: plain, home: tmp.home, stdin: "{\"cwd\":\"/does/not/exist\"}") == (0, "{}\n"))
    }

    @Test("a corrupt state file gives a one-line note in the context, never a failure")
    func corrupt() throws {
        let tmp = TempDir()
        let repo = try tmp.makeRepo()
        try tmp.write("repo/.claude/claude-state.json", "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n")
        let (code, out) = hook("claude", cwd: repo, home: tmp.home, stdin: "{}")
        #expect(code == 0)
        #expect(out.contains("could not be loaded"))
        #expect(out.contains("conflict markers"))
        #expect(out.split(separator: "\n").count == 1)
        let (gc, gemini) = hook("gemini", cwd: repo, home: tmp.home, stdin: "{}")
        #expect(gc == 0)
        #expect(
            try JSONParser.parse(gemini)["hookSpecificOutput"]?["additionalContext"]?.stringValue?.contains(
                "could not be loaded") == true)
    }

    @Test("the brief is capped under Claude's 10,000 characters")
    func capped() {
        let long = String(repeating: "x", count: 20_000)
        let capped = LoadStateHook.cap(long)
        #expect(capped.count <= LoadStateHook.maxContext)
        #expect(capped.hasSuffix("run load-state for all of it)\n"))
        #expect(LoadStateHook.cap("short\n") == "short\n")
    }
}
