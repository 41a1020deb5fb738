import Foundation
import SessionModel
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A temporary folder (with its own HOME) per test, removed when the value goes away.
final class TempDir: @unchecked Sendable {
    let path: String

    init() { path = Scratch.makeFolder(prefix: "agent-sessions-test") }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var home: String {
        let h = path + "/home"
        try? FileManager.default.createDirectory(atPath: h, withIntermediateDirectories: true)
        return h
    }

    func file(_ relative: String) -> String { path + "/" + relative }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let p = file(relative)
        try FileManager.default.createDirectory(atPath: Paths.dirname(p), withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: false, encoding: .utf8)
        return p
    }

    func read(_ relative: String) -> String? { try? String(contentsOfFile: file(relative), encoding: .utf8) }

    /// Runs git in `dir` (a test helper; the library's runner is the one under test elsewhere).
    @discardableResult
    func git(_ args: [String], in dir: String? = nil) throws -> String {
        try Scratch.git(args, in: dir ?? path, environment: Scratch.gitEnvironment(home: home))
    }

    /// A git repository with one commit, in `name` under the temp folder.
    func makeRepo(_ name: String = "repo") throws -> String {
        let dir = file(name)
        try Scratch.makeRepo(at: dir, environment: Scratch.gitEnvironment(home: home))
        try git(["config", "user.name", "Test"], in: dir)
        try git(["config", "user.email", "t@example.com"], in: dir)
        return dir
    }
}

/// A context for calling a tool in-process, with captured output.
struct TestRun {
    let stdout = BufferSink()
    let stderr = BufferSink()
    var context: ToolContext

    init(
        _ tool: String, _ arguments: [String], cwd: String, home: String, environment: [String: String] = [:],
        stdin: String? = nil, now: Date = Date(timeIntervalSince1970: 1_795_000_000)
    ) {
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
            "GIT_CONFIG_NOSYSTEM": "1", "AGENT_SESSIONS_LOCK_TIMEOUT": "5",
        ]
        for (k, v) in environment { env[k] = v }
        context = ToolContext(
            tool: tool, arguments: arguments, environment: env, workingDirectory: cwd,
            clock: { now }, stdout: stdout, stderr: stderr,
            stdin: BytesInput(stdin.map { Array($0.utf8) }))
    }

    /// Runs the tool; returns the exit code.
    func run() -> Int32 { ToolRunner.run(context) }
}

/// Files under Tests/Fixtures.
enum Fixtures {
    static let root = RepoRoot.path + "/Tests/Fixtures"

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// Compares `actual` with a golden file; `AGENT_SESSIONS_UPDATE_GOLDEN=1` rewrites it instead.
    static func expectGolden(_ actual: String, _ relative: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        if ProcessInfo.processInfo.environment["AGENT_SESSIONS_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                atPath: Paths.dirname(path(relative)), withIntermediateDirectories: true)
            try actual.write(toFile: path(relative), atomically: true, encoding: .utf8)
            return
        }
        let expected = try text(relative)
        #expect(actual == expected, "differs from Tests/Fixtures/\(relative)", sourceLocation: sourceLocation)
    }
}
