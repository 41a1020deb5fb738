import Foundation
import SessionModel
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Where the built executables are: `AGENT_SESSIONS_BIN`, else next to the test bundle (SwiftPM puts them there).
enum Binaries {
    static let directory: String = {
        if let dir = ProcessInfo.processInfo.environment["AGENT_SESSIONS_BIN"], !dir.isEmpty { return dir }
        let exe = PlatformProcess.executablePath() ?? CommandLine.arguments[0]
        var dir = Paths.dirname(exe)
        // On macOS the bundle is a folder: .build/debug/X.xctest/Contents/MacOS/X
        while dir.contains(".xctest") { dir = Paths.dirname(dir) }
        return dir
    }()

    static func path(_ tool: String) -> String { directory + "/" + tool }
}

struct ToolOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A temporary folder with its own HOME; every tool runs with only the environment given here.
final class Sandbox: @unchecked Sendable {
    let root: String

    init() {
        root = Scratch.makeFolder(prefix: "agent-sessions-e2e")
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var home: String { root + "/home" }

    var environment: [String: String] { Scratch.gitEnvironment(home: home).merging(["LANG": "C.UTF-8"]) { $1 } }

    func path(_ relative: String) -> String { root + "/" + relative }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let p = relative.hasPrefix("/") ? relative : path(relative)
        try FileManager.default.createDirectory(atPath: Paths.dirname(p), withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: false, encoding: .utf8)
        return p
    }

    func read(_ absolute: String) -> String? { try? String(contentsOfFile: absolute, encoding: .utf8) }

    /// Runs a built tool with the sandbox environment (plus `env`), in `cwd`.
    func run(
        _ tool: String, _ arguments: [String], cwd: String, env: [String: String] = [:], stdin: String? = nil,
        timeout: Double = 60
    ) throws -> ToolOutput {
        var environment = self.environment
        for (k, v) in env { environment[k] = v }
        let result = try SpawnProcessRunner().run(
            Binaries.path(tool), arguments, workingDirectory: cwd,
            environment: environment, input: stdin.map { Array($0.utf8) },
            timeout: timeout)
        return ToolOutput(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }

    @discardableResult
    func git(_ args: [String], in dir: String) throws -> String {
        try Scratch.git(args, in: dir, environment: environment)
    }

    /// A git repository with one commit.
    func makeRepo(_ name: String = "repo") throws -> String {
        let dir = path(name)
        try Scratch.makeRepo(at: dir, environment: environment)
        return dir
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }
}

final class ConcurrentResults<T>: @unchecked Sendable {
    let lock = NSLock()
    var values: [Int: T] = [:]
    init() {}
}

/// Runs `count` jobs at once, each on its own thread (not limited to the core count, so processes really overlap),
/// and returns their results in index order.
func concurrently<T: Sendable>(_ count: Int, _ job: @escaping @Sendable (Int) -> T) -> [T] {
    let results = ConcurrentResults<T>()
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let thread = Thread {
            let value = job(i)
            results.lock.lock()
            results.values[i] = value
            results.lock.unlock()
            group.leave()
        }
        thread.start()
    }
    group.wait()
    return (0..<count).map { results.values[$0]! }
}
