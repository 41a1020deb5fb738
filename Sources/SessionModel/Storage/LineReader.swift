#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file line by line with one reusable buffer: memory stays bounded by the longest line, never the file.
public enum LineReader {
    /// The longest line we accept (a 50 MB single line is fine; more than this is refused as bad input).
    public static let maxLineBytes = 512 << 20

    /// Calls `body` with each line (without the newline, `\r\n` trimmed) and its 1-based number; stop by returning
    /// false. A missing file → 66; a folder → 65.
    public static func forEachLine(
        path: String, chunkSize: Int = 1 << 20,
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Bool
    ) throws {
        if FileInfo.isDirectory(path) { throw ToolError(.dataError, "is a folder, expected a file", file: path) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ToolError(errno == ENOENT ? .noInput : .noInput, "cannot read: \(reason)", file: path)
        }
        defer { close(fd) }
        // A device or socket would be read without end (e.g. a link to /dev/zero); a FIFO is the caller's choice.
        var info = stat()
        if fstat(fd, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            if kind == S_IFCHR || kind == S_IFBLK || kind == S_IFSOCK {
                throw ToolError(.dataError, "not a regular file (a device or socket)", file: path)
            }
        }
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        var start = 0  // start of the unconsumed bytes
        var end = 0  // end of valid bytes
        var lineNumber = 0
        var eof = false
        while true {
            // Emit every complete line in the buffer.
            var scanFrom = start
            while true {
                guard scanFrom < end,
                    let nl = memchr(buffer.baseAddress! + scanFrom, 0x0A, end - scanFrom)
                else { break }
                let nlIndex = buffer.baseAddress!.distance(to: nl)
                lineNumber += 1
                var lineEnd = nlIndex
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(
                    start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + start,
                    count: lineEnd - start)
                if try !body(line, lineNumber) { return }
                start = nlIndex + 1
                scanFrom = start
            }
            if eof {
                if start < end {
                    lineNumber += 1
                    var lineEnd = end
                    if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    let line = UnsafeBufferPointer(
                        start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: lineEnd - start)
                    _ = try body(line, lineNumber)
                }
                return
            }
            // Move the partial line to the front, grow when one line fills the buffer.
            if start > 0 {
                let remaining = end - start
                if remaining > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, remaining) }
                end = remaining
                start = 0
            }
            if end == buffer.count {
                guard buffer.count < maxLineBytes else {
                    throw ToolError(
                        .dataError, "line \(lineNumber + 1) is longer than \(maxLineBytes >> 20) MiB",
                        file: path, line: lineNumber + 1)
                }
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 1)
                bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
                buffer.deallocate()
                buffer = bigger
            }
            let n = read(fd, buffer.baseAddress! + end, buffer.count - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw ToolError(.noInput, "cannot read: \(String(cString: strerror(errno)))", file: path)
            }
            if n == 0 { eof = true } else { end += n }
        }
    }

    /// The first line of a file (at most `limit` bytes), without reading the rest: for listing thousands of files.
    public static func firstLine(path: String, limit: Int = 4 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while result.count < limit {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 16384) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            if let nl = chunk[0..<n].firstIndex(of: 0x0A) {
                result.append(contentsOf: chunk[0..<nl])
                if result.last == 0x0D { result.removeLast() }
                return result
            }
            result.append(contentsOf: chunk[0..<n])
        }
        return result.isEmpty ? nil : result
    }
}

extension LineReader {
    /// Calls `body` with the file's bytes, chunk by chunk, exactly as stored (binary files: a SQLite copy).
    public static func forEachChunk(
        path: String, chunkSize: Int = 1 << 20, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ToolError(.noInput, "cannot read: \(String(cString: strerror(errno)))", file: path)
        }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = SystemCall.read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw ToolError(.noInput, "cannot read: \(String(cString: strerror(errno)))", file: path)
            }
            if n == 0 { return }
            try body(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n))
        }
    }
}
