import Foundation
import SessionModel
import Testing

/// The completion scripts the built tools print are loaded by the real shells and complete what `--help` lists.
@Suite struct CompletionEndToEndTests {
    static func which(_ program: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs bash's completion function for `words` (the last one being completed) and returns the candidates.
    func bashComplete(_ sandbox: Sandbox, _ tool: String, _ words: [String]) throws -> [String] {
        let script = try sandbox.run(tool, ["--generate-completion-script", "bash"], cwd: sandbox.root)
        #expect(script.status == 0)
        let file = try sandbox.write("\(tool).bash", script.stdout)
        let fn = "_agent_sessions_" + tool.replacingOccurrences(of: "-", with: "_")
        let quoted = ([tool] + words).map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source '\(file)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count); \(fn); \
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try SpawnProcessRunner().run(
            "/bin/bash", ["-c", program], workingDirectory: sandbox.root, environment: sandbox.environment,
            input: nil, timeout: 30)
        #expect(result.status == 0, "\(result.stderrText)")
        return result.stdoutText.split(separator: "\n").map(String.init)
    }

    @Test func bashCompletesSubcommandsOptionsAndValues() throws {
        let sandbox = Sandbox()
        #expect(try bashComplete(sandbox, "save-session", ["li"]) == ["list"])
        #expect(try bashComplete(sandbox, "save-session", ["list", "--js"]) == ["--json"])
        #expect(try bashComplete(sandbox, "export-session", ["--format", "m"]) == ["markdown"])
        #expect(try bashComplete(sandbox, "setup-agents", ["he"]) == ["help"])
        #expect(try bashComplete(sandbox, "resume-session", ["co"]).contains("codex"))
    }

    @Test(arguments: ["zsh", "fish"])
    func otherShellsParseTheScripts(_ shell: String) throws {
        guard let program = Self.which(shell) else {
            // CI (.ci/run) installs both; a developer machine without them only loses this syntax check.
            print("skipped: \(shell) is not installed (apt-get install \(shell))")
            return
        }
        let sandbox = Sandbox()
        for tool in ["save-state", "load-state", "save-session", "export-session", "resume-session", "setup-agents"] {
            let script = try sandbox.run(tool, ["--generate-completion-script", shell], cwd: sandbox.root)
            #expect(script.status == 0)
            let file = try sandbox.write("\(tool).\(shell)", script.stdout)
            let check = try SpawnProcessRunner().run(
                program, ["-n", file], workingDirectory: sandbox.root, environment: sandbox.environment, input: nil,
                timeout: 30)
            #expect(check.status == 0, "\(shell) -n \(tool): \(check.stderrText)")
        }
        if shell == "fish" {
            let script = try sandbox.run("save-session", ["--generate-completion-script", "fish"], cwd: sandbox.root)
            let file = try sandbox.write("ss.fish", script.stdout)
            let result = try SpawnProcessRunner().run(
                program, ["-c", "source '\(file)'; complete -C 'save-session sh'"], workingDirectory: sandbox.root,
                environment: sandbox.environment, input: nil, timeout: 30)
            #expect(result.stdoutText.hasPrefix("show\t"), "\(result.stdoutText)")
        }
    }

    @Test func manPageRendersWithoutWarnings() throws {
        guard let groff = Self.which("groff") else {
            print("skipped: groff is not installed")
            return
        }
        let sandbox = Sandbox()
        let page = try sandbox.run("save-session", ["--generate-manual"], cwd: sandbox.root)
        let file = try sandbox.write("save-session.1", page.stdout)
        let result = try SpawnProcessRunner().run(
            groff, ["-man", "-Tutf8", "-ww", "-P-c", "-P-b", "-P-u", file], workingDirectory: sandbox.root,
            environment: sandbox.environment,
            input: nil, timeout: 30)
        #expect(result.status == 0)
        #expect(result.stderrText.isEmpty, "\(result.stderrText)")
        #expect(result.stdoutText.contains("SUBCOMMANDS"))
    }
}

/// On a real terminal (a pty made by util-linux `script`): colour for `error:` and list headers, none with NO_COLOR
/// or --no-color, and the header shows only there.
@Suite struct TerminalEndToEndTests {
    func onTerminal(_ box: Sandbox, _ command: String, cwd: String, env: [String: String] = [:]) throws -> String {
        var environment = box.environment
        for (k, v) in env { environment[k] = v }
        let result = try SpawnProcessRunner().run(
            "script", ["-qec", command, "/dev/null"], workingDirectory: cwd, environment: environment, input: nil,
            timeout: 60)
        return result.stdoutText.replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test func colourAndHeaderOnlyOnATerminal() throws {
        guard CompletionEndToEndTests.which("script") != nil else {
            print("skipped: util-linux 'script' is not installed")
            return
        }
        let box = Sandbox()
        let repo = try box.makeRepo()
        let tool = Binaries.path("save-session")
        let error = try onTerminal(box, "\(tool) --bogus", cwd: repo)
        #expect(error.hasPrefix("save-session: \u{1B}[1;31merror:\u{1B}[0m unknown option '--bogus'"), "\(error)")
        #expect(!(try onTerminal(box, "\(tool) --bogus", cwd: repo, env: ["NO_COLOR": "1"])).contains("\u{1B}["))
        #expect(!(try onTerminal(box, "\(tool) --bogus --no-color", cwd: repo)).contains("\u{1B}["))

        let id = "4f1a2b3c-1111-4222-8333-444455556666"
        #expect(try box.run("save-session", ["--agent", "claude", "--session-id", id], cwd: repo).status == 0)
        let list = try onTerminal(box, "\(tool) list", cwd: repo, env: ["COLUMNS": "100"])
        #expect(list.hasPrefix("\u{1B}[1mCREATED "), "\(list)")
        #expect(list.contains("  claude  \(id)"))
        let piped = try box.run("save-session", ["list"], cwd: repo)
        #expect(!piped.stdout.contains("CREATED") && piped.stdout.contains(id))
    }
}
