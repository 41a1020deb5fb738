import Foundation
import TestSupport
import Testing

@testable import SessionModel

@Suite("Skills and commands")
struct SkillsAndCommandsTests {
    static var skillDirectories: [String] {
        let dir = RepoRoot.path + "/skills"
        return FileInfo.list(dir).sorted().map { dir + "/" + $0 }.filter { FileInfo.isDirectory($0) }
    }

    @Test("every SKILL.md follows the Agent Skills standard")
    func skillsFollowTheStandard() throws {
        let dirs = Self.skillDirectories
        #expect(
            Set(dirs.map { Paths.basename($0) }).isSuperset(of: [
                "save-session", "save-state", "load-state", "export-session",
            ]))
        for dir in dirs {
            #expect(SkillValidator.problems(directory: dir) == [], "\(dir)")
        }
    }

    @Test("the skill descriptions carry the trigger phrases")
    func triggerPhrases() throws {
        var all = ""
        for dir in Self.skillDirectories {
            let text = String(decoding: try #require(try AtomicFile.read(dir + "/SKILL.md")), as: UTF8.self)
            let fm = try Frontmatter.parse(text, file: dir)
            all += (fm.value("description") ?? "").lowercased() + "\n"
            #expect(!text.contains("${CLAUDE"), "no agent-only placeholders in \(dir)")
            #expect(!text.contains("!`"), "no shell injection in \(dir)")
        }
        for phrase in [
            "save session", "remember this session", "before ending a long session", "continue where we left off",
        ] {
            #expect(all.contains(phrase), "missing trigger phrase '\(phrase)'")
        }
    }

    @Test("the validator rejects what the standard forbids")
    func validatorRejects() {
        func problems(_ frontmatter: String, body: String = "Body.\n", folder: String = "my-skill") -> [String] {
            SkillValidator.problems(text: "---\n\(frontmatter)\n---\n\(body)", folderName: folder, file: "SKILL.md")
        }
        #expect(problems("name: my-skill\ndescription: Does things. Use when asked.") == [])
        #expect(problems("name: My-Skill\ndescription: x", folder: "My-Skill").count == 1)
        #expect(problems("name: my--skill\ndescription: x", folder: "my--skill").count == 1)
        #expect(problems("name: -my\ndescription: x", folder: "-my").count == 1)
        #expect(problems("name: other\ndescription: x").count == 1)
        #expect(problems("name: my-skill\ndescription: x\nwhen_to_use: y").count == 1)
        #expect(problems("name: my-skill\ndescription: " + String(repeating: "a", count: 1025)).count == 1)
        #expect(problems("name: my-skill").count == 1)
        #expect(problems("name: my-skill\ndescription: x", body: "\n  \n").count == 1)
        #expect(
            problems(
                "name: \(String(repeating: "a", count: 65))\ndescription: x", folder: String(repeating: "a", count: 65)
            ).count == 1)
        #expect(
            problems("name: my-skill\ndescription: x\nmetadata:\n  author: me\nallowed-tools: Bash(git:*) Read") == [])
        #expect(!SkillValidator.problems(text: "no frontmatter", folderName: "x", file: "f").isEmpty)
    }

    @Test("the generated command files are up to date")
    func commandsUpToDate() throws {
        let commands = RepoRoot.path + "/commands"
        let sources = try CommandGenerator.sources(in: commands + "/src")
        #expect(Set(sources.map(\.name)) == ["save", "load", "session-save", "session-load"])
        let rendered = CommandGenerator.render(sources, registry: .standard)
        var expected = Set<String>()
        for (rel, text) in rendered {
            expected.insert(rel)
            let committed = try AtomicFile.read(commands + "/" + rel)
            #expect(committed == Array(text.utf8), "\(rel) is out of date: run 'make commands'")
        }
        for target in CommandGenerator.targets(.standard) {
            let agent = target.agent.rawValue
            for file in FileInfo.list(commands + "/" + agent) {
                #expect(expected.contains(agent + "/" + file), "stale generated file \(agent)/\(file)")
            }
        }
        #expect(try CommandGenerator.generate(commandsDirectory: commands, check: true, registry: .standard) == [])
    }

    @Test("Gemini commands are TOML with {{args}}; Markdown keeps $ARGUMENTS and the frontmatter")
    func shapes() throws {
        let source = CommandGenerator.Source(
            name: "save", description: "Save \"it\" now", argumentHint: "[notes]",
            body: "\nRun save-state. Notes: $ARGUMENTS\nA \\ backslash and \"\"\" quotes.\n\n")
        let toml = CommandGenerator.toml(source)
        #expect(
            toml == """
                description = "Save \\"it\\" now"
                prompt = \"\"\"
                Run save-state. Notes: {{args}}
                A \\\\ backslash and \"\"\\\" quotes.
                \"\"\"

                """)
        let md = CommandGenerator.markdown(source)
        #expect(
            md
                == "---\ndescription: \"Save \\\"it\\\" now\"\nargument-hint: \"[notes]\"\n---\nRun save-state. Notes: $ARGUMENTS\nA \\ backslash and \"\"\" quotes.\n"
        )
        let parsed = try Frontmatter.parse(md, file: "x")
        #expect(parsed.value("description") == "Save \"it\" now")
        #expect(parsed.value("argument-hint") == "[notes]")
    }

    @Test("generate-commands writes, then --check passes, and a stale file is found")
    func generateCommand() throws {
        let tmp = TempDir()
        try tmp.write("commands/src/hello.md", "---\ndescription: Say hello\n---\nHello $ARGUMENTS\n")
        var run = TestRun(
            "setup-agents", ["generate-commands", "--dir", tmp.file("commands")], cwd: tmp.path, home: tmp.home)
        #expect(run.run() == 0)
        #expect(
            tmp.read("commands/gemini/hello.toml")
                == "description = \"Say hello\"\nprompt = \"\"\"\nHello {{args}}\n\"\"\"\n")
        #expect(tmp.read("commands/claude/hello.md") == "---\ndescription: Say hello\n---\nHello $ARGUMENTS\n")
        run = TestRun(
            "setup-agents", ["generate-commands", "--dir", tmp.file("commands"), "--check"], cwd: tmp.path,
            home: tmp.home)
        #expect(run.run() == 0)
        try tmp.write("commands/cursor/old.md", "stale\n")
        run = TestRun(
            "setup-agents", ["generate-commands", "--dir", tmp.file("commands"), "--check"], cwd: tmp.path,
            home: tmp.home)
        #expect(run.run() == 1)
        #expect(run.stdout.text.contains("cursor/old.md"))
    }

    @Test("the Claude plugin manifests have the required fields")
    func pluginManifest() throws {
        let plugin = try #require(try JSONFile.read(RepoRoot.path + "/.claude-plugin/plugin.json"))
        #expect(plugin["name"]?.stringValue == "agent-sessions")
        let allowed: Set<String> = [
            "name", "version", "description", "author", "homepage", "repository", "license",
            "keywords", "skills", "commands", "agents", "hooks", "mcpServers",
        ]
        #expect(Set(plugin.objectValue!.keys).isSubset(of: allowed))
        #expect(plugin["version"]?.stringValue == ToolRunner.version)
        let market = try #require(try JSONFile.read(RepoRoot.path + "/.claude-plugin/marketplace.json"))
        #expect(market["name"]?.stringValue == "agent-sessions")
        #expect(market["owner"]?["name"]?.stringValue?.isEmpty == false)
        // `claude plugin validate --strict` warns (exit 1) on a marketplace without a description.
        #expect(market["description"]?.stringValue?.isEmpty == false)
        let entry = try #require(market["plugins"]?.arrayValue?.first)
        #expect(entry["name"]?.stringValue == "agent-sessions")
        #expect(entry["source"]?.stringValue == "./")
        let hooks = try #require(try JSONFile.read(RepoRoot.path + "/hooks/hooks.json"))
        let start = try #require(hooks["hooks"]?["SessionStart"]?.arrayValue?.first?["hooks"]?.arrayValue?.first)
        #expect(start["command"]?.stringValue?.contains("load-state --hook claude") == true)
    }
}
