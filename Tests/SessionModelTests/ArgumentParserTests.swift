import Testing

@testable import SessionModel

@Suite struct ArgumentParserTests {
    static let root = Command(
        name: "tool", abstract: "A tool.",
        options: [
            .value("notes", "text", "Notes."), .repeated("pending", "task", "Pending."), .flag("json", "JSON."),
            .value("format", "format", "Format.", choices: ["markdown", "json"]),
        ],
        positionals: [PositionalSpec("words", "Words.", repeating: true)],
        subcommands: [
            Command(name: "list", abstract: "List.", options: [.flag("json", "JSON.")], action: { _, _ in .ok })
        ],
        action: { _, _ in .ok })

    struct Case: Sendable, CustomStringConvertible {
        var args: [String]
        var flags: Set<String> = []
        var values: [String: [String]] = [:]
        var positionals: [String] = []
        var path: [String] = ["tool"]
        var stdin = false
        var description: String { args.joined(separator: " ") }
    }

    static let accepted: [Case] = [
        Case(args: []),
        Case(args: ["--json"], flags: ["json"]),
        Case(args: ["--notes", "hello world"], values: ["notes": ["hello world"]]),
        Case(args: ["--notes=a=b"], values: ["notes": ["a=b"]]),
        Case(args: ["--notes=--json"], values: ["notes": ["--json"]]),
        Case(args: ["--notes", "--other"], values: ["notes": ["--other"]]),
        Case(args: ["--pending", "a", "--pending=b", "--pending", "c"], values: ["pending": ["a", "b", "c"]]),
        Case(args: ["x", "--json", "y"], flags: ["json"], positionals: ["x", "y"]),
        Case(args: ["--", "--json", "-h"], positionals: ["--json", "-h"]),
        Case(args: ["-"], positionals: ["-"], stdin: true),
        Case(args: ["--notes", "-"], values: ["notes": ["-"]], stdin: true),
        Case(args: ["--format", "json"], values: ["format": ["json"]]),
        Case(args: ["list", "--json"], flags: ["json"], path: ["tool", "list"]),
        Case(args: ["--json", "list"], flags: ["json"], path: ["tool", "list"]),
        Case(args: ["x", "list"], positionals: ["x", "list"]),
    ]

    @Test(arguments: accepted)
    func accepts(_ c: Case) throws {
        let outcome = try ArgumentParser.parse(c.args, root: Self.root)
        guard case .run(let parsed) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(parsed.flags == c.flags)
        #expect(parsed.values == c.values)
        #expect(parsed.positionals == c.positionals)
        #expect(parsed.commandPath == c.path)
        #expect(parsed.usesStdin == c.stdin)
    }

    static let rejected: [([String], String)] = [
        (["--nots", "x"], "unknown option '--nots'"),
        (["--notes"], "missing value for '--notes <text>'"),
        // One of the command's own options is never swallowed as a value (#13).
        (["--notes", "--json"], "missing value for '--notes'"),
        (["--pending", "-h"], "missing value for '--pending'"),
        (["--notes", "a", "--notes", "b"], "'--notes' given more than once"),
        (["--json=yes"], "'--json' takes no value"),
        (["--format", "xml"], "invalid value 'xml' for '--format <format>'"),
        (["-x"], "unknown option '-x'"),
        (["list", "extra"], "unexpected argument 'extra'"),
    ]

    @Test func jsonStandingAsAValueIsNotAskedFor() {
        #expect(ArgumentParser.asksForJSON(["--pending", "x", "--json"], root: Self.root))
        #expect(ArgumentParser.asksForJSON(["list", "--bogus", "--json"], root: Self.root))
        #expect(!ArgumentParser.asksForJSON(["--pending", "--json"], root: Self.root))
        #expect(!ArgumentParser.asksForJSON(["--notes=--json"], root: Self.root))
        #expect(!ArgumentParser.asksForJSON(["--", "--json"], root: Self.root))
    }

    @Test(arguments: rejected)
    func rejects(_ args: [String], _ message: String) {
        #expect {
            _ = try ArgumentParser.parse(args, root: Self.root)
        } throws: { error in
            guard let e = error as? ToolError else { return false }
            return e.code == .usage && e.message == message && e.usage?.hasPrefix("Usage: tool") == true
        }
    }

    @Test func suggestsTheNearestOption() throws {
        do {
            _ = try ArgumentParser.parse(["--jsno"], root: Self.root)
            Issue.record("expected a usage error")
        } catch {
            #expect(error.hint == "did you mean '--json'?")
        }
    }

    @Test func helpAndVersionWinAnywhere() throws {
        #expect(try ArgumentParser.parse(["--notes", "x", "--help"], root: Self.root) == .help(["tool"]))
        #expect(try ArgumentParser.parse(["list", "-h"], root: Self.root) == .help(["tool", "list"]))
        #expect(try ArgumentParser.parse(["--version"], root: Self.root) == .version)
    }

    @Test func helpTextListsEveryOption() {
        let text = HelpFormatter.help(Self.root, path: ["tool"])
        for needle in [
            "OVERVIEW: A tool.", "USAGE: tool", "--notes <text>", "--pending <task>", "(can be repeated)",
            "(values: markdown, json)", "-h, --help", "--version", "SUBCOMMANDS:", "list",
        ] {
            #expect(text.contains(needle), "help lacks \(needle)")
        }
    }
}

@Suite struct ToolRunnerTests {
    @Test func usageErrorsExit64WithTheUsageLine() throws {
        let dir = TempDir()
        let run = TestRun("save-state", ["--bogus"], cwd: dir.path, home: dir.home)
        #expect(run.run() == 64)
        #expect(run.stderr.text.hasPrefix("save-state: error: unknown option '--bogus'"))
        #expect(run.stderr.text.contains("\nUsage: save-state "))
        #expect(run.stdout.text.isEmpty)
    }

    @Test func jsonErrorsAreJSONOnStdout() throws {
        let dir = TempDir()
        let run = TestRun("load-state", ["--json", "--repo-root", dir.path], cwd: dir.path, home: dir.home)
        #expect(run.run() == 66)
        let json = try JSONParser.parse(run.stdout.text)
        #expect(json["ok"] == .bool(false))
        #expect(json["error"]?["code"] == .int(66))
        #expect(json["error"]?["kind"] == "missing-input")
        #expect(json["error"]?["hint"] == "run save-state to create one")
        #expect(run.stderr.text.split(separator: "\n").count == 1)
    }

    @Test(arguments: ["save-session", "save-state", "load-state", "export-session", "resume-session", "setup-agents"])
    func everyToolHasHelpAndVersion(_ tool: String) throws {
        let dir = TempDir()
        let help = TestRun(tool, ["--help"], cwd: dir.path, home: dir.home)
        #expect(help.run() == 0)
        #expect(help.stdout.text.hasPrefix("OVERVIEW: "))
        #expect(help.stdout.text.contains("USAGE: \(tool)"))
        let version = TestRun(tool, ["--version"], cwd: dir.path, home: dir.home)
        #expect(version.run() == 0)
        #expect(version.stdout.text == "\(tool) (agent-sessions) \(ToolRunner.version)\n")
    }

    @Test func exitCodesAreTheDocumentedOnes() {
        #expect(ExitCode.allCases.map(\.rawValue) == [0, 1, 64, 65, 66, 73, 75])
    }
}

@Suite struct PassThroughJSONTests {
    @Test func jsonAfterTheAgentNameBelongsToTheAgent() throws {
        let dir = TempDir()
        let run = TestRun("resume-session", ["no-such-agent-xyz", "--json"], cwd: dir.path, home: dir.home)
        #expect(run.run() != 0)
        #expect(run.stdout.text.isEmpty)
        #expect(!run.stderr.text.isEmpty)
    }
}
