import Foundation
import Testing

@testable import SessionModel

/// The typed options (CommandLine/CommandOptions.swift): each command's options are declared once, read through
/// their declarations and checked before the command runs.
@Suite struct CommandOptionsTests {
    static let tools = ["save-state", "load-state", "save-session", "export-session", "resume-session", "setup-agents"]

    /// Every command of every tool, with its path.
    static func allCommands() -> [(path: String, command: Command)] {
        var out: [(String, Command)] = []
        func walk(_ command: Command, _ path: String) {
            out.append((path, command))
            for sub in command.subcommands { walk(sub, path + " " + sub.name) }
        }
        for tool in tools { walk(ToolRunner.command(for: tool)!, tool) }
        return out
    }

    /// Parses `args` for `tool` and builds the options of the command chosen (with a context of its own).
    static func options<O: CommandOptions>(_ type: O.Type, _ tool: String, _ args: [String]) throws(ToolError) -> O {
        guard case .run(let parsed) = try ArgumentParser.parse(args, root: ToolRunner.command(for: tool)!) else {
            throw ToolError(.failure, "expected a run")
        }
        let t = TestRun(tool, args, cwd: "/nonexistent-cwd", home: "/nonexistent-home")
        return try O(parsed, t.context)
    }

    static func usageMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ToolError {
            return error.code == .usage ? error.message : "exit \(error.code.rawValue): \(error.message)"
        } catch {
            return "\(error)"
        }
    }

    @Test func sharedOptionsAreDeclaredOnceAndUsedAlike() {
        // --repo-root has one declaration; every command that takes it takes exactly that one.
        var repoRoots = 0
        var jsons = 0
        for (path, command) in Self.allCommands() {
            for option in command.options where option.long == "repo-root" {
                repoRoots += 1
                #expect(option.help == SharedOptions.repoRoot.help, "\(path)")
                #expect(option.valueName == SharedOptions.repoRoot.valueName, "\(path)")
                #expect(option.kind == .value, "\(path)")
            }
            for option in command.options where option.long == "json" {
                jsons += 1
                #expect(option.kind == .flag, "\(path)")
            }
            for option in command.options where option.long == "dry-run" || option.long == "no-redact" {
                #expect(option.kind == .flag, "\(path)")
            }
        }
        #expect(repoRoots >= 13)
        #expect(jsons >= 20)
    }

    @Test func everyRunnableCommandHasNoDuplicateOption() {
        for (path, command) in Self.allCommands() {
            let names = command.allOptions.map(\.long)
            #expect(Set(names).count == names.count, "\(path): \(names)")
        }
    }

    @Test func readsGoThroughTheDeclaration() throws {
        var parsed = ParsedArguments()
        parsed.flags = ["json"]
        parsed.values = ["repo-root": ["/a", "/b"], "pending": ["x", "y"]]
        #expect(parsed.flag(SharedOptions.json))
        #expect(parsed.flag(SharedOptions.json("Other help, same option.")))
        #expect(!parsed.flag(SharedOptions.dryRun()))
        #expect(parsed.value(SharedOptions.repoRoot) == "/b")
        #expect(parsed.values(SaveStateCommand.Options.pending) == ["x", "y"])
        #expect(parsed.has(SaveStateCommand.Options.pending))
        #expect(!parsed.has(SaveStateCommand.Options.notes))
    }

    @Test func saveStateOptionsAreCheckedBeforeRunning() throws {
        let o = try Self.options(
            SaveStateCommand.Options.self, "save-state",
            ["notes here", "--pending", "a", "--completed", "b", "--json", "--repo-root", "/x"])
        #expect(o.notes == "notes here")
        #expect(o.pending == ["a"])
        #expect(o.completed == ["b"])
        #expect(o.json && !o.dryRun && !o.restore)
        #expect(o.repoRoot == "/x")

        let restore = try Self.options(SaveStateCommand.Options.self, "save-state", ["--restore", "2", "--dry-run"])
        #expect(restore.restore && restore.copy == "2" && restore.notes == nil && restore.dryRun)

        #expect(
            Self.usageMessage {
                _ = try Self.options(SaveStateCommand.Options.self, "save-state", ["--restore", "--commit"])
            }
                == "--restore cannot be combined with --commit")
        #expect(
            Self.usageMessage {
                _ = try Self.options(SaveStateCommand.Options.self, "save-state", ["--restore", "--pending", "x"])
            } == "--restore cannot be combined with --pending")
        #expect(
            Self.usageMessage { _ = try Self.options(SaveStateCommand.Options.self, "save-state", ["status"]) }
                == "'status' is not a save-state command")
        #expect(
            Self.usageMessage {
                _ = try Self.options(SaveStateCommand.Options.self, "save-state", ["n", "--notes", "m"])
            }
                == "give the notes once: either the NOTES argument or --notes")
        #expect(
            Self.usageMessage {
                _ = try Self.options(SaveStateCommand.Options.self, "save-state", ["--in-progress", "  "])
            } == "missing value for '--in-progress'")
    }

    @Test func loadStateFormat() throws {
        #expect(try Self.options(LoadStateCommand.Options.self, "load-state", []).format == .markdown)
        #expect(try Self.options(LoadStateCommand.Options.self, "load-state", ["--json"]).format == .json)
        #expect(
            try Self.options(LoadStateCommand.Options.self, "load-state", ["--format", "md"]).format == .markdown)
        #expect(
            try Self.options(LoadStateCommand.Options.self, "load-state", ["--format", "todowrite", "--json"]).format
                == .json)
    }

    @Test func convertOptions() throws {
        let o = try Self.options(
            ExportSessionCommand.ConvertOptions.self, "export-session",
            ["convert", "--from", "codex", "--to", "claude", "--budget", "1000"])
        #expect(o.from == .codex && o.target == .claude && o.budget?.tokens == 1000)
        let whole = try Self.options(
            ExportSessionCommand.ConvertOptions.self, "export-session",
            ["convert", "--from", "codex", "--to", "claude", "--budget", "1000", "--whole"])
        #expect(whole.budget == nil)
        #expect(
            Self.usageMessage {
                _ = try Self.options(
                    ExportSessionCommand.ConvertOptions.self, "export-session", ["convert", "--to", "claude"])
            } == "missing --from <agent>")
        #expect(
            Self.usageMessage {
                _ = try Self.options(
                    ExportSessionCommand.ConvertOptions.self, "export-session", ["convert", "--from", "codex"])
            } == "missing --to <agent>")
        #expect(
            Self.usageMessage {
                _ = try Self.options(
                    ExportSessionCommand.ConvertOptions.self, "export-session",
                    ["convert", "--from", "codex", "--to", "claude", "--budget", "0"])
            } == "--budget takes a positive number of tokens, not '0'")
        // With --input the file names the agent: --from is not required.
        let input = try Self.options(
            ExportSessionCommand.ConvertOptions.self, "export-session",
            ["convert", "--to", "codex", "--input", "x.json"])
        #expect(input.from == nil && input.input == "x.json")
    }

    @Test func exportAndInspectOptions() throws {
        #expect(
            Self.usageMessage {
                _ = try Self.options(
                    ExportSessionCommand.ExportOptions.self, "export-session", ["--latest", "--session", "abc"])
            } == "--latest and --session cannot be used together")
        let e = try Self.options(
            ExportSessionCommand.ExportOptions.self, "export-session", ["--format", "md", "--no-redact"])
        #expect(e.format == .markdown && !e.redact && e.results == .excerpt)
        #expect(
            Self.usageMessage {
                _ = try Self.options(
                    SessionQueryCommands.InspectOptions.self, "export-session", ["inspect", "abc", "--session", "abc"])
            } == "give the id once: as <id> or with --session")
        let i = try Self.options(
            SessionQueryCommands.InspectOptions.self, "export-session", ["inspect", "--session", "abc"])
        #expect(i.id == "abc")
    }

    @Test func saveSessionHookNeverFailsOnItsOptions() throws {
        // Without --hook a bad quality or agent is a usage error, before anything runs.
        #expect(
            Self.usageMessage {
                _ = try Self.options(SaveSessionCommand.SaveOptions.self, "save-session", ["--quality", "11"])
            } == "--quality must be a whole number from 1 to 10, got '11'")
        #expect(
            Self.usageMessage {
                _ = try Self.options(SaveSessionCommand.SaveOptions.self, "save-session", ["--agent", "nobody"])
            } == "unknown agent 'nobody'")
        // A hook always exits 0: the same options are not checked there.
        let hook = try Self.options(
            SaveSessionCommand.SaveOptions.self, "save-session",
            ["--hook", "claude", "--quality", "11", "--agent", "nobody", "--summary", "s", "--tags", "a,b"])
        #expect(hook.hook?.agent == "claude")
        #expect(hook.hook?.summary == "s" && hook.hook?.tags == ["a,b"])
        let start = try Self.options(
            SaveSessionCommand.StartOptions.self, "save-session",
            ["start", "--hook", "codex", "--agent", "nobody", "--job", "J"])
        #expect(start.hook?.agent == "codex" && start.hook?.job == "J")
    }

    @Test func setupAgentsListIsChecked() throws {
        let o = try Self.options(
            SetupAgentsCommand.InstallOptions.self, "setup-agents",
            ["install", "--agent", "Claude, codex", "--mode", "copy"])
        #expect(o.agents == ["claude", "codex"] && o.copy)
        #expect(
            Self.usageMessage {
                _ = try Self.options(
                    SetupAgentsCommand.UninstallOptions.self, "setup-agents", ["uninstall", "--agent", ","])
            } == "--agent needs at least one agent")
        #expect(
            Self.usageMessage {
                _ = try Self.options(
                    SetupAgentsCommand.UninstallOptions.self, "setup-agents", ["uninstall", "--agent", "claud"])
            } == "unknown agent 'claud'")
    }

    @Test func resumeSessionOptions() throws {
        let run = try Self.options(
            ResumeSessionCommand.RunOptions.self, "resume-session", ["--use-real", "codex", "--json", "-c"])
        #expect(run.agent.agent == .codex && run.useReal && run.arguments == ["--json", "-c"])
        let reset = try Self.options(
            ResumeSessionCommand.ManageOptions<ResumeSessionCommand.ResetSpecs>.self, "resume-session",
            ["reset", "claude", "claude", "--dry-run", "--json"])
        #expect(reset.agents?.map(\.agent) == [.claude] && reset.dryRun && reset.json)
        let status = try Self.options(
            ResumeSessionCommand.ManageOptions<ResumeSessionCommand.StatusSpecs>.self, "resume-session", ["status"])
        #expect(status.agents == nil && !status.dryRun)
    }

    /// An option's check runs before the command touches anything: a bad value leaves the project as it was.
    @Test func aBadValueWritesNothing() throws {
        let tmp = TempDir()
        let repo = try tmp.makeRepo()
        let t = TestRun(
            "save-session",
            ["--session-id", "0199aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee", "--agent", "claude", "--quality", "0"],
            cwd: repo, home: tmp.home)
        #expect(t.run() == 64)
        #expect(t.stderr.text.contains("--quality must be a whole number from 1 to 10, got '0'"))
        #expect(t.stderr.text.contains("Usage: save-session"))
        #expect(!FileManager.default.fileExists(atPath: repo + "/docs/.ai"))
    }
}

/// Typed reports: one value renders both forms; `write` picks one (JSON pretty with sorted keys and a newline).
@Suite struct CommandReportTests {
    static func written(_ report: some CommandReport, json: Bool) -> String {
        let t = TestRun("t", [], cwd: "/w", home: "/nonexistent-home")
        report.write(t.context, json: json)
        return t.stdout.text
    }

    @Test func writePicksTheForm() {
        let report = ExportSessionCommand.DryRunReport(line: "Would export x", plan: ["format": "html"])
        #expect(Self.written(report, json: false) == "Would export x (dry run: nothing written)\n")
        #expect(
            Self.written(report, json: true) == "{\n  \"dry_run\": true,\n  \"format\": \"html\",\n  \"ok\": true\n}\n")
        #expect(Self.written(report, json: true) == String(decoding: JSONWriter.pretty(report.json), as: UTF8.self))
    }

    @Test func restoreCopies() {
        let empty = StateRestore.CopiesReport(copies: [])
        #expect(Self.written(empty, json: false).hasPrefix("No copies in .claude/state-history/ yet"))
        #expect(empty.json == ["ok": true, "copies": .array([])])
        let copy = StateRestore.Copy(name: "claude-state-1.json", path: "/p/claude-state-1.json", modified: 0)
        let two = StateRestore.CopiesReport(copies: [(copy, "saved t, 1 task"), (copy, nil)])
        #expect(
            Self.written(two, json: false)
                == "Copies in .claude/state-history/, newest first:\n"
                + "  1  claude-state-1.json  saved t, 1 task\n  2  claude-state-1.json  cannot be read\n"
                + "Restore one with: save-state --restore N (or its file name)\n")
        #expect(two.json["copies"]?.arrayValue?.count == 2)
        #expect(two.json["copies"]?.arrayValue?[1]["summary"] == nil)
    }

    @Test func resumeManageLines() {
        let result = ResumeManage.SetupResult(json: ["ok": true], lines: ["a", "b"], failed: false)
        #expect(Self.written(result, json: false) == "a\nb\n")
        #expect(Self.written(result, json: true) == "{\n  \"ok\": true\n}\n")
    }

    @Test func setupActionsWithNothingToDo() {
        let report = SetupAgentsCommand.ActionsReport(actions: [], dryRun: true, extra: ["agents": .strings([])])
        #expect(Self.written(report, json: false) == "Nothing to change.\n")
        #expect(report.json["dry_run"] == true && report.json["agents"] == .strings([]))
    }
}
