/// Reads a file line by line with one reusable buffer: memory stays bounded by the longest line, never the file.
public enum LineReader {
    /// The longest line we accept (a 50 MB single line is fine; more than this is refused as bad input).
    public static let maxLineBytes = 512 << 20

    /// Calls `body` with each line (without the newline, `\r\n` trimmed) and its 1-based number; stop by returning
    /// false. A missing file → 66; a folder → 65.
    public static func forEachLine(
        path: String, chunkSize: Int = 1 << 20,
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws(SessionError) -> Bool
    ) throws(SessionError) {
        if FileInfo.isDirectory(path) { throw SessionError(.badData, "is a folder, expected a file", file: path) }
        let fd: Int32
        do { fd = try FileCalls.open(path) } catch {
            throw SessionError(.missing, "cannot read: \(error.message)", file: path)
        }
        defer { FileCalls.close(fd) }
        // A device or socket would be read without end (e.g. a link to /dev/zero); a FIFO is the caller's choice.
        if let info = FileCalls.status(fd), info.isDeviceOrSocket {
            throw SessionError(.badData, "not a regular file (a device or socket)", file: path)
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
                    let found = PlatformFacts.firstIndex(
                        of: 0x0A, in: UnsafeRawBufferPointer(rebasing: buffer[scanFrom..<end]))
                else { break }
                let nlIndex = scanFrom + found
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
                // copyMemory is memmove: the ranges may overlap.
                if remaining > 0 {
                    buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: remaining)
                }
                end = remaining
                start = 0
            }
            if end == buffer.count {
                guard buffer.count < maxLineBytes else {
                    throw SessionError(
                        .badData, "line \(lineNumber + 1) is longer than \(maxLineBytes >> 20) MiB",
                        file: path, line: lineNumber + 1)
                }
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 1)
                bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
                buffer.deallocate()
                buffer = bigger
            }
            let n: Int
            do { n = try FileCalls.read(fd, into: buffer.baseAddress! + end, count: buffer.count - end) } catch {
                throw SessionError(.missing, "cannot read: \(error.message)", file: path)
            }
            if n == 0 { eof = true } else { end += n }
        }
    }

    /// The first line of a file (at most `limit` bytes), without reading the rest: for listing thousands of files.
    public static func firstLine(path: String, limit: Int = 4 << 20) -> [UInt8]? {
        guard let fd = FileCalls.openToRead(path) else { return nil }
        defer { FileCalls.close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while result.count < limit {
            // ignored: a read error ends the first line early (nil/short), as for a missing file
            let n = chunk.withUnsafeMutableBytes { (try? FileCalls.read(fd, into: $0.baseAddress!, count: 16384)) ?? 0 }
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
        path: String, chunkSize: Int = 1 << 20, _ body: (UnsafeBufferPointer<UInt8>) throws(SessionError) -> Void
    ) throws(SessionError) {
        let fd: Int32
        do { fd = try FileCalls.open(path) } catch {
            throw SessionError(.missing, "cannot read: \(error.message)", file: path)
        }
        defer { FileCalls.close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n: Int
            do { n = try FileCalls.read(fd, into: buffer.baseAddress!, count: chunkSize) } catch {
                throw SessionError(.missing, "cannot read: \(error.message)", file: path)
            }
            if n == 0 { return }
            try body(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n))
        }
    }
}
