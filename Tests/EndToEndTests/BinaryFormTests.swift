import Foundation
import SessionModel
import Testing

/// The installed form (issues #16, #17): one `agent-sessions` binary with the six tools as hard links to it, each
/// running the tool its name says. (`make check-binary` checks the release build: readelf -d, strip, size.)
@Suite struct BinaryFormTests {
    static let tools = ["save-session", "save-state", "load-state", "export-session", "resume-session", "setup-agents"]

    /// A folder with `agent-sessions` and the six tool names hard-linked to it, as `make install` lays them out.
    static func installed(_ box: Sandbox) throws -> String {
        let bin = box.path("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        // Hard-linked to the built binary when the file system allows it: a copy is written, and a child another test
        // forks while the write descriptor is open (fork before exec) holds it, so exec'ing the copy can fail with
        // ETXTBSY. A link writes nothing. Else copied (O_CLOEXEC, AtomicFile).
        do {
            try FileManager.default.linkItem(atPath: Binaries.path("agent-sessions"), toPath: bin + "/agent-sessions")
        } catch {
            let bytes = try #require(try AtomicFile.read(Binaries.path("agent-sessions")))
            try AtomicFile.write(bytes, to: bin + "/agent-sessions", defaultMode: 0o755)
        }
        for tool in tools {
            try FileManager.default.linkItem(atPath: bin + "/agent-sessions", toPath: bin + "/" + tool)
        }
        return bin
    }

    static func run(_ box: Sandbox, _ path: String, _ arguments: [String], cwd: String) throws -> ToolOutput {
        let result = try SpawnProcessRunner().run(
            path, arguments, workingDirectory: cwd, environment: box.environment, input: nil, timeout: 60)
        return ToolOutput(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }

    @Test func eachLinkRunsItsTool() throws {
        let box = Sandbox()
        let bin = try Self.installed(box)
        for tool in Self.tools {
            let linked = try Self.run(box, bin + "/" + tool, ["--help"], cwd: box.root)
            let own = try box.run(tool, ["--help"], cwd: box.root)
            #expect(linked.status == 0)
            #expect(!linked.stdout.isEmpty)
            #expect(linked.stdout == own.stdout, "\(tool)")
            let named = try Self.run(box, bin + "/agent-sessions", [tool, "--help"], cwd: box.root)
            #expect(named.stdout == own.stdout, "agent-sessions \(tool)")
        }
        let bad = try Self.run(box, bin + "/agent-sessions", ["nope"], cwd: box.root)
        #expect(bad.status == 64)
        #expect(bad.stderr.split(separator: "\n").count == 1)
        #expect(bad.stderr.contains("save-state"))
    }

    /// Errors and exit codes come through the link unchanged.
    @Test func aLinkKeepsExitCodesAndJSONErrors() throws {
        let box = Sandbox()
        let bin = try Self.installed(box)
        let linked = try Self.run(box, bin + "/save-session", ["--no-such-flag", "--json"], cwd: box.root)
        let own = try box.run("save-session", ["--no-such-flag", "--json"], cwd: box.root)
        #expect(linked.status == 64)
        #expect(linked.status == own.status)
        #expect(linked.stdout == own.stdout)
    }

    /// A hard link (not a symlink) keeps the tool's own path for what records it (the merge driver's command).
    @Test func theMergeDriverRecordsTheLinkItRanFrom() throws {
        let box = Sandbox()
        let bin = try Self.installed(box)
        let repo = try box.makeRepo()
        let out = try Self.run(box, bin + "/save-session", ["install-merge-driver"], cwd: repo)
        #expect(out.status == 0, "\(out.stderr)")
        let driver = try box.git(["config", "--local", "--get", "merge.agent-sessions.driver"], in: repo)
        #expect(driver.hasPrefix(Paths.physical(bin) + "/save-session merge-driver"), "\(driver)")
    }
}
