import Foundation
import Testing

@testable import SessionModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct HardeningUnitTests {
    static let hostileComponents: [String] = [
        "", ".", "..", "../x", "x/..", "a/b", "/abs", "a\\b", "nul\u{0}byte", "new\nline", "car\rreturn", "del\u{7F}",
        String(repeating: "a", count: 4096), String(repeating: "é", count: 128),
    ]
    static let safeComponents: [String] = [
        "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10", "ses_01JD2X", "rollout-2026-11-21T08-23-59", "café ✓",
        String(repeating: "a", count: 255), "..hidden-but-not-dotdot", "...",
    ]

    @Test(arguments: hostileComponents)
    func hostileNamesAreNotSafeComponents(_ name: String) {
        #expect(!IDShapes.isSafeComponent(name), "accepted \(name.debugDescription)")
    }

    @Test(arguments: safeComponents)
    func ordinaryNamesAreSafeComponents(_ name: String) {
        #expect(IDShapes.isSafeComponent(name))
    }

    /// A 50 MB single line is one line, read with a buffer that grows to fit it (and no more than twice its size).
    @Test func lineReaderReadsA50MBSingleLine() throws {
        let dir = TempDir()
        let path = dir.file("one-line.jsonl")
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20)
        bytes += Array("\nsecond\n".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        var lengths: [Int] = []
        try LineReader.forEachLine(path: path) { line, _ in
            lengths.append(line.count)
            return true
        }
        #expect(lengths == [50 << 20, 6])
        #expect(LineReader.firstLine(path: path, limit: 1 << 20)?.count == 1 << 20)
    }

    /// Our own files are read only when they are regular files: a FIFO would block for ever, /dev/zero never ends.
    @Test func atomicReadRefusesSpecialFiles() throws {
        let dir = TempDir()
        let fifo = dir.file("state.json")
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: SessionError.self) { try AtomicFile.read(fifo) }
        do {
            _ = try AtomicFile.read(fifo)
        } catch {
            #expect(ToolError(error).code == .dataError && error.message.contains("not a regular file"))
        }
        let zero = dir.file("zero.json")
        try FileManager.default.createSymbolicLink(atPath: zero, withDestinationPath: "/dev/zero")
        do {
            _ = try JSONFile.read(zero)
            Issue.record("read /dev/zero")
        } catch {
            #expect(ToolError(error).code == .dataError && error.file == zero)
        }
    }

    /// A file replaced while another process holds it open keeps the reader's view whole (rename, never in place).
    @Test func atomicWriteNeverChangesAnOpenFileInPlace() throws {
        let dir = TempDir()
        let path = dir.file("f.json")
        try AtomicFile.write(Array("old\n".utf8), to: path)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        try AtomicFile.write(Array("new content\n".utf8), to: path)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(fd, &buffer, 64)
        #expect(Array(buffer[0..<max(0, n)]) == Array("old\n".utf8))
        #expect(try AtomicFile.read(path) == Array("new content\n".utf8))
    }
}
