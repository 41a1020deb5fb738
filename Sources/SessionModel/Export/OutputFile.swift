#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a renderer writes: a buffer that is handed to a file in large chunks (or kept, for tests and for output
/// that goes to a string).
public final class OutputBuffer {
    public private(set) var bytes: [UInt8] = []
    /// Bytes written so far, flushed or not.
    public private(set) var written: Int64 = 0
    var flushedCount: Int64 = 0
    let chunk: Int
    let flushTo: (([UInt8]) throws(SessionError) -> Void)?

    /// Keeps everything in memory (`bytes`).
    public init() {
        chunk = Int.max
        flushTo = nil
    }

    /// Hands the bytes to `flush` whenever `chunk` bytes are pending, and at `flush()`.
    public init(chunk: Int = 1 << 20, flush: @escaping ([UInt8]) throws(SessionError) -> Void) {
        self.chunk = chunk
        self.flushTo = flush
        bytes.reserveCapacity(chunk + 4096)
    }

    public func write(_ text: String) throws(SessionError) {
        try RenderText.withBytes(text) { (bytes) throws(SessionError) in try write(bytes) }
    }

    public func write(_ buffer: UnsafeBufferPointer<UInt8>) throws(SessionError) {
        bytes.append(contentsOf: buffer)
        written += Int64(buffer.count)
        if bytes.count >= chunk { try flush() }
    }

    public func write(_ b: [UInt8]) throws(SessionError) {
        bytes.append(contentsOf: b)
        written += Int64(b.count)
        if bytes.count >= chunk { try flush() }
    }

    public func byte(_ b: UInt8) throws(SessionError) {
        bytes.append(b)
        written += 1
        if bytes.count >= chunk { try flush() }
    }

    /// Writes each line of `text` — split at every line feed that is a character of its own, not the end of a
    /// CR LF pair — as `indent`, the line and a line feed (the last line too, even when empty).
    public func writeIndentedLines(_ text: UnsafeBufferPointer<UInt8>, indent: UnsafeBufferPointer<UInt8>)
        throws(SessionError)
    {
        let n = text.count
        var start = 0
        var from = 0
        // The buffer is taken out of the object while lines are appended (no exclusivity check per line).
        var buf: [UInt8] = []
        swap(&buf, &bytes)
        defer { swap(&buf, &bytes) }
        while from < n {
            let k = RenderText.next(0x0A, in: text, from: from)
            if k == n { break }
            from = k + 1
            if k > 0 && text[k - 1] == 0x0D { continue }
            buf.append(contentsOf: indent)
            buf.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<k]))
            buf.append(0x0A)
            start = k + 1
            if buf.count >= chunk {
                swap(&buf, &bytes)
                written = Int64(bytes.count) + flushedCount
                try flush()
                swap(&buf, &bytes)
            }
        }
        buf.append(contentsOf: indent)
        buf.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<n]))
        buf.append(0x0A)
        swap(&buf, &bytes)
        written = Int64(bytes.count) + flushedCount
        if bytes.count >= chunk { try flush() }
        swap(&buf, &bytes)
    }

    /// Writes `text` HTML-escaped (`& < > " '`; NUL becomes U+FFFD), byte by byte without temporary strings.
    public func writeHTML(_ text: String) throws(SessionError) {
        try RenderText.withBytes(text) { (bytes) throws(SessionError) in try writeHTML(bytes) }
    }

    /// Writes UTF-8 `buf` HTML-escaped, as `writeHTML(_: String)`.
    public func writeHTML(_ buf: UnsafeBufferPointer<UInt8>) throws(SessionError) {
        do {
            OutputBuffer.htmlSpecial.withUnsafeBufferPointer { special in
                var run = 0
                var i = 0
                let n = buf.count
                while i < n {
                    // Eight bytes at a time up to the next special byte.
                    while i + 8 <= n {
                        let x = UInt64(
                            littleEndian: UnsafeRawPointer(buf.baseAddress! + i).loadUnaligned(as: UInt64.self))
                        let found = OutputBuffer.htmlSpecialBytes(x)
                        if found != 0 {
                            i += found.trailingZeroBitCount >> 3
                            break
                        }
                        i += 8
                    }
                    guard i < n else { break }
                    if !special[Int(buf[i])] {
                        i += 1
                        continue
                    }
                    let replacement: StaticString
                    switch buf[i] {
                    case 0x26: replacement = "&amp;"
                    case 0x3C: replacement = "&lt;"
                    case 0x3E: replacement = "&gt;"
                    case 0x22: replacement = "&quot;"
                    case 0x27: replacement = "&#39;"
                    default: replacement = "\u{FFFD}"
                    }
                    if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<i])) }
                    bytes.append(
                        contentsOf: UnsafeBufferPointer(
                            start: replacement.utf8Start,
                            count: replacement.utf8CodeUnitCount))
                    run = i + 1
                    i += 1
                }
                if run < buf.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<buf.count])) }
            }
        }
        written = Int64(bytes.count) + flushedCount
        if bytes.count >= chunk { try flush() }
    }

    /// One bit (0x80) per byte of `x` that is `& < > " '` or NUL; the lowest flagged byte is exact.
    @inline(__always)
    static func htmlSpecialBytes(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        @inline(__always) func zero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v }
        let found =
            zero(x) | zero(x ^ (ones &* 0x26)) | zero(x ^ (ones &* 0x3C)) | zero(x ^ (ones &* 0x3E))
            | zero(x ^ (ones &* 0x22)) | zero(x ^ (ones &* 0x27))
        return found & 0x8080_8080_8080_8080
    }

    static let htmlSpecial: [Bool] = (0...255).map { [0x26, 0x3C, 0x3E, 0x22, 0x27, 0x00].contains($0) }

    public func flush() throws(SessionError) {
        guard let flushTo, !bytes.isEmpty else { return }
        try flushTo(bytes)
        flushedCount += Int64(bytes.count)
        bytes.removeAll(keepingCapacity: true)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A file written in a stream, so that a reader never sees half a file and a failure or a kill leaves nothing behind:
/// a `PendingFile` in the target folder — on Linux an unnamed file (`O_TMPFILE`) that gets its name only when complete
/// (a killed writer's file is freed by the kernel, and the folder is never listed); elsewhere a hidden temp file
/// `.agent-sessions-<pid>-<n>.tmp`, linked (or renamed) into place at the end, after which temp files of writers
/// that no longer exist are removed.
public final class StreamingFile {
    public let folder: String
    let file: PendingFile
    public let buffer: OutputBuffer
    /// The fail-closed second scan of redacted output (nil when redaction is off): checked before publishing.
    public let secretScan: OutputGuard?

    /// Creates the folder (cannot create, 73, when it cannot) and the file. `scan`: run `OutputGuard` over every byte written
    /// and refuse to publish (refused, exit 1) when it finds a secret shape.
    public convenience init(folder: String, chunk: Int = 1 << 20, scan: Bool = false) throws(SessionError) {
        try self.init(folder: folder, chunk: chunk, scan: scan, unnamed: true)
    }

    /// `unnamed: false` always writes a named temp file (what a file system without `O_TMPFILE` gets).
    init(folder: String, chunk: Int = 1 << 20, scan: Bool, unnamed: Bool) throws(SessionError) {
        self.folder = folder
        try FileInfo.makeDirectory(folder)
        let file: PendingFile
        do { file = try PendingFile(folder: folder, naming: .folder, unnamed: unnamed, mode: 0o644) } catch {
            throw SessionError(.cannotCreate, "cannot write in this folder: \(error.message)", file: folder)
        }
        self.file = file
        let path = file.tempPath ?? folder + "/" + PendingFile.TempName.folderPrefix + "\(PlatformFacts.processID)"
        let scanner = scan ? OutputGuard() : nil
        self.secretScan = scanner
        self.buffer = OutputBuffer(chunk: chunk) { (bytes) throws(SessionError) in
            scanner?.feed(bytes)
            do throws(SystemError) { try file.write(bytes) } catch {
                throw SessionError(.cannotCreate, "cannot write: \(error.message)", file: path)
            }
        }
    }

    deinit { abandon() }

    /// Flushes and syncs the file; refuses (exit 1) when the second scan found a secret.
    func finishWriting() throws(SessionError) {
        try buffer.flush()
        if let secretScan {
            secretScan.finish()
            if let refusal = secretScan.refusal { throw refusal }
        }
        do { try file.sync() } catch {
            throw SessionError(.cannotCreate, "cannot write: \(error.message)", file: file.tempPath ?? folder)
        }
    }

    /// Puts the file at `folder/name`, never over an existing file: `name` is tried first, then the names
    /// `alternatives` gives for 2, 3, …. Returns the path used.
    public func commitNew(name: String, alternative: (Int) -> String) throws(SessionError) -> String {
        try finishWriting()
        var n = 1
        var candidate = name
        while n <= 10_000 {
            let path = folder + "/" + candidate
            do throws(SystemError) {
                try file.publish(at: path, replacing: false)
                return path
            } catch {
                guard error.exists else {
                    throw SessionError(.cannotCreate, "cannot create file: \(error.message)", file: path)
                }
            }
            n += 1
            candidate = alternative(n)
        }
        throw SessionError(.cannotCreate, "cannot create file", file: folder + "/" + name)
    }

    /// Puts the file at `path` (same folder) only when nothing is there (refused otherwise).
    public func commitExclusive(_ path: String) throws(SessionError) -> String {
        try finishWriting()
        do throws(SystemError) { try file.publish(at: path, replacing: false) } catch {
            if error.exists || FileInfo.kind(path) != .missing {
                throw SessionError(
                    .refused, "already exists; not overwriting it", remedy: .replaceOnPurpose, file: path)
            }
            throw SessionError(.cannotCreate, "cannot create file: \(error.message)", file: path)
        }
        return path
    }

    /// Puts the file at `path` (same folder), replacing what is there (a symlink is refused).
    public func commitReplacing(_ path: String) throws(SessionError) -> String {
        try finishWriting()
        if FileInfo.kind(path) == .symlink {
            throw SessionError(.cannotCreate, "is a symbolic link; refusing to replace it", file: path)
        }
        do throws(SystemError) { try file.publish(at: path, replacing: true) } catch {
            throw SessionError(.cannotCreate, "cannot create file: \(error.message)", file: path)
        }
        return path
    }

    /// Removes the temp file (after a failure).
    public func abandon() { file.discard() }
}
