#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call: its `errno`, and the system's message for it.
struct SystemError: Error, Equatable, Sendable {
    let code: Int32

    /// The `errno` of the call that just failed.
    static var last: SystemError { SystemError(code: errno) }

    /// `strerror`'s text.
    var message: String { String(cString: strerror(code)) }

    /// EEXIST: the name is taken (`link`, `O_EXCL`).
    var exists: Bool { code == EEXIST }
    static var alreadyExists: SystemError { SystemError(code: EEXIST) }
    /// ELOOP: `O_NOFOLLOW` met a symbolic link.
    var isSymbolicLink: Bool { code == ELOOP }
    /// EWOULDBLOCK or EINTR: a non-blocking lock is held by someone else (try again later).
    var isBusy: Bool { code == EWOULDBLOCK || code == EINTR }
    /// The file system cannot make hard links (some network/FUSE ones): EPERM, ENOTSUP, EXDEV, EOPNOTSUPP.
    var noHardLinks: Bool { code == EPERM || code == ENOTSUP || code == EXDEV || code == EOPNOTSUPP }
}

/// What `stat` says about a file, in the library's own terms.
struct FileStatus: Sendable {
    var kind: FileInfo.Kind
    /// A FIFO (`kind` is `.other`).
    var isFIFO: Bool
    var size: Int
    var device: UInt64
    var inode: UInt64
    /// The permission bits (`st_mode & 0o7777`).
    var permissions: UInt32
    /// Modification time in seconds since 1970.
    var modified: Double

    fileprivate init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        isFIFO = info.st_mode & S_IFMT == S_IFIFO
        size = Int(info.st_size)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        permissions = UInt32(info.st_mode & 0o7777)
        modified = SystemCall.modificationTime(info)
    }

    /// A character or block device, or a socket (read without end; never a file of ours).
    var isDeviceOrSocket: Bool { kind == .other && !isFIFO }

    /// The same file as `other` (device and inode).
    func sameFile(as other: FileStatus) -> Bool { device == other.device && inode == other.inode }
}

/// The file calls of the library (`open`, `read`, `write`, `fsync`, `rename`, `link`, `stat`, `flock`, …) under
/// names that say what they do; every descriptor is opened close-on-exec, `EINTR` is retried here, and failures are
/// `SystemError`s. Nothing outside `Platform/` imports libc.
enum FileCalls {
    /// How `open` opens a file.
    struct OpenOptions: OptionSet, Sendable {
        let rawValue: Int32
        init(rawValue: Int32) { self.rawValue = rawValue }

        static let read = OpenOptions(rawValue: 1 << 0)
        static let write = OpenOptions(rawValue: 1 << 1)
        /// Create the file when missing (`O_CREAT`).
        static let create = OpenOptions(rawValue: 1 << 2)
        /// With `create`: fail with EEXIST when the name exists (`O_EXCL`).
        static let exclusive = OpenOptions(rawValue: 1 << 3)
        /// Cut the file to nothing (`O_TRUNC`).
        static let truncate = OpenOptions(rawValue: 1 << 4)
        /// Refuse a symbolic link as the last part (`O_NOFOLLOW`, ELOOP).
        static let noFollow = OpenOptions(rawValue: 1 << 5)
        /// Do not block on opening a FIFO (`O_NONBLOCK`).
        static let nonBlocking = OpenOptions(rawValue: 1 << 6)

        var flags: Int32 {
            var f: Int32 = O_CLOEXEC
            if contains(.read) && contains(.write) {
                f |= O_RDWR
            } else if contains(.write) {
                f |= O_WRONLY
            } else {
                f |= O_RDONLY
            }
            if contains(.create) { f |= O_CREAT }
            if contains(.exclusive) { f |= O_EXCL }
            if contains(.truncate) { f |= O_TRUNC }
            if contains(.noFollow) { f |= O_NOFOLLOW }
            if contains(.nonBlocking) { f |= O_NONBLOCK }
            return f
        }
    }

    /// `open(2)`: the descriptor.
    static func open(_ path: String, _ options: OpenOptions = .read, mode: UInt32 = 0o644) throws(SystemError)
        -> Int32
    {
        while true {
            #if canImport(Glibc)
                let fd = Glibc.open(path, options.flags, mode_t(mode))
            #else
                let fd = Darwin.open(path, options.flags, mode_t(mode))
            #endif
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw .last
        }
    }

    /// `open(2)` of a file to read; nil when it cannot be opened.
    static func openToRead(_ path: String, nonBlocking: Bool = false) -> Int32? {
        // ignored: nil is the answer when it cannot be opened (callers treat it as absent or unreadable)
        try? open(path, nonBlocking ? [.read, .nonBlocking] : .read)
    }

    static func close(_ fd: Int32) {
        #if canImport(Glibc)
            _ = Glibc.close(fd)
        #else
            _ = Darwin.close(fd)
        #endif
    }

    /// Back to blocking reads after opening with `nonBlocking`.
    static func clearNonBlocking(_ fd: Int32) { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }

    /// Writes every byte of `bytes` to `fd` (short writes continued, EINTR retried): the library's one write loop.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        guard var at = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = SystemCall.write(fd, at, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw .last
            }
            at += n
            left -= n
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) throws(SystemError) {
        let failure = bytes.withUnsafeBytes { raw -> SystemError? in
            do throws(SystemError) { try writeAll(fd, raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) { try writeAll(fd, bytes[...]) }

    /// One `read(2)` of at most `count` bytes (EINTR retried): the bytes read, 0 at the end.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) throws(SystemError) -> Int {
        while true {
            let n = SystemCall.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .last
        }
    }

    /// Reads until `count` bytes or the end of the file: the bytes read (fewer at the end or on an error).
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        var got = 0
        while got < count {
            // ignored: a read error ends the read early, as documented (the caller sees fewer bytes)
            guard let n = try? read(fd, into: buffer + got, count: count - got), n > 0 else { break }
            got += n
        }
        return got
    }

    /// Reads at `offset` (`pread`) until `count` bytes or the end: the bytes read (fewer at the end or on an error).
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Int {
        var got = 0
        while got < count {
            let n = pread(fd, buffer + got, count - got, off_t(offset + got))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        return got
    }

    /// The file's size by seeking to its end (`lseek`); negative when it cannot seek.
    static func endOffset(_ fd: Int32) -> Int { Int(lseek(fd, 0, SEEK_END)) }

    /// Cuts the file to its first `count` bytes and puts the offset there (`ftruncate` + `lseek`).
    static func truncate(_ fd: Int32, to count: Int) throws(SystemError) {
        if ftruncate(fd, off_t(count)) != 0 || lseek(fd, off_t(count), SEEK_SET) < 0 { throw .last }
    }

    /// `fchmod(2)`.
    static func setPermissions(_ fd: Int32, _ mode: UInt32) throws(SystemError) {
        if fchmod(fd, mode_t(mode)) != 0 { throw .last }
    }

    /// `fsync(2)`: what was written is on disk.
    static func sync(_ fd: Int32) throws(SystemError) {
        if fsync(fd) != 0 { throw .last }
    }

    /// fsync of a folder: a rename or link in it is durable. Failures are ignored (some file systems refuse).
    static func syncFolder(_ path: String) {
        #if canImport(Glibc)
            let dfd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #else
            let dfd = Darwin.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #endif
        guard dfd >= 0 else { return }
        fsync(dfd)
        close(dfd)
    }

    /// `fstat(2)`; nil when it fails.
    static func status(_ fd: Int32) -> FileStatus? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return FileStatus(info)
    }

    /// `stat(2)` (`followLinks`) or `lstat(2)`; nil when `path` is missing.
    static func status(_ path: String, followLinks: Bool) -> FileStatus? {
        var info = stat()
        guard (followLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return FileStatus(info)
    }

    /// `rename(2)`: replaces `to`.
    static func rename(_ from: String, to: String) throws(SystemError) {
        if !PlatformFacts.rename(from, to) { throw .last }
    }

    /// `link(2)`: a second name; EEXIST when `to` exists (never replaced).
    static func link(_ from: String, to: String) throws(SystemError) {
        #if canImport(Glibc)
            if Glibc.link(from, to) != 0 { throw .last }
        #else
            if Darwin.link(from, to) != 0 { throw .last }
        #endif
    }

    /// `mkdir(2)` of one folder; an existing one is no error.
    static func makeFolder(_ path: String, mode: UInt32 = 0o755) throws(SystemError) {
        if mkdir(path, mode_t(mode)) != 0 && errno != EEXIST { throw .last }
    }

    /// `flock(LOCK_EX | LOCK_NB)`: the exclusive lock now, or `isBusy` when another holds it.
    static func lockExclusiveNow(_ fd: Int32) throws(SystemError) {
        if flock(fd, LOCK_EX | LOCK_NB) != 0 { throw .last }
    }

    static func unlock(_ fd: Int32) { flock(fd, LOCK_UN) }

    /// What waiting for input on a descriptor gave.
    enum Readiness { case ready, timedOut, interrupted, failed }

    /// Waits at most `milliseconds` for `fd` to have input (`poll`).
    static func waitForInput(_ fd: Int32, milliseconds: Int32) -> Readiness {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, milliseconds)
        if ready > 0 { return .ready }
        if ready == 0 { return .timedOut }
        return errno == EINTR ? .interrupted : .failed
    }
}

extension PlatformFacts {
    /// Whether `fd` is a terminal (`isatty`).
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Whether process `pid` no longer exists (`kill(pid, 0)` fails with ESRCH): a dead writer, whose temp files
    /// may go. A live process of another user counts as alive.
    static func processIsGone(_ pid: Int32) -> Bool { pid > 0 && kill(pid, 0) != 0 && errno == ESRCH }

    /// The physical path (`realpath`: every symlink resolved); nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Sleeps `microseconds` (`usleep`): a lock's backoff.
    static func pause(microseconds: UInt32) { usleep(microseconds) }
}
