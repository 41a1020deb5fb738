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

    /// A `stat`'s modification time in seconds since 1970 (the field is named differently on Linux and macOS).
    static func modificationTime(_ info: stat) -> Double {
        #if canImport(Glibc)
            return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #else
            return Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #endif
    }
}

/// Unnamed temp files: a file that has no name until it is complete, so a killed writer leaves nothing behind
/// (Linux `O_TMPFILE`, named by `linkat` through `/proc/self/fd`). Elsewhere, or on a file system without it,
/// callers fall back to a named temp file.
enum UnnamedFile {
    /// An open, unnamed, writable file in `folder`; nil when the system or the file system cannot make one.
    static func open(in folder: String, mode: mode_t) -> Int32? {
        #if os(Linux)
            guard access("/proc/self/fd", X_OK) == 0 else { return nil }
            let fd = Glibc.open(folder, O_WRONLY | O_CLOEXEC | 0o20_000_000 | O_DIRECTORY, mode)  // O_TMPFILE
            guard fd >= 0 else { return nil }
            // The umask applies to O_TMPFILE's mode as to O_CREAT's.
            return fd
        #else
            return nil
        #endif
    }

    /// Gives the open unnamed file `fd` the name `path`; 0, or the errno (EEXIST when `path` exists: never replaced).
    static func link(_ fd: Int32, to path: String) -> Int32 {
        #if os(Linux)
            return linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno
        #else
            return ENOTSUP
        #endif
    }
}
