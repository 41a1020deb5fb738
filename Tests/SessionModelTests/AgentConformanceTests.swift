import Foundation
import Testing

@testable import SessionModel

/// One suite run for every agent in `AgentRegistry.standard` (#14): what each agent declares in its folder must agree
/// with what its store does, with docs/registry.md and with the help texts and `--agent` choices of the tools.
@Suite("Agent conformance")
struct AgentConformanceTests {
    static let agents = AgentRegistry.standard.kinds

    /// A valid id of each agent's shape.
    static func sampleID(_ kind: AgentKind) -> String {
        kind == .opencode ? "ses_01JZK7AAAAAAAAAAAAAAAAAAAA" : "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10"
    }

    /// A store with sessions of one project, per agent (the store tests' own layouts). A new agent fails
    /// `everyAgentHasAPopulatedStore` until it gets one here.
    static let populated: [AgentKind: @Sendable (TempDir) throws -> (project: String, store: any SessionStore)] = [
        .claude: { temp in
            let store = ClaudeStore(
                environment: storeEnvironment(home: temp.home, ["CLAUDE_CONFIG_DIR": Fixtures.path("claude/ours")]))
            return ("/home/dev/app", store)
        },
        .codex: { _ in ("/home/dev/app", CodexStoreTests().store()) },
        .gemini: { temp in try GeminiStoreTests().layout(temp) },
        .copilot: { temp in try CopilotStoreTests().layout(temp) },
        .cursor: { temp in try CursorStoreTests().layout(temp) },
        .aider: { temp in try AiderStoreTests().layout(temp) },
        .opencode: { temp in try OpenCodeStoreTests().layout(temp) },
        .agy: { temp in try AgyStoreTests().layout(temp) },
    ]

    /// docs/registry.md's "Resume commands" table: agent → the cell (a command in backticks, or prose).
    static func docsResumeTable() throws -> [String: String] {
        let text = try String(
            contentsOfFile: Paths.dirname(Paths.dirname(Fixtures.root)) + "/docs/registry.md", encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Resume commands").last)
        var table: [String: String] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, cells[0] != "Agent", !cells[0].hasPrefix("-") else { continue }
            table[cells[0]] = cells[1]
        }
        return table
    }

    @Test func theRegistryListsEveryAgentOnce() throws {
        #expect(Set(Self.agents).count == Self.agents.count)
        let names = Self.agents.flatMap { [$0.rawValue] + $0.aliases }
        #expect(Set(names).count == names.count, "a name or alias is declared twice")
        for kind in Self.agents {
            #expect(AgentKind(rawValue: kind.rawValue) == kind)
            for alias in kind.aliases { #expect(try AgentKind.parse(alias.uppercased()) == kind) }
        }
        for kind in Self.agents {
            #expect(AgentRegistry.standard.entry(kind)?.store(storeEnvironment(home: "/h")).agent == kind)
        }
    }

    @Test func everyAgentHasAPopulatedStore() {
        #expect(Set(Self.populated.keys) == Set(Self.agents))
    }

    /// An agent that reads another agent's own skills folder names a registered agent that has one, and the folder
    /// is absolute under the HOME given (else setup-agents would fall back to the shared folder unnoticed).
    @Test(arguments: agents)
    func anOwnedSkillsFolderBelongsToAnAgentThatHasOne(_ kind: AgentKind) throws {
        let entry = try #require(AgentRegistry.standard.entry(kind))
        guard case .ownedBy(let owner) = entry.skillsFolder else { return }
        let own = try #require(AgentRegistry.standard.entry(owner)?.ownSkills, "\(owner) has no own skills folder")
        let environment = storeEnvironment(home: "/h")
        let folder = own.folder(environment)
        #expect(folder.hasPrefix("/h/"), "\(folder)")
        #expect(AgentLocations(environment).skillsFolder(entry) == folder)
    }

    @Test(arguments: agents)
    func resumeCommandContainsTheIDAndAgreesWithTheDocs(_ kind: AgentKind) throws {
        let id = Self.sampleID(kind)
        let context = storeEnvironment(home: "/nonexistent-home", cwd: "/nonexistent-project")
        let store = AgentStores.store(kind, environment: context)
        #expect(store.isValidID(id) && IDBaseline.isPlausible(kind, id))
        let table = ResumeCommands.table(kind, id: id)
        // Aider has no session ids: its command restores the project's history.
        if kind != .aider {
            #expect(table.contains(id) && ResumeCommands.command(context, agent: kind, id: id).contains(id))
        }

        let docs = try #require(try Self.docsResumeTable()[kind.rawValue], "docs/registry.md has no row for \(kind)")
        if docs.hasPrefix("`") {
            let command = try #require(docs.split(separator: "`").first).replacingOccurrences(of: "ID", with: id)
            #expect(table == command, "docs/registry.md: \(docs)")
            // Every copy of the command agrees: the store's, the table's, the importer's.
            #expect(store.resumeCommand(id: id) == table)
        }
        #expect(SessionImporter.resumeCommand(kind, id: id) == table)
        // An id that needs quoting is quoted the same way by every copy.
        let odd = "odd id'1"
        let quoted = "'odd id'\\''1'"
        if kind != .aider {
            #expect(ResumeCommands.table(kind, id: odd).contains(quoted))
            let fromStore = store.resumeCommand(id: odd)
            #expect(fromStore.isEmpty || fromStore.contains(quoted), "\(fromStore)")
        }
    }

    /// The store's id rule, our baseline and the hint shown on a wrong paste say the same thing.
    @Test(arguments: agents)
    func idRuleBaselineAndHintAgree(_ kind: AgentKind) {
        let store = AgentStores.store(kind, environment: storeEnvironment(home: "/nonexistent-home"))
        let probes = [
            Self.sampleID(kind), "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10", "ses_01JZK7AAAAAAAAAAAAAAAAAAAA", "oneword",
            "two words", "../up", "a/b", "",
        ]
        for id in probes {
            #expect(store.isValidID(id) == IDBaseline.isPlausible(kind, id), "'\(id)'")
        }
        let hint = IDBaseline.expected(kind)
        #expect(hint.contains("one word") == store.isValidID("oneword"), "\(hint)")
        #expect(hint.contains("UUID") == (store.isValidID(Self.sampleID(.claude)) && !store.isValidID("oneword")))
    }

    @Test(arguments: agents)
    func listedIDsPassTheIDRuleAndNewestIsTheListsFirst(_ kind: AgentKind) throws {
        let temp = TempDir()
        let make = try #require(Self.populated[kind])
        let (project, store) = try make(temp)
        let list = try store.sessions(projectPath: project)
        #expect(!list.isEmpty)
        for s in list {
            #expect(s.agent == kind)
            #expect(
                store.isValidID(s.id) && IDBaseline.isPlausible(kind, s.id), "\(s.id): \(IDBaseline.expected(kind))")
            #expect(throws: Never.self) {
                try SessionRegistry.validateID(storeEnvironment(home: temp.home), agent: kind, id: s.id)
            }
        }
        #expect(try store.newestSession(projectPath: project)?.id == list.first?.id)
    }

    @Test(arguments: AgentRegistry.standard.entries.filter { $0.homeVariable != nil }.map(\.kind))
    func homeHonoursItsVariableAndIsAbsolute(_ kind: AgentKind) throws {
        let entry = try #require(AgentRegistry.standard.entry(kind))
        let variable = try #require(entry.homeVariable)
        let home = try #require(entry.home)
        let temp = TempDir()
        let cwd = temp.file("work")
        for (value, expected) in [(temp.file("abs-home"), temp.file("abs-home")), ("rel/home", cwd + "/rel/home")] {
            let context = storeEnvironment(temp, cwd: cwd, environment: [variable: value])
            let folder = home(context)
            #expect(folder.hasPrefix("/"), "\(variable)=\(value) → \(folder)")
            #expect(folder.hasPrefix(expected), "\(variable)=\(value) → \(folder)")
            if entry.storeUnderHome {
                #expect(entry.store(context).location.hasPrefix(folder), "store at \(entry.store(context).location)")
            }
            if entry.setup { #expect(AgentLocations(context).configDirectory(entry) == folder) }
        }
    }

    /// Cursor's home (setup-agents' commands and hooks) and the Agent CLI's chat store are one folder, by one rule:
    /// `CURSOR_CONFIG_DIR` ‖ `XDG_CONFIG_HOME/cursor` (when it exists) ‖ `~/.cursor`, absolute, relative values from
    /// the working directory.
    /// The Agent CLI's chats follow Cursor's config folder (`$CURSOR_CONFIG_DIR`, else `$XDG_CONFIG_HOME/cursor`,
    /// else `~/.cursor`); hooks and commands stay where Cursor reads them (`$CURSOR_CONFIG_DIR`, else `~/.cursor`:
    /// user hooks are read from `~/.cursor/hooks.json` whatever XDG says, rimio-ai/rimz#399).
    @Test func cursorChatsFollowTheConfigFolderAndHooksStayInDotCursor() throws {
        let temp = TempDir()
        let cwd = temp.file("work")
        try mkdirs(temp.file("xdg/cursor"))
        try mkdirs(cwd + "/relxdg/cursor")
        try mkdirs(temp.file("bare-xdg"))
        let home = try #require(AgentRegistry.standard.entry(.cursor)?.home)
        let dotCursor = temp.home + "/.cursor"
        // (environment, chats' config folder, setup-agents' folder)
        let cases: [([String: String], String, String)] = [
            ([:], dotCursor, dotCursor),
            (["XDG_CONFIG_HOME": temp.file("bare-xdg")], dotCursor, dotCursor),
            (["XDG_CONFIG_HOME": temp.file("xdg")], temp.file("xdg/cursor"), dotCursor),
            (["XDG_CONFIG_HOME": "relxdg"], cwd + "/relxdg/cursor", dotCursor),
            (
                ["XDG_CONFIG_HOME": temp.file("xdg"), "CURSOR_CONFIG_DIR": "rel/cfg"], cwd + "/rel/cfg",
                cwd + "/rel/cfg"
            ),
            (
                ["XDG_CONFIG_HOME": temp.file("xdg"), "CURSOR_CONFIG_DIR": temp.file("abs")], temp.file("abs"),
                temp.file("abs")
            ),
        ]
        for (environment, chats, setup) in cases {
            let context = storeEnvironment(temp, cwd: cwd, environment: environment)
            #expect(home(context) == setup, "\(environment)")
            #expect(AgentLocations(context).configDirectory(.cursor) == setup, "\(environment)")
            #expect(CursorAgentChats(environment: context).configDirectory == chats, "\(environment)")
            #expect(CursorAgentChats(environment: context).chatsFolders.first == chats + "/chats")
        }
    }

    /// An agent resume-session runs is resumed by the command the table and docs/registry.md give: same program.
    @Test(arguments: ResumeAgentSpec.all.map(\.agent))
    func resumeSpecAgreesWithTheTable(_ kind: AgentKind) throws {
        let spec = try #require(ResumeAgentSpec.spec(for: kind))
        let id = Self.sampleID(kind)
        let table = ResumeCommands.table(kind, id: id)
        #expect(table.split(separator: " ").first.map(String.init) == spec.binary, "\(table)")
        #expect(table.hasSuffix(" " + id) && spec.resumeArguments(id).last == id)
        let docs = try #require(try Self.docsResumeTable()[kind.rawValue])
        #expect(docs.hasPrefix("`\(spec.binary) "), "docs/registry.md: \(docs)")
        #expect(try ResumeAgentSpec.parse(spec.binary).agent == kind)
    }

    @Test(arguments: AgentRegistry.standard.entries.filter { $0.home != nil }.map(\.kind))
    func homeIsAbsoluteWithoutItsVariable(_ kind: AgentKind) throws {
        let temp = TempDir()
        let home = try #require(AgentRegistry.standard.entry(kind)?.home)
        let folder = home(storeEnvironment(temp, cwd: temp.file("work")))
        #expect(folder.hasPrefix(temp.home + "/"))
    }

    @Test(arguments: AgentRegistry.standard.convertTargets)
    func aConvertTargetsOutputReadsBackThroughItsStore(_ kind: AgentKind) throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        // The synthetic transcript is a Codex session; a session is never converted into its own agent.
        let source = try String(contentsOfFile: syntheticTranscript, encoding: .utf8)
        let input = try dir.write(
            "source.transcript.jsonl",
            kind == .codex
                ? source.replacingOccurrences(of: "{\"agent\":\"codex\"", with: "{\"agent\":\"claude\"") : source)
        let (code, t) = runExportSession(
            ["convert", "--input", input, "--to", kind.rawValue, "--whole", "--json"],
            cwd: repo, home: dir.home)
        #expect(code == 0, "\(t.stderr.text)")
        let json = try JSONParser.parse(t.stdout.text)
        let id = try #require(json["session_id"]?.stringValue)
        #expect(json["resume_command"]?.stringValue == ResumeCommands.table(kind, id: id))
        let store = AgentStores.store(kind, environment: storeEnvironment(home: dir.home, cwd: repo))
        #expect(store.isValidID(id))
        let found = try #require(try store.session(id: id))
        #expect(found.path == json["path"]?.stringValue)
        #expect(try store.sessions(projectPath: repo).map(\.id).contains(id))
        #expect(try store.newestSession(projectPath: repo)?.id == id)
        let read = try readAll(store, found)
        #expect(read.count(.user) >= 4)
    }

    /// The help texts and `--agent` choices name exactly the registered agents that have the capability.
    @Test func helpAndChoicesNameExactlyTheAgentsWithTheCapability() throws {
        let registry = AgentRegistry.standard
        func names(_ kinds: [AgentKind]) -> String { AgentRegistry.names(kinds) }

        let saveState = try #require(SaveStateCommand.command.options.first { $0.long == "from-agent" })
        #expect(saveState.help.contains("(auto, \(names(registry.taskAgents)))"))
        #expect(registry.taskAgents.count == registry.entries.filter(\.keepsTasks).count)

        let hook = try #require(LoadStateCommand.command.options.first { $0.long == "hook" })
        #expect(hook.help.contains("(\(LoadStateHook.agents.joined(separator: ", ")))"))

        let setup = SetupAgentsCommand.agentHelp
        #expect(setup.contains(AgentLocations.agents.joined(separator: ",") + " "))
        #expect(AgentLocations.agents == registry.entries.filter(\.setup).map(\.kind.rawValue))

        let resume = ResumeSessionCommand.command
        #expect(resume.discussion.contains("AGENT (\(names(ResumeAgentSpec.supported)))"))
        #expect(ResumeAgentSpec.supported == registry.entries.filter { $0.resume != nil }.map(\.kind))

        let convert = ExportSessionCommand.convertCommand(stores: { AgentStores.store($0, context: $1) })
        #expect(convert.discussion.contains("Targets: \(names(registry.convertTargets))."))
        for name in ["from", "to"] {
            #expect(convert.options.first { $0.long == name }?.choices == registry.allNames)
        }
        #expect(SessionImporter.targets == registry.entries.filter(\.convertTarget).map(\.kind))
        #expect(
            CommandGenerator.targets(registry).map(\.agent)
                == registry.entries.compactMap {
                    $0.commandFileExtension == nil ? nil : $0.kind
                })
        #expect(SessionQueryCommands.agentOption.help.contains("(\(names(registry.kinds)));"))
        #expect(
            SaveSessionCommand.sessionOptions.first { $0.long == "agent" }?.help.contains(names(registry.kinds)) == true
        )
    }
}
