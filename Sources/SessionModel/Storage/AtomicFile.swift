#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reading and replacing files without ever leaving a torn one.
public enum AtomicFile {
    /// Replaces `path` with `bytes`: a temp file in the same folder, fsync, the old file's permissions, rename.
    /// A symlink at `path` is refused (we never replace a link with a file behind the user's back).
    public static func write(_ bytes: [UInt8], to path: String, defaultMode: UInt32 = 0o644) throws(SessionError) {
        try write(parts: [bytes[...]], to: path, defaultMode: defaultMode)
    }

    /// `write(_:to:)` of the bytes of `parts` one after the other, without joining them first (a registry append
    /// writes the old file's bytes around the new entry as they are).
    public static func write(parts: [ArraySlice<UInt8>], to path: String, defaultMode: UInt32 = 0o644)
        throws(SessionError)
    {
        let replacement = try Replacement(path, defaultMode: defaultMode)
        for part in parts { try replacement.append(part) }
        try replacement.commit()
    }

    /// A replacement of `path` being written: a `PendingFile` beside it (`.<name>.tmp-<pid>-<n>`), published over the
    /// file by `commit` (fchmod to the old file's mode, fsync, rename, fsync of the folder, dead writers' temp files
    /// of `path` removed), or removed by `discard` (and by deinit when neither was called). Until `commit` the file is
    /// untouched.
    public final class Replacement {
        let path: String
        let mode: UInt32
        let file: PendingFile
        var fd: Int32 { file.fd }

        /// Creates the temp file. A symlink or folder at `path` is refused (73), as is a temp file that cannot be
        /// created.
        public init(_ path: String, defaultMode: UInt32 = 0o644) throws(SessionError) {
            let dir = Paths.dirname(path)
            try FileInfo.makeDirectory(dir)
            var mode = defaultMode
            if let old = FileCalls.status(path, followLinks: false) {
                switch old.kind {
                case .symlink:
                    throw SessionError(
                        .cannotCreate, "is a symbolic link; refusing to replace it with a file",
                        hint: "point the tool at the link's target instead", file: path)
                case .directory:
                    throw SessionError(.cannotCreate, "is a folder, expected a file", file: path)
                default:
                    mode = old.permissions
                }
            }
            do {
                file = try PendingFile(folder: dir, naming: .beside(Paths.basename(path)), unnamed: false, mode: 0o600)
            } catch {
                throw SessionError(.cannotCreate, "cannot write: \(error.message)", file: path)
            }
            self.path = path
            self.mode = mode
        }

        /// Writes `part` after what was written; a failure discards the replacement (73).
        public func append(_ part: ArraySlice<UInt8>) throws(SessionError) {
            do { try file.write(part) } catch { try fail(error) }
        }

        /// Copies the regular file at `source` into the replacement inside the kernel (Linux `copy_file_range`): the
        /// bytes copied, or nil (nothing to rely on: the caller discards) when the source is missing, not a regular
        /// file, larger than `limit`, or the copy is not possible here.
        public func copy(from source: String, limit: Int) -> Int? {
            guard let src = FileCalls.openToRead(source, nonBlocking: true) else { return nil }
            defer { FileCalls.close(src) }
            guard let info = FileCalls.status(src), info.kind == .file, info.size <= limit,
                let n = SystemCall.copyRest(from: src, to: fd), n <= limit
            else { return nil }
            return n
        }

        /// The replacement's first `count` bytes, mapped read-only (only this process writes the temp file, so they
        /// are what `commit` renames), given to `body`; nil when they cannot be mapped.
        public func withMapped<R>(_ count: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
            guard let p = SystemCall.mapReadOnly(fd, count: count) else { return nil }
            defer { SystemCall.unmap(p, count: count) }
            return body(UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: count))
        }

        /// Cuts what was written to its first `count` bytes; the next `append` writes there (73 when it fails).
        public func truncate(to count: Int) throws(SessionError) {
            do { try FileCalls.truncate(fd, to: count) } catch { try fail(error) }
        }

        /// Asks the system to start writing what was written so far to disk, without waiting (Linux; elsewhere
        /// nothing): the `fsync` of `commit` then has less left to wait for.
        public func startWriteback() { SystemCall.startWriteback(fd) }

        /// The file replaced by what was written, durably; 73 (and the file untouched) when that fails.
        public func commit() throws(SessionError) {
            guard !file.done else { return }
            do {
                try file.sync(permissions: mode)
                try file.publish(at: path, replacing: true)
            } catch { try fail(error) }
        }

        /// The temp file removed; the file untouched.
        public func discard() { file.discard() }

        func fail(_ error: SystemError) throws(SessionError) -> Never {
            discard()
            throw SessionError(.cannotCreate, "cannot write: \(error.message)", file: path)
        }
    }

    /// Removes every temp file in `dir` left by a writer that no longer exists, whatever file it was writing.
    public static func removeAbandonedTemps(inFolder dir: String) {
        AbandonedTemps.remove(in: dir, writer: PendingFile.TempName.anyBeside)
    }

    public static func write(_ text: String, to path: String) throws(SessionError) {
        try write(Array(text.utf8), to: path)
    }

    /// The bytes of a file, or nil when it does not exist. Unreadable → 66; a folder → 65.
    /// A FIFO, device or socket → 65 unless `allowSpecial` (opening a FIFO would block, /dev/zero never ends).
    public static func read(_ path: String, limit: Int = 256 << 20, allowSpecial: Bool = false) throws(SessionError)
        -> [UInt8]?
    {
        switch FileInfo.kind(path, followLinks: true) {
        case .missing: return nil
        case .directory: throw SessionError(.badData, "is a folder, expected a file", file: path)
        default: break
        }
        let fd: Int32
        do { fd = try FileCalls.open(path, allowSpecial ? .read : [.read, .nonBlocking]) } catch {
            throw SessionError(.missing, "cannot read: \(error.message)", file: path)
        }
        defer { FileCalls.close(fd) }
        if !allowSpecial {
            if let info = FileCalls.status(fd), info.kind != .file {
                throw SessionError(
                    .badData, "is not a regular file (a FIFO, device or socket), expected a file",
                    file: path)
            }
            FileCalls.clearNonBlocking(fd)
        }
        // Read straight into the array, sized from the file (one byte more, to see the end without a second
        // array); a file that grew meanwhile, or a special file, goes on in chunks below.
        let size = FileCalls.status(fd).map { $0.kind == .file ? $0.size : 0 } ?? 0
        let first = min(size, limit) + 1
        var failure: SystemError?
        var result = [UInt8](unsafeUninitializedCapacity: first) { buffer, count in
            count = 0
            while count < buffer.count {
                let n: Int
                do throws(SystemError) {
                    n = try FileCalls.read(fd, into: buffer.baseAddress! + count, count: buffer.count - count)
                } catch {
                    failure = error
                    return
                }
                if n == 0 { return }
                count += n
            }
        }
        if let failure {
            throw SessionError(.missing, "cannot read: \(failure.message)", file: path)
        }
        if result.count > limit {
            throw SessionError(.badData, "is larger than \(limit >> 20) MiB; refusing to load it", file: path)
        }
        if result.count < first { return result }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = buffer.withUnsafeMutableBytes { raw -> Result<Int, SystemError> in
                do throws(SystemError) {
                    return .success(try FileCalls.read(fd, into: raw.baseAddress!, count: 1 << 16))
                } catch {
                    return .failure(error)
                }
            }
            let n: Int
            switch read {
            case .success(let count): n = count
            case .failure(let error): throw SessionError(.missing, "cannot read: \(error.message)", file: path)
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
            if result.count > limit {
                throw SessionError(.badData, "is larger than \(limit >> 20) MiB; refusing to load it", file: path)
            }
        }
        return result
    }
}

extension AtomicFile {
    /// Whether the regular file at `path` holds any of `needles`, read through one 256 KiB buffer (the file is never
    /// loaded whole: a 3 MB registry costs no 3 MB of fresh memory). Nil when it is missing, not a regular file, or
    /// cannot be read.
    public static func contains(anyOf needles: [[UInt8]], in path: String) -> Bool? {
        let longest = needles.map(\.count).max() ?? 0
        guard longest > 0 else { return needles.isEmpty ? false : true }
        guard let fd = FileCalls.openToRead(path, nonBlocking: true) else { return nil }
        defer { FileCalls.close(fd) }
        guard FileCalls.status(fd)?.kind == .file else { return nil }
        let size = max(256 << 10, 2 * longest)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        // Each round: the last `longest - 1` bytes of the previous one (a needle across the cut), then new bytes.
        var kept = 0
        while true {
            // ignored: a read error means "cannot tell" (nil), as documented
            guard let n = try? FileCalls.read(fd, into: buffer.baseAddress! + kept, count: size - kept) else {
                return nil
            }
            if n == 0 { return false }
            let filled = UnsafeBufferPointer(rebasing: buffer[0..<(kept + n)])
            if needles.contains(where: { PlatformFacts.anywhere(filled, $0) }) { return true }
            kept = min(longest - 1, filled.count)
            // update(from:count:) is memmove: the ranges may overlap.
            if kept > 0 { buffer.baseAddress!.update(from: buffer.baseAddress! + filled.count - kept, count: kept) }
        }
    }
}

/// Reads JSON files we own, with errors that name the file, line and column, and never a guess.
public enum JSONFile {
    /// The parsed file, or nil when it does not exist. Empty, conflicted or malformed → 65.
    public static func read(_ path: String, displayPath: String? = nil) throws(SessionError) -> JSONValue? {
        guard let bytes = try AtomicFile.read(path) else { return nil }
        return try parse(bytes, path: displayPath ?? path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(SessionError) -> JSONValue {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw SessionError(
                .badData, "file is empty, expected JSON",
                hint: "restore it from git or delete it", file: path)
        }
        if let line = ConflictMarkers.firstLine(in: bytes) {
            throw SessionError(
                .badData, "file contains git merge conflict markers",
                hint: "resolve the conflict (keep both sides' entries) and remove the <<<<<<< ======= >>>>>>> lines",
                file: path, line: line)
        }
        if let offset = bytes.withUnsafeBytes({ PlatformFacts.firstIndex(of: 0, in: $0) }) {
            let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw SessionError(.badData, "file contains a NUL byte; it is not JSON text", file: path, line: line)
        }
        do {
            return try JSONParser.parse(bytes, rejectDuplicateKeys: true)
        } catch {
            throw SessionError(
                .badData, "invalid JSON: \(error.reason)", hint: "the file was left unchanged",
                file: path, line: error.line, column: error.column)
        }
    }

    /// Writes `value` as pretty JSON with sorted keys and a trailing newline, atomically.
    public static func write(_ value: JSONValue, to path: String) throws(SessionError) {
        try AtomicFile.write(JSONWriter.pretty(value), to: path)
    }
}

public enum ConflictMarkers {
    /// The 1-based line of the first `<<<<<<< ` marker at the start of a line, if any. Jumps from line to line with
    /// memchr (a 50 MB file costs a few milliseconds, not a byte-by-byte loop).
    public static func firstLine(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress else { return nil }
            let n = buf.count
            var lineStart = 0
            var line = 1
            while lineStart < n {
                if lineStart + 7 <= n, (0..<7).allSatisfy({ base[lineStart + $0] == 0x3C }),
                    lineStart + 7 == n || base[lineStart + 7] == 0x20 || base[lineStart + 7] == 0x0A
                {
                    return line
                }
                guard
                    let nl = PlatformFacts.firstIndex(
                        of: 0x0A, in: UnsafeRawBufferPointer(start: base + lineStart, count: n - lineStart))
                else { return nil }
                lineStart += nl + 1
                line += 1
            }
            return nil
        }
    }
}
