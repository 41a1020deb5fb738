#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One open folder, for stores with thousands of files (issue #17): its entries come from one `getdents` walk with
/// their type (`d_type`, no `stat` per entry), and the calls about an entry (`fstatat`, `openat`) are made relative
/// to the folder, so the kernel resolves one name instead of the whole path each time.
final class FolderScan {
    enum Kind: Sendable { case file, directory, other }

    struct Entry {
        var name: String
        /// From `d_type`: nil when the file system does not say (DT_UNKNOWN) or for a symlink (its target decides).
        var kind: Kind?
        /// True unless `d_type` says it is not a symlink (DT_LNK, or DT_UNKNOWN).
        var mayBeLink: Bool
    }

    #if canImport(Glibc)
        private let dir: OpaquePointer
    #else
        private let dir: UnsafeMutablePointer<DIR>
    #endif
    private var fd: Int32 { dirfd(dir) }

    /// Nil when `path` is not a folder we can open.
    init?(_ path: String) {
        guard let d = opendir(path) else { return nil }
        dir = d
    }

    deinit { closedir(dir) }

    /// The names of every entry but `.` and `..` (hidden ones included), unsorted.
    func names() -> [String] {
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            out.append(name)
        }
        return out
    }

    /// Every entry but `.` and `..` (hidden ones included), in the order the file system gives them.
    func entries() -> [Entry] {
        var out: [Entry] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let kind: Kind?
            switch Int32(type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_UNKNOWN), Int32(DT_LNK): kind = nil
            default: kind = .other
            }
            out.append(Entry(name: name, kind: kind, mayBeLink: kind == nil))
        }
        return out
    }

    /// The names of the subfolders (symlinks to folders included, as `stat` would say), hidden ones left out.
    func subfolders() -> [String] {
        entries().compactMap { e in
            guard !e.name.hasPrefix(".") else { return nil }
            let kind = e.kind ?? kind(e.name)
            return kind == .directory ? e.name : nil
        }
    }

    /// What `name` is, following a symlink; nil when it is missing.
    func kind(_ name: String) -> Kind? {
        var info = stat()
        guard fstatat(fd, name, &info, 0) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// What changes whenever an entry is added to, removed from or renamed in a folder: its inode, modification and
    /// status-change times (nanoseconds). `ctime` also moves when someone sets `mtime` back (rsync -t, touch -d).
    struct Stamp: Equatable, Sendable {
        var inode: UInt64
        var modified: Int64
        var changed: Int64

        init(inode: UInt64, modified: Int64, changed: Int64) {
            self.inode = inode
            self.modified = modified
            self.changed = changed
        }

        init(_ info: stat) {
            #if canImport(Glibc)
                let m = info.st_mtim
                let c = info.st_ctim
            #else
                let m = info.st_mtimespec
                let c = info.st_ctimespec
            #endif
            self.init(
                inode: UInt64(info.st_ino), modified: Int64(m.tv_sec) * 1_000_000_000 + Int64(m.tv_nsec),
                changed: Int64(c.tv_sec) * 1_000_000_000 + Int64(c.tv_nsec))
        }

        /// True when nothing changed in the folder during the last `seconds` before `now` (ns since 1970): a change
        /// within the clock's resolution of a read might not have moved the times, so a stamp that recent is not
        /// trusted (git's "racy" rule).
        func isSettled(now: Int64, seconds: Int64 = 2) -> Bool {
            max(modified, changed) < now - seconds * 1_000_000_000
        }

        /// The wall clock in nanoseconds since 1970.
        static func now() -> Int64 {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
        }

        /// The stamp of the folder at `path` (following symlinks); nil when it is missing.
        static func of(_ path: String) -> Stamp? {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
            return Stamp(info)
        }
    }

    /// The stamp of subfolder `name` (following symlinks); nil when it is missing or not a folder.
    func stamp(_ name: String) -> Stamp? {
        var info = stat()
        guard fstatat(fd, name, &info, 0) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        return Stamp(info)
    }

    /// The modification time of `name` in seconds since 1970 (following a symlink); nil when it is missing.
    func modificationTime(_ name: String) -> Double? {
        var info = stat()
        guard fstatat(fd, name, &info, 0) == 0 else { return nil }
        return SystemCall.modificationTime(info)
    }

    /// The first `count` bytes of `name` (fewer when it is shorter); nil when it cannot be opened. One `read`.
    func head(_ name: String, count: Int = 4096) -> [UInt8]? {
        let file = openat(fd, name, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var got = 0
            while got < count {
                let wanted = count - got
                let n = SystemCall.read(file, buffer.baseAddress! + got, wanted)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
                if n < wanted { break }  // a short read of a regular file is its end: no second call for it
            }
            initialized = got
        }
    }
}
