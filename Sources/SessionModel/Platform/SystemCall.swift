#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `read(2)` and `write(2)` under names that cannot be shadowed by our own `read`/`write` methods, on Linux and macOS.
enum SystemCall {
    @inline(__always)
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.read(fd, buffer, count)
        #else
            return Darwin.read(fd, buffer, count)
        #endif
    }

    @inline(__always)
    static func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.write(fd, buffer, count)
        #else
            return Darwin.write(fd, buffer, count)
        #endif
    }

    /// Starts writing the file's dirty pages to disk without waiting for them (`sync_file_range` with
    /// `SYNC_FILE_RANGE_WRITE`, Linux); elsewhere nothing. Not a durability step: `fsync` still is.
    static func startWriteback(_ fd: Int32) {
        #if os(Linux)
            _ = linuxSyncFileRange(fd, 0, 0, 2)  // SYNC_FILE_RANGE_WRITE
        #endif
    }

    /// Copies the rest of `from` (from its offset) to `to` (at its offset) inside the kernel (`copy_file_range`,
    /// Linux: no copy through our memory); the bytes copied, or nil when it fails or the system has no such call.
    static func copyRest(from: Int32, to: Int32) -> Int? {
        #if os(Linux)
            var total = 0
            while true {
                let n = linuxCopyFileRange(from, nil, to, nil, 1 << 30, 0)
                if n < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                if n == 0 { return total }
                total += n
            }
        #else
            return nil
        #endif
    }

    /// The first `count` bytes of the file open as `fd` mapped read-only and shared, or nil.
    static func mapReadOnly(_ fd: Int32, count: Int) -> UnsafeRawPointer? {
        guard count > 0, let p = mmap(nil, count, PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else { return nil }
        return UnsafeRawPointer(p)
    }

    static func unmap(_ p: UnsafeRawPointer, count: Int) { munmap(UnsafeMutableRawPointer(mutating: p), count) }

    /// A `stat`'s modification time in seconds since 1970 (the field is named differently on Linux and macOS).
    static func modificationTime(_ info: stat) -> Double {
        #if canImport(Glibc)
            return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #else
            return Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #endif
    }
}

/// The libc facts the library used to get through full Foundation (which it no longer imports, issue #17).
enum PlatformFacts {
    /// `rename(2)`; true when it succeeded.
    @discardableResult
    static func rename(_ from: String, _ to: String) -> Bool {
        #if canImport(Glibc)
            return Glibc.rename(from, to) == 0
        #else
            return Darwin.rename(from, to) == 0
        #endif
    }

    /// True when this process may execute `path` (`access(2)` with `X_OK`).
    static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// The password database's home folder of this user, else `/`.
    static func passwordHome() -> String {
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return "/" }
        return String(cString: dir)
    }

    /// Whether `needle` occurs in `haystack`: a short needle by memchr of its first byte (meant for rare bytes such
    /// as a backslash), a long one by Horspool (most bytes skipped unread).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { anywhere($0, needle) }
    }

    /// `contains(_:_:)` over the bytes at `haystack`, whatever the needle's length.
    static func anywhere(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let m = needle.count
        guard m > 0 else { return true }
        guard haystack.count >= m else { return false }
        guard m <= 4 else { return contains(haystack, needle) }
        let h = UnsafeRawBufferPointer(haystack)
        var offset = 0
        while h.count - offset >= m {
            guard let hit = memchr(h.baseAddress! + offset, Int32(needle[0]), h.count - offset - m + 1) else {
                return false
            }
            let at = h.baseAddress!.distance(to: UnsafeRawPointer(hit))
            if needle.withUnsafeBytes({ memcmp(h.baseAddress! + at, $0.baseAddress!, m) }) == 0 { return true }
            offset = at + 1
        }
        return false
    }

    /// Whether `needle` occurs in `haystack`, found by its first byte (memchr) then compared (memcmp): for a needle
    /// whose first byte is rare in the text searched (`<persisted-output>` in a transcript line), far fewer
    /// instructions than Horspool.
    static func containsByFirstByte(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let m = needle.count
        guard m > 0 else { return true }
        guard let base = haystack.baseAddress, haystack.count >= m else { return false }
        let first = Int32(needle[0])
        return needle.withUnsafeBufferPointer { n in
            var offset = 0
            while haystack.count - offset >= m {
                guard let hit = memchr(base + offset, first, haystack.count - offset - m + 1) else { return false }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, n.baseAddress!, m) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }

    /// Whether `needle` (longer than 4 bytes) occurs in the bytes at `haystack`: Horspool, as `contains(_:_:)` does
    /// for an array, without copying the bytes.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let m = needle.count
        guard m > 0 else { return true }
        guard let base = haystack.baseAddress, haystack.count >= m else { return false }
        var shift = [Int](repeating: m, count: 256)
        for i in 0..<(m - 1) { shift[Int(needle[i])] = m - 1 - i }
        return needle.withUnsafeBufferPointer { n in
            var at = 0
            let last = n[m - 1]
            while at <= haystack.count - m {
                let b = haystack[at + m - 1]
                if b == last && memcmp(base + at, n.baseAddress!, m - 1) == 0 { return true }
                at += shift[Int(b)]
            }
            return false
        }
    }

    static func log2(_ x: Double) -> Double {
        #if canImport(Glibc)
            return Glibc.log2(x)
        #else
            return Darwin.log2(x)
        #endif
    }
}

/// A mutual-exclusion lock (pthread mutex), in place of Foundation's `NSLock`.
final class PlatformLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}

/// Unnamed temp files: a file that has no name until it is complete, so a killed writer leaves nothing behind
/// (Linux `O_TMPFILE`, named by `linkat` through `/proc/self/fd`). Elsewhere, or on a file system without it,
/// callers fall back to a named temp file.
enum UnnamedFile {
    /// An open, unnamed, writable file in `folder`; nil when the system or the file system cannot make one.
    static func open(in folder: String, mode: UInt32) -> Int32? {
        #if os(Linux)
            guard access("/proc/self/fd", X_OK) == 0 else { return nil }
            let fd = Glibc.open(folder, O_WRONLY | O_CLOEXEC | 0o20_000_000 | O_DIRECTORY, mode_t(mode))  // O_TMPFILE
            guard fd >= 0 else { return nil }
            // The umask applies to O_TMPFILE's mode as to O_CREAT's.
            return fd
        #else
            return nil
        #endif
    }

    /// Gives the open unnamed file `fd` the name `path` (EEXIST when `path` exists: never replaced).
    static func link(_ fd: Int32, to path: String) throws(SystemError) {
        #if os(Linux)
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) != 0 { throw .last }
        #else
            throw SystemError(code: ENOTSUP)
        #endif
    }
}

/// Runs a closure on its own thread (pthreads: the library has no Foundation `Thread`); `join` waits for it.
final class PlatformThread: @unchecked Sendable {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    #if canImport(Glibc)
        private var thread = pthread_t()
    #else
        private var thread: pthread_t?
    #endif
    private let started: Bool

    /// Starts `body`; when no thread can be made, runs it here, now.
    init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        #if canImport(Glibc)
            let rc = pthread_create(
                &thread, nil,
                { arg in
                    Unmanaged<Box>.fromOpaque(arg!).takeRetainedValue().body()
                    return nil
                }, box)
        #else
            let rc = pthread_create(
                &thread, nil,
                { arg in
                    Unmanaged<Box>.fromOpaque(arg).takeRetainedValue().body()
                    return nil
                }, box)
        #endif
        started = rc == 0
        if !started { Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body() }
    }

    func join() {
        guard started else { return }
        #if canImport(Glibc)
            pthread_join(thread, nil)
        #else
            if let thread { pthread_join(thread, nil) }
        #endif
    }
}

#if os(Linux)
    /// glibc's `sync_file_range(2)`, which the Glibc module does not import (it is declared under `_GNU_SOURCE`).
    /// Integer arguments and result only, so the call is the C one.
    @_silgen_name("sync_file_range")
    private func linuxSyncFileRange(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32

    /// glibc's `copy_file_range(2)` (also `_GNU_SOURCE` only). Offsets nil: the files' own offsets are used.
    @_silgen_name("copy_file_range")
    private func linuxCopyFileRange(
        _ fdIn: Int32, _ offIn: UnsafeMutablePointer<Int64>?, _ fdOut: Int32, _ offOut: UnsafeMutablePointer<Int64>?,
        _ count: Int, _ flags: UInt32
    ) -> Int
#endif

/// A producer on its own thread handing items to a consumer on the calling thread, in order, with at most
/// `capacity` items waiting (bounded memory): `run` overlaps reading a transcript with rendering it (two cores).
final class Handoff<Item: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    private var items: [Item?]
    private var head = 0
    private var count = 0
    private var finished = false
    private var stopped = false
    private var failure: SessionError?
    /// The consumer's thread: a producer that runs there (no thread could be made) never waits for room.
    private let consumer = pthread_self()

    /// Thrown out of `send`'s caller when the consumer has stopped.

    private init(capacity: Int) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        changed = .allocate(capacity: 1)
        changed.initialize(to: pthread_cond_t())
        pthread_cond_init(changed, nil)
        items = Array(repeating: nil, count: max(1, capacity))
    }

    deinit {
        pthread_cond_destroy(changed)
        changed.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Producer: queues `item`, waiting while `capacity` items wait; throws once the consumer stopped (the producer
    /// then ends; the consumer's own error is the one `run` throws).
    func send(_ item: Item) throws(SessionError) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let inline = pthread_equal(pthread_self(), consumer) != 0
        while count == items.count && !stopped {
            if inline {
                // No thread: grow instead of waiting for a consumer that runs only after us.
                var grown = [Item?](repeating: nil, count: items.count * 2)
                for k in 0..<count { grown[k] = items[(head + k) % items.count] }
                items = grown
                head = 0
                break
            }
            pthread_cond_wait(changed, mutex)
        }
        if stopped { throw SessionError(.refused, "the consumer stopped") }
        items[(head + count) % items.count] = item
        count += 1
        pthread_cond_broadcast(changed)
    }

    /// Producer: no more items (`error`: why it stopped early).
    private func finish(_ error: SessionError?) {
        pthread_mutex_lock(mutex)
        finished = true
        failure = error
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Consumer: the next item, or nil when the producer has finished and everything was taken.
    private func receive() -> Item? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == 0 && !finished { pthread_cond_wait(changed, mutex) }
        guard count > 0 else { return nil }
        let item = items[head]
        items[head] = nil
        head = (head + 1) % items.count
        count -= 1
        pthread_cond_broadcast(changed)
        return item
    }

    /// Consumer: stops the producer (its next `send` throws).
    private func stop() {
        pthread_mutex_lock(mutex)
        stopped = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Runs `produce` on its own thread and `consume` here on every item it sends, in order. An error of `consume`
    /// stops the producer and is rethrown; else the producer's own error is rethrown after its items were consumed.
    static func run(
        capacity: Int, produce: @escaping @Sendable (Handoff<Item>) throws(SessionError) -> Void,
        consume: (Item) throws(SessionError) -> Void
    ) throws(SessionError) {
        let handoff = Handoff(capacity: capacity)
        let thread = PlatformThread {
            do throws(SessionError) {
                try produce(handoff)
                handoff.finish(nil)
            } catch {
                handoff.finish(error)
            }
        }
        do throws(SessionError) {
            while let item = handoff.receive() { try consume(item) }
        } catch {
            handoff.stop()
            thread.join()
            throw error
        }
        thread.join()
        if let failure = handoff.failure { throw failure }
    }
}
