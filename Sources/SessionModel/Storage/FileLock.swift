#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An exclusive lock on `<file>.lock` (flock). The kernel drops it when the process dies, so a crash never leaves a
/// lock that blocks the next call; the lock file itself stays and is harmless.
public final class FileLock {
    public let path: String
    private var fd: Int32 = -1
    /// Device and inode of the file we locked: only that file is ever unlinked.
    private var identity: FileStatus?

    /// The default bounded wait, overridable by `AGENT_SESSIONS_LOCK_TIMEOUT` (seconds).
    public static func timeout(environment: [String: String]) -> Double {
        if let text = environment["AGENT_SESSIONS_LOCK_TIMEOUT"], let v = Double(text), v >= 0 { return v }
        return 10
    }

    private init(path: String) { self.path = path }

    /// Takes the lock for `file`, waiting at most `timeout` seconds; 75 when another process keeps it.
    /// The lock file is removed on release (so it never shows up in `git status`); a waiter that locked a file
    /// which was removed meanwhile notices by its inode and tries again.
    public static func acquire(for file: String, timeout: Double) throws(SessionError) -> FileLock {
        let lock = FileLock(path: file + ".lock")
        try FileInfo.makeDirectory(Paths.dirname(file))
        let deadline = Monotonic.now() + timeout
        var pause: UInt32 = 500  // microseconds, doubling up to 20 ms
        while true {
            // noFollow: a link planted at the lock path is never followed (we would create or lock its target).
            let fd: Int32
            do { fd = try FileCalls.open(lock.path, [.read, .write, .create, .noFollow]) } catch {
                if error.isSymbolicLink {
                    throw SessionError(
                        .cannotCreate,
                        "is a symbolic link to \(Containment.readLink(lock.path) ?? "?"); refusing to use it as a lock file",
                        hint: "remove the link", file: lock.path)
                }
                throw SessionError(.cannotCreate, "cannot open lock file: \(error.message)", file: lock.path)
            }
            var failure: SystemError?
            do { try FileCalls.lockExclusiveNow(fd) } catch { failure = error }
            if failure == nil {
                let held = FileCalls.status(fd)
                if let held, held.kind != .file {
                    FileCalls.close(fd)
                    throw SessionError(
                        .cannotCreate, "is not a regular file; refusing to use it as a lock file", file: lock.path)
                }
                if let held, let current = FileCalls.status(lock.path, followLinks: false), held.sameFile(as: current) {
                    lock.fd = fd
                    lock.identity = held
                    return lock
                }
                FileCalls.close(fd)  // the file we locked was removed by the previous holder: lock the new one
                continue
            }
            FileCalls.close(fd)
            if let failure, !failure.isBusy {
                throw SessionError(.cannotCreate, "cannot lock: \(failure.message)", file: lock.path)
            }
            if Monotonic.now() >= deadline {
                throw SessionError(
                    .busy, "another process holds the lock (waited \(Self.format(timeout)) s)",
                    hint: "try again in a moment", file: lock.path)
            }
            PlatformFacts.pause(microseconds: pause)
            pause = min(pause * 2, 20_000)
        }
    }

    static func format(_ t: Double) -> String {
        t == t.rounded() ? String(Int(t)) : String(t)
    }

    public func release() {
        if fd >= 0 {
            // Unlink only the file we hold: never a path someone replaced it with (a link, another file).
            if let identity, let current = FileCalls.status(path, followLinks: false), current.sameFile(as: identity) {
                PlatformFacts.unlink(path)
            }
            FileCalls.unlock(fd)
            FileCalls.close(fd)
            fd = -1
        }
    }

    deinit { release() }

    /// Runs `body` while holding the lock for `file`.
    public static func withLock<T>(for file: String, timeout: Double, _ body: () throws(SessionError) -> T)
        throws(SessionError) -> T
    {
        let lock = try acquire(for: file, timeout: timeout)
        defer { lock.release() }
        return try body()
    }
}
