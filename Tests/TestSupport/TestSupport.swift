import Foundation
import SessionModel

#if canImport(Glibc)
    import Glibc
#endif

/// The repository's top folder (skills/, commands/, the Makefile, Tests/Fixtures), found from this file's path.
public enum RepoRoot {
    public static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().path
    }()

    /// `Tests/Fixtures/<relative>`.
    public static func fixture(_ relative: String) -> String { path + "/Tests/Fixtures/" + relative }
}

/// What the scratch folders of both test targets share (`TempDir` of the unit tests, `Sandbox` of the end-to-end
/// tests): a fresh temporary folder, and git run with a fixed identity and no system configuration.
public enum Scratch {
    /// A new empty folder `<prefix>-XXXXXX` in the temporary folder (its physical path).
    public static func makeFolder(prefix: String) -> String {
        var template = Array((NSTemporaryDirectory() + "/\(prefix)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return Paths.physical(String(cString: made!))
    }

    /// The environment tests run git (and the tools) with: PATH, HOME, no system git config, a fixed author and
    /// committer.
    public static func gitEnvironment(home: String) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com",
        ]
    }

    /// Runs git in `dir` (a test helper; the library's runner is the one under test elsewhere): its output, or a
    /// failure with git's message.
    @discardableResult
    public static func git(_ args: [String], in dir: String, environment: [String: String]) throws -> String {
        let result = try SpawnProcessRunner().run(
            "git", args, workingDirectory: dir, environment: environment, input: nil, timeout: 30)
        if !result.succeeded { throw ToolError(.failure, "git \(args.joined(separator: " ")): \(result.stderrText)") }
        return result.stdoutText
    }

    /// A git repository at `dir` with one commit (a README).
    public static func makeRepo(at dir: String, environment: [String: String]) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: dir, environment: environment)
        try "hello\n".write(toFile: dir + "/README", atomically: false, encoding: .utf8)
        try git(["add", "README"], in: dir, environment: environment)
        try git(["commit", "-q", "-m", "first commit"], in: dir, environment: environment)
    }
}
