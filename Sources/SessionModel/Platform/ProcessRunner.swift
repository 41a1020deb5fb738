#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The result of running a child process to completion.
public struct ProcessResult: Sendable, Equatable {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// True when the child was killed because it ran past its time limit.
    public var timedOut: Bool = false

    public var succeeded: Bool { status == 0 && !timedOut }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs programs. The live runner spawns them; tests may script one.
public protocol ProcessRunning: Sendable {
    /// Runs `executable` (a path, or a name looked up on `environment["PATH"]`) to completion.
    func run(
        _ executable: String, _ arguments: [String], workingDirectory: String?, environment: [String: String],
        input: [UInt8]?, timeout: Double?
    ) throws(SessionError) -> ProcessResult
}

extension ProcessRunning {
    public func run(
        _ executable: String, _ arguments: [String], workingDirectory: String?,
        environment: [String: String]
    ) throws(SessionError) -> ProcessResult {
        try run(
            executable, arguments, workingDirectory: workingDirectory, environment: environment, input: nil,
            timeout: nil)
    }
}

/// posix_spawn + poll + waitpid. (Waiting on a Foundation `Process` costs ~170 ms per call on Linux.)
public struct SpawnProcessRunner: ProcessRunning {
    public init() {}

    #if canImport(Glibc)
        public typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    #else
        public typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t?>, UnsafePointer<CChar>) -> Int32
    #endif
    /// glibc ≥ 2.29 and macOS ≥ 10.15 have it, but the Swift overlay does not import it: look it up once.
    public static let addchdir: AddChdir? = {
        #if canImport(Glibc)
            let defaultHandle: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #else
            let defaultHandle = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #endif
        guard let symbol = dlsym(defaultHandle, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    public func run(
        _ executable: String, _ arguments: [String], workingDirectory: String?,
        environment: [String: String], input: [UInt8]?, timeout: Double?
    ) throws(SessionError) -> ProcessResult {
        guard let path = Executables.find(executable, path: environment["PATH"]) else {
            throw SessionError(.refused, "cannot run \(executable): not found on PATH")
        }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        var inPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw SessionError(.refused, "cannot run \(executable): pipe failed (\(String(cString: strerror(errno))))")
        }
        if input != nil, pipe(&inPipe) != 0 {
            throw SessionError(.refused, "cannot run \(executable): pipe failed")
        }

        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
        #else
            var actions: posix_spawn_file_actions_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
            posix_spawn_file_actions_addclose(&actions, inPipe[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in [outPipe[0], errPipe[0], outPipe[1], errPipe[1]] {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        if input != nil { posix_spawn_file_actions_addclose(&actions, inPipe[0]) }
        if let workingDirectory {
            guard let addchdir = SpawnProcessRunner.addchdir else {
                throw SessionError(
                    .refused, "cannot run \(executable): posix_spawn_file_actions_addchdir_np is missing")
            }
            _ = addchdir(&actions, workingDirectory)
        }

        #if canImport(Glibc)
            var attributes = posix_spawnattr_t()
        #else
            var attributes: posix_spawnattr_t? = nil
        #endif
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Children start with default signal handling and an empty mask.
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = CStringArray([path] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let spawnStatus = posix_spawn(&pid, path, &actions, &attributes, argv.pointers, envp.pointers)
        close(outPipe[1])
        close(errPipe[1])
        if input != nil { close(inPipe[0]) }
        guard spawnStatus == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            if input != nil { close(inPipe[1]) }
            throw SessionError(.refused, "cannot run \(path): \(String(cString: strerror(spawnStatus)))")
        }

        var out: [UInt8] = []
        var err: [UInt8] = []
        var timedOut = false
        let deadline = timeout.map { Monotonic.now() + $0 }
        var inputOffset = 0
        var inFD: Int32 = -1
        // A child may exit without reading all its input: the write then fails with EPIPE, which is an ordinary
        // result here — but the kernel also sends SIGPIPE, whose default action ends this whole process.
        let pipeSignal = input == nil ? nil : BrokenPipeSignal.block()
        defer { pipeSignal?.restore() }
        if let input {
            inFD = inPipe[1]
            _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
            if input.isEmpty {
                close(inFD)
                inFD = -1
            }
        }
        var openFDs: [Int32] = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !openFDs.isEmpty || inFD >= 0 {
            var fds = openFDs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if inFD >= 0 { fds.append(pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0)) }
            var waitMS: Int32 = -1
            if let deadline {
                let left = deadline - Monotonic.now()
                if left <= 0 {
                    timedOut = true
                    kill(pid, SIGKILL)
                    break
                }
                waitMS = Int32(min(left * 1000 + 1, 60_000))
            }
            let ready = poll(&fds, nfds_t(fds.count), waitMS)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 { continue }
            for entry in fds where entry.revents != 0 {
                if entry.fd == inFD {
                    let written = input!.withUnsafeBytes { raw in
                        write(inFD, raw.baseAddress! + inputOffset, raw.count - inputOffset)
                    }
                    if written > 0 { inputOffset += written }
                    if written < 0 && errno != EAGAIN && errno != EINTR || inputOffset >= input!.count {
                        close(inFD)
                        inFD = -1
                    }
                    continue
                }
                let n = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, 65536) }
                if n > 0 {
                    if entry.fd == outPipe[0] {
                        out.append(contentsOf: buffer[0..<n])
                    } else {
                        err.append(contentsOf: buffer[0..<n])
                    }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(entry.fd)
                    openFDs.removeAll { $0 == entry.fd }
                }
            }
        }
        for fd in openFDs { close(fd) }
        if inFD >= 0 { close(inFD) }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus: Int32
        if status & 0x7f == 0 {
            exitStatus = (status >> 8) & 0xff
        } else {
            exitStatus = 128 + (status & 0x7f)
        }
        return ProcessResult(status: exitStatus, stdout: out, stderr: err, timedOut: timedOut)
    }
}

/// A NULL-terminated array of C strings that lives as long as the value.
final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int
    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() { pointers[i] = strdup(s) }
        pointers[strings.count] = nil
    }
    deinit {
        for i in 0..<count { free(pointers[i]) }
        pointers.deallocate()
    }
}

public enum Monotonic {
    /// Seconds on the monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

public enum Executables {
    /// The path of an executable: `name` itself when it holds a slash, else the first hit on `path`.
    public static func find(_ name: String, path: String?, skipping: (String) -> Bool = { _ in false }) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: true) {
            let dir = String(dir)
            if skipping(dir) { continue }
            let candidate = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}

/// Keeps SIGPIPE from ending the process while this thread writes to a pipe whose reader may be gone: the signal is
/// blocked for the calling thread only (other threads and the process's disposition are untouched), and one raised
/// meanwhile is taken off the pending set before the old mask comes back.
struct BrokenPipeSignal {
    private var previous = sigset_t()

    static func block() -> BrokenPipeSignal {
        var guardValue = BrokenPipeSignal()
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, &guardValue.previous)
        return guardValue
    }

    func restore() {
        var previous = self.previous
        // Already blocked by the caller: leave its pending signal and mask as they were.
        guard sigismember(&previous, SIGPIPE) == 0 else { return }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
            var now = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&set, nil, &now)  // ignored: taking the pending signal off is all this is for
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
}
