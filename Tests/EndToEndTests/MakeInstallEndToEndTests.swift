import Foundation
import SessionModel
import TestSupport
import Testing

/// `make install` / `make uninstall` on the built tools (NO_BUILD=1 installs the test build as is).
@Suite struct MakeInstallEndToEndTests {
    static let repo = RepoRoot.path

    func make(_ box: Sandbox, _ args: [String], path: String? = nil) throws -> ToolOutput {
        var env = box.environment
        if let path { env["PATH"] = path }
        let result = try SpawnProcessRunner().run(
            "make", ["--no-print-directory", "-C", Self.repo] + args, workingDirectory: box.root, environment: env,
            input: nil, timeout: 120)
        return ToolOutput(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }

    func installArgs(_ box: Sandbox) -> [String] {
        ["PREFIX=\(box.path("prefix"))", "RELEASE_DIR=\(Binaries.directory)", "NO_BUILD=1"]
    }

    @Test func installIsQuietCompleteAndUninstallRemovesIt() throws {
        let box = Sandbox()
        try box.write("home/.claude/settings.json", "{}\n")
        let prefix = box.path("prefix")
        let install = try make(box, ["install"] + installArgs(box))
        #expect(install.status == 0, "\(install.stderr)")
        let lines = install.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "agent-sessions: 6 tools in \(prefix)/bin; man pages, bash/zsh/fish completions and docs under \(prefix)/share"
        )
        #expect(lines.count <= 8, "\(install.stdout)")
        #expect(lines.contains { $0.hasPrefix("Installed skills and slash commands for claude (") })
        #expect(lines.contains("  export PATH=\"\(prefix)/bin:$PATH\""))
        #expect(install.stderr.isEmpty, "\(install.stderr)")
        for tool in ["save-state", "load-state", "save-session", "export-session", "resume-session", "setup-agents"] {
            #expect(FileInfo.isFile("\(prefix)/bin/\(tool)"))
            #expect(box.read("\(prefix)/share/man/man1/\(tool).1")?.hasPrefix(".TH ") == true)
            #expect(FileInfo.isFile("\(prefix)/share/bash-completion/completions/\(tool)"))
            #expect(FileInfo.isFile("\(prefix)/share/zsh/site-functions/_\(tool)"))
            #expect(FileInfo.isFile("\(prefix)/share/fish/vendor_completions.d/\(tool).fish"))
        }
        #expect(FileInfo.isFile("\(prefix)/share/doc/agent-sessions/exit-codes.md"))
        #expect(FileInfo.isFile("\(prefix)/share/doc/agent-sessions/README.md"))
        // The payload is written once (the data folder), not also under PREFIX; absent agents get no folders.
        #expect(FileInfo.kind("\(prefix)/share/agent-sessions") == .missing)
        #expect(FileInfo.isDirectory(box.home + "/.local/share/agent-sessions/\(ToolRunner.version)/skills"))
        for absent in [".gemini", ".cursor", ".copilot", ".codex", ".config/opencode"] {
            #expect(FileInfo.kind(box.home + "/" + absent) == .missing, "\(absent)")
        }
        // The installed bash completion loads and completes.
        let completion = try SpawnProcessRunner().run(
            "/bin/bash",
            [
                "-c",
                "source '\(prefix)/share/bash-completion/completions/export-session'; "
                    + "COMP_WORDS=(export-session insp); COMP_CWORD=1; _agent_sessions_export_session; "
                    + "echo \"${COMPREPLY[@]}\"",
            ], workingDirectory: box.root, environment: box.environment, input: nil, timeout: 30)
        #expect(completion.stdoutText == "inspect\n", "\(completion.stderrText)")
        // The installed man page is found by man.
        let man = try SpawnProcessRunner().run(
            "man", ["-M", "\(prefix)/share/man", "-P", "cat", "save-state"], workingDirectory: box.root,
            environment: box.environment.merging(["MANWIDTH": "80"]) { $1 }, input: nil, timeout: 30)
        #expect(man.status == 0 && man.stdoutText.contains("save-state"), "\(man.stderrText)")

        // BINDIR on PATH: no PATH hint. V=1: one line per file.
        let again = try make(box, ["install", "V=1"] + installArgs(box), path: "\(prefix)/bin:/usr/bin:/bin")
        #expect(again.status == 0)
        #expect(!again.stdout.split(separator: "\n").contains("  export PATH=\"\(prefix)/bin:$PATH\""))
        #expect(again.stdout.contains("  \(prefix)/share/man/man1/save-state.1\n"))

        let uninstall = try make(box, ["uninstall", "PREFIX=\(prefix)"])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(uninstall.stdout.split(separator: "\n").count == 1)
        for tool in ["save-state", "export-session"] {
            #expect(FileInfo.kind("\(prefix)/bin/\(tool)") == .missing)
            #expect(FileInfo.kind("\(prefix)/share/man/man1/\(tool).1") == .missing)
            #expect(FileInfo.kind("\(prefix)/share/bash-completion/completions/\(tool)") == .missing)
        }
        #expect(FileInfo.kind("\(prefix)/share/doc/agent-sessions") == .missing)
        #expect(FileInfo.kind(box.home + "/.claude/skills") == .missing)
        #expect(FileInfo.kind(box.home + "/.local/share/agent-sessions/\(ToolRunner.version)") == .missing)
    }

    @Test func installDoesNotRebuildWhatIsBuilt() throws {
        let box = Sandbox()
        let stamp = box.path("release.stamp")
        let args = ["-n", "install", "PREFIX=\(box.path("prefix"))", "RELEASE_DIR=/built", "RELEASE_STAMP=\(stamp)"]
        let fresh = try make(box, args)
        #expect(fresh.stdout.contains("build -c release"))
        try box.write(stamp, "")  // newer than every source
        let built = try make(box, args)
        #expect(built.status == 0)
        #expect(!built.stdout.contains("build -c release"), "\(built.stdout)")
        #expect(built.stdout.contains("install -m 0755"))
    }
}
