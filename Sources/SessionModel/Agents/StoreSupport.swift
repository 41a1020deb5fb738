import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small helpers the file-based session stores share (Claude, Codex).
enum StoreSupport {
    /// The last lines of a file, reading at most `maxBytes` from its end (the first, partial line of that window is
    /// dropped unless the window starts at the beginning of the file). Empty when the file cannot be read.
    static func tailLines(path: String, maxBytes: Int = 256 << 10) -> [[UInt8]] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return [] }
        let size = Int(info.st_size)
        let start = max(0, size - maxBytes)
        var bytes = [UInt8](repeating: 0, count: size - start)
        var got = 0
        while got < bytes.count {
            let n = bytes.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + got, $0.count - got, off_t(start + got))
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        bytes.removeSubrange(got...)
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        return lines.map { $0.last == 0x0D ? Array($0.dropLast()) : $0 }.filter { !$0.isEmpty }
    }

    /// The first `count` bytes of a file (fewer when it is shorter); nil when it cannot be read. One `read` call: for
    /// peeking at thousands of files.
    static func headBytes(path: String, count: Int = 4096) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, count - got) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        bytes.removeSubrange(got...)
        return bytes
    }

    /// Parses one JSONL line into an object; nil for anything else.
    static func object(_ line: UnsafeBufferPointer<UInt8>) -> [String: JSONValue]? {
        guard case .success(let value) = JSONParser.parse(line) else { return nil }
        return value.objectValue
    }

    static func object(_ line: [UInt8]) -> [String: JSONValue]? {
        line.withUnsafeBufferPointer { object($0) }
    }

    /// A file's modification time as an ISO 8601 string with milliseconds (UTC).
    static func modificationStamp(_ path: String) -> String? {
        FileInfo.modificationTime(path).map { Timestamps.iso8601Milliseconds(Date(timeIntervalSince1970: $0)) }
    }

    /// One line of text, trimmed and shortened, for titles.
    static func oneLine(_ text: String, limit: Int = 200) -> String? {
        let flat = text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !flat.isEmpty else { return nil }
        if flat.count <= limit { return flat }
        return String(flat.prefix(limit - 1)) + "…"
    }

    /// The text of a tool result's `content`: a string, or the text of its blocks.
    static func text(of content: JSONValue?) -> String {
        switch content {
        case .string(let s)?: return s
        case .array(let blocks)?:
            return blocks.compactMap { block -> String? in
                if let s = block.stringValue { return s }
                return block["text"]?.stringValue
            }.joined(separator: "\n")
        case nil, .null?: return ""
        case let other?: return JSONWriter.compactString(other)
        }
    }

    /// Names of the subfolders of `path` (no hidden ones), sorted descending (newest first for date folders).
    static func subfolders(_ path: String, descending: Bool = true) -> [String] {
        let names = FileInfo.list(path).filter { !$0.hasPrefix(".") && FileInfo.isDirectory(path + "/" + $0) }
        return descending ? names.sorted(by: >) : names.sorted()
    }
}

extension SessionSummary {
    /// The moment to order sessions by: the last update, else the start, else the file's modification time.
    var sortDate: Date {
        if let s = updatedAt, let d = Timestamps.parse(s) { return d }
        if let s = startedAt, let d = Timestamps.parse(s) { return d }
        if let t = FileInfo.modificationTime(path) { return Date(timeIntervalSince1970: t) }
        return Date(timeIntervalSince1970: 0)
    }

    /// Newest first; ties broken by id so the order is stable.
    static func newestFirst(_ a: SessionSummary, _ b: SessionSummary) -> Bool {
        let (da, db) = (a.sortDate, b.sortDate)
        if da != db { return da > db }
        return a.id > b.id
    }
}
