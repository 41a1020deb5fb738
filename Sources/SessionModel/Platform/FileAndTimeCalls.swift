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

/// A moment's calendar fields, whole seconds (`gmtime_r`, `localtime_r`, `timegm`): the library's dates without libc
/// outside Platform/.
struct CivilTime: Sendable, Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// `date` in UTC, or in the local time zone when `local`.
    init(_ date: Date, local: Bool = false) {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        if local { localtime_r(&t, &parts) } else { gmtime_r(&t, &parts) }
        self.init(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }

    /// Seconds since 1970 of these fields read as UTC.
    var utcSeconds: Int {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int(timegm(&parts))
    }
}

extension PlatformFacts {
    /// `unlink(2)`; true when it succeeded.
    @discardableResult
    static func unlink(_ path: String) -> Bool {
        #if canImport(Glibc)
            return Glibc.unlink(path) == 0
        #else
            return Darwin.unlink(path) == 0
        #endif
    }

    /// `rmdir(2)` (only an empty folder); true when it succeeded.
    @discardableResult
    static func removeEmptyFolder(_ path: String) -> Bool { rmdir(path) == 0 }

    /// `chmod(2)`; true when it succeeded.
    static func setMode(_ path: String, _ mode: UInt32) -> Bool { chmod(path, mode_t(mode)) == 0 }

    /// The message of the last failed call (`strerror(errno)`).
    static var lastError: String { String(cString: strerror(errno)) }
}

extension PlatformFacts {
    /// `symlink(2)`: a link at `path` whose text is `target`; true when it succeeded.
    @discardableResult
    static func symlink(_ target: String, _ path: String) -> Bool {
        #if canImport(Glibc)
            return Glibc.symlink(target, path) == 0
        #else
            return Darwin.symlink(target, path) == 0
        #endif
    }

    /// The text of a symlink (`readlink(2)`), nil when `path` is not one.
    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True when this process may write into `path` (`access(2)` with `W_OK`).
    static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// This process's id.
    static var processID: Int32 { getpid() }

    /// The first `byte` in `buffer` (`memchr`).
    static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer) -> Int? {
        guard let base = buffer.baseAddress, let hit = memchr(base, Int32(byte), buffer.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// First index of `pattern` in `buf` at or after `from` (memchr on the first byte, then memcmp).
    static func firstIndex(of pattern: [UInt8], in buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = buf.baseAddress, let first = pattern.first else { return nil }
        var i = from
        return pattern.withUnsafeBytes { p -> Int? in
            while i + pattern.count <= buf.count {
                guard let hit = memchr(base + i, Int32(first), buf.count - pattern.count + 1 - i) else { return nil }
                let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, p.baseAddress!, pattern.count) == 0 { return at }
                i = at + 1
            }
            return nil
        }
    }
}
