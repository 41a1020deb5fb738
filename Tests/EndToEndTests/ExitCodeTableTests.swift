import Foundation
import SessionModel
import Testing

/// One table of error cases over all six tools, run as built binaries: the exit code is the one docs/exit-codes.md
/// gives, stderr is one `<tool>: error:` line (plus the usage line for 64), and `--json` puts the same code in the
/// JSON error object on stdout.
@Suite struct ExitCodeTableTests {
    enum Place: Sendable { case repo, noGit, brokenState, fileInTheWay }

    struct Case: Sendable, CustomStringConvertible {
        var tool: String
        var args: [String]
        var place: Place = .repo
        var code: Int32
        /// Text the error line must contain (a did-you-mean, the file, ...).
        var says: String? = nil
        var description: String { "\(tool) \(args.joined(separator: " ")) → \(code)" }
    }

    static let cases: [Case] = [
        // save-state
        Case(tool: "save-state", args: ["--bogus"], code: 64, says: "unknown option '--bogus'"),
        Case(tool: "save-state", args: ["--pendng", "x"], code: 64, says: "did you mean '--pending'?"),
        Case(
            tool: "save-state", args: ["x", "--commit", "--repo-root", "."], place: .noGit, code: 1,
            says: "not a git repository"),
        Case(tool: "save-state", args: ["x"], place: .noGit, code: 64, says: "not in a git repository"),
        Case(tool: "save-state", args: ["--repo-root", "/nonexistent/x"], code: 66),
        Case(tool: "save-state", args: ["--tasks-json", "missing.json"], code: 66, says: "missing.json"),
        Case(tool: "save-state", args: ["x"], place: .brokenState, code: 65, says: "claude-state.json:1:2"),
        Case(tool: "save-state", args: ["x"], place: .fileInTheWay, code: 73, says: ".claude"),
        // load-state
        Case(tool: "load-state", args: [], code: 66, says: "run save-state"),
        Case(tool: "load-state", args: ["--format", "xml"], code: 64, says: "expected one of"),
        Case(tool: "load-state", args: ["--format", "jsn"], code: 64, says: "did you mean 'json'?"),
        Case(tool: "load-state", args: [], place: .brokenState, code: 65, says: "claude-state.json:1:2"),
        // save-session
        Case(tool: "save-session", args: ["--quality", "11"], code: 64, says: "--quality"),
        Case(tool: "save-session", args: ["lisst"], code: 64, says: "did you mean 'list'?"),
        Case(tool: "save-session", args: ["list", "--agent", "cluade"], code: 64, says: "did you mean 'claude'?"),
        Case(tool: "save-session", args: ["show", "nope"], code: 66, says: "no session 'nope'"),
        Case(tool: "save-session", args: ["install-merge-driver"], place: .noGit, code: 1, says: "not a git"),
        // export-session
        Case(tool: "export-session", args: ["--format", "mark"], code: 64, says: "did you mean 'markdown'?"),
        Case(tool: "export-session", args: ["list", "--agent", "cluade"], code: 64, says: "did you mean 'claude'?"),
        Case(tool: "export-session", args: ["inspect", "a", "b"], code: 64, says: "unexpected argument 'b'"),
        Case(tool: "export-session", args: ["--latest", "--session", "x"], code: 64, says: "cannot be used together"),
        Case(tool: "export-session", args: ["--session", "ffff"], code: 66, says: "no session with id ffff"),
        Case(tool: "export-session", args: ["import", "/nonexistent/x.jsonl"], code: 66, says: "does not exist"),
        Case(tool: "export-session", args: ["convert", "--to", "codex"], code: 64, says: "missing --from"),
        // resume-session
        Case(tool: "resume-session", args: [], code: 64, says: "missing argument <agent>"),
        Case(tool: "resume-session", args: ["--bogus"], code: 64, says: "unknown option"),
        Case(tool: "resume-session", args: ["status", "claudee"], code: 64, says: "did you mean 'claude'?"),
        // setup-agents
        Case(tool: "setup-agents", args: ["instal"], code: 64, says: "did you mean 'install'?"),
        Case(tool: "setup-agents", args: ["install", "--agent", "cluade"], code: 64, says: "did you mean 'claude'?"),
        Case(tool: "setup-agents", args: ["install", "--source", "/nonexistent/x"], code: 66),
        Case(tool: "setup-agents", args: ["help", "stauts"], code: 64, says: "did you mean 'status'?"),
    ]

    func place(_ box: Sandbox, _ place: Place) throws -> String {
        switch place {
        case .repo: return try box.makeRepo()
        case .noGit:
            let dir = box.path("plain")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return dir
        case .brokenState:
            let repo = try box.makeRepo()
            try box.write(repo + "/.claude/claude-state.json", "{bad\n")
            return repo
        case .fileInTheWay:
            let repo = try box.makeRepo()
            try box.write(repo + "/.claude", "not a folder\n")
            return repo
        }
    }

    @Test(arguments: cases)
    func exitCodeMessageAndJSON(_ c: Case) throws {
        let box = Sandbox()
        let cwd = try place(box, c.place)
        // No agent around: nothing to find, nothing installed.
        let env = [
            "PATH": "/usr/bin:/bin", "CLAUDE_CONFIG_DIR": box.path("none/claude"), "CODEX_HOME": box.path("none/codex"),
        ]
        let plain = try box.run(c.tool, c.args, cwd: cwd, env: env)
        #expect(plain.status == c.code, "\(plain.stderr)")
        let lines = plain.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("\(c.tool): error: ") == true, "\(plain.stderr)")
        if let says = c.says { #expect(lines.first?.contains(says) == true, "\(plain.stderr)") }
        if c.code == 64 {
            #expect(lines.count >= 2 && lines[1].hasPrefix("Usage: \(c.tool)"), "\(plain.stderr)")
        } else {
            #expect(lines.count == 1, "\(plain.stderr)")
        }
        #expect(!plain.stderr.contains("\u{1B}["))  // never colour when not a terminal

        // The same with --json (before a pass-through agent name, after a subcommand word).
        var args = c.args
        let at = c.tool == "resume-session" && args.first != "status" ? 0 : min(args.count, 1)
        let isSub = ToolRunner.command(for: c.tool)?.subcommands.contains { $0.name == args.first } ?? false
        args.insert("--json", at: isSub ? at : 0)
        let json = try box.run(c.tool, args, cwd: cwd, env: env)
        #expect(json.status == c.code, "\(json.stderr)")
        let object = try box.json(json.stdout)
        #expect(object["ok"] == false)
        #expect(object["error"]?["code"] == .int(Int(c.code)), "\(json.stdout)")
    }

    @Test func everyToolIsInTheTable() {
        let tools = Set(Self.cases.map(\.tool))
        #expect(
            tools == ["save-state", "load-state", "save-session", "export-session", "resume-session", "setup-agents"])
        let codes = Set(Self.cases.map(\.code))
        #expect(codes.isSuperset(of: [1, 64, 65, 66, 73]))
    }
}
