import Foundation
import SessionModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A built tool started in the background (posix_spawn), so a test can run many at once or kill one mid-write.
/// Its stdout and stderr go to files in `logFolder` (no pipes: nothing can block on a full pipe).
final class BackgroundTool: @unchecked Sendable {
    let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    private(set) var exitStatus: Int32?
    /// The signal that ended it, when one did.
    private(set) var signal: Int32?

    /// The library's lookup of `posix_spawn_file_actions_addchdir_np` (glibc ≥ 2.29, macOS ≥ 10.15).
    static let addchdir = SpawnProcessRunner.addchdir!

    /// Starts `executable` (absolute path) with exactly `environment`, stdin from `stdinPath` (or /dev/null).
    init(
        _ executable: String, _ arguments: [String], cwd: String, environment: [String: String], logFolder: String,
        tag: String, stdinPath: String? = nil
    ) throws {
        stdoutPath = logFolder + "/\(tag).out"
        stderrPath = logFolder + "/\(tag).err"
        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
        #else
            var actions: posix_spawn_file_actions_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = BackgroundTool.addchdir(&actions, cwd)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = argv.withUnsafeBufferPointer { a in
            envp.withUnsafeBufferPointer { e in
                posix_spawn(
                    &child, executable, &actions, nil, UnsafeMutablePointer(mutating: a.baseAddress!),
                    UnsafeMutablePointer(mutating: e.baseAddress!))
            }
        }
        guard rc == 0 else { throw ToolError(.failure, "cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// Waits for the process to end; returns its exit status (128 + signal when a signal ended it).
    @discardableResult
    func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f == 0 {
            exitStatus = (status >> 8) & 0xff
        } else {
            signal = status & 0x7f
            exitStatus = 128 + (status & 0x7f)
        }
        return exitStatus!
    }

    func kill(_ sig: Int32 = SIGKILL) { _ = Glibc_kill(pid, sig) }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}

@inline(__always)
private func Glibc_kill(_ pid: pid_t, _ sig: Int32) -> Int32 {
    #if canImport(Glibc)
        return Glibc.kill(pid, sig)
    #else
        return Darwin.kill(pid, sig)
    #endif
}

extension Sandbox {
    /// Runs `count` instances of a tool at the same moment (all are started before any is waited for) and returns
    /// them finished. `arguments(i)` gives each its own command line.
    func runConcurrently(
        _ tool: String, count: Int, cwd: String, env: [String: String] = [:],
        arguments: (Int) -> [String]
    ) throws -> [BackgroundTool] {
        var environment = self.environment
        for (k, v) in env { environment[k] = v }
        let logs = path("logs-\(tool)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        var started: [BackgroundTool] = []
        for i in 0..<count {
            started.append(
                try BackgroundTool(
                    Binaries.path(tool), arguments(i), cwd: cwd, environment: environment,
                    logFolder: logs, tag: "\(i)"))
        }
        for p in started { p.wait() }
        return started
    }

    /// Starts one tool in the background with the sandbox environment (plus `env`).
    func start(
        _ tool: String, _ arguments: [String], cwd: String, env: [String: String] = [:], tag: String,
        stdinPath: String? = nil
    ) throws -> BackgroundTool {
        var environment = self.environment
        for (k, v) in env { environment[k] = v }
        let logs = path("logs")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        return try BackgroundTool(
            Binaries.path(tool), arguments, cwd: cwd, environment: environment, logFolder: logs,
            tag: tag, stdinPath: stdinPath)
    }

    /// The bytes of a file (nil when missing).
    func bytes(_ absolute: String) -> [UInt8]? {
        FileManager.default.contents(atPath: absolute).map { [UInt8]($0) }
    }

    /// Every path under `folder` (relative, sorted), links not followed.
    static func walk(_ folder: String, _ prefix: String = "") -> [String] {
        var out: [String] = []
        for name in FileInfo.list(folder + (prefix.isEmpty ? "" : "/" + prefix)).sorted() {
            let rel = prefix.isEmpty ? name : prefix + "/" + name
            out.append(rel)
            if FileInfo.kind(folder + "/" + rel) == .directory { out += walk(folder, rel) }
        }
        return out
    }

    /// Every path under `folder` (relative, sorted), with its kind and size: to prove nothing else was written.
    func tree(_ folder: String) -> [String] {
        var out: [String] = []
        guard let e = FileManager.default.enumerator(atPath: folder) else { return [] }
        while let rel = e.nextObject() as? String {
            out.append(rel)
        }
        return out.sorted()
    }
}

/// A small seedable generator (SplitMix64) so a failing random trial can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Hardening {
    /// Trials of the SIGKILL test: a few in `make test`, `AGENT_SESSIONS_STRESS_TRIALS` (≥ 100) in `make stress`.
    static var crashTrials: Int {
        if let t = ProcessInfo.processInfo.environment["AGENT_SESSIONS_STRESS_TRIALS"], let n = Int(t), n > 0 {
            return n
        }
        return 6
    }

    /// True under `make stress` (the long variants).
    static var isStress: Bool { ProcessInfo.processInfo.environment["AGENT_SESSIONS_STRESS_TRIALS"] != nil }

    static var seed: UInt64 {
        if let t = ProcessInfo.processInfo.environment["AGENT_SESSIONS_STRESS_SEED"], let n = UInt64(t) { return n }
        return 0x5EED_2026_1121
    }

    static let isRoot = getuid() == 0

    /// Parses `bytes` as JSON or nil.
    static func parses(_ bytes: [UInt8]?) -> JSONValue? {
        guard let bytes else { return nil }
        return try? JSONParser.parse(bytes)
    }
}
