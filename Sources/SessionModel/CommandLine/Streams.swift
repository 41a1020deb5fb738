#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a tool writes text. The live sinks write to file descriptors; tests capture into memory.
public protocol OutputSink: AnyObject, Sendable {
    func write(_ bytes: [UInt8])
    var isTerminal: Bool { get }
    /// The terminal's width when the sink is one.
    var columns: Int? { get }
}

extension OutputSink {
    public var columns: Int? { nil }
    public func write(_ text: String) { write(Array(text.utf8)) }
    public func line(_ text: String = "") { write(text + "\n") }
}

/// Writes straight to a file descriptor (no buffering beyond one call).
public final class FileDescriptorSink: OutputSink {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }

    public func write(_ bytes: [UInt8]) {
        // ignored: EPIPE and friends: the reader went away; nothing useful to do
        try? FileCalls.writeAll(fd, bytes)
    }

    public var isTerminal: Bool { PlatformFacts.isTerminal(fd) }
    public var columns: Int? { Terminal.columns(fd: fd) }
}

/// Collects output in memory; thread-safe. Used by tests.
public final class BufferSink: OutputSink, @unchecked Sendable {
    private let lock = PlatformLock()
    private var bytes: [UInt8] = []
    public let isTerminal: Bool

    public init(isTerminal: Bool = false) { self.isTerminal = isTerminal }

    public func write(_ bytes: [UInt8]) {
        lock.lock()
        self.bytes.append(contentsOf: bytes)
        lock.unlock()
    }

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Where a tool reads standard input from.
public protocol InputSource: Sendable {
    /// Everything on the input, or nil when nothing arrives within `timeout` seconds (nil timeout = wait for EOF).
    func readAll(timeout: Double?) -> [UInt8]?
    var isTerminal: Bool { get }
}

public struct BytesInput: InputSource {
    public var bytes: [UInt8]?
    public init(_ bytes: [UInt8]?) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }
    public func readAll(timeout: Double?) -> [UInt8]? { bytes }
    public var isTerminal: Bool { false }
}

public struct FileDescriptorInput: InputSource {
    public let fd: Int32
    public init(fd: Int32) { self.fd = fd }

    public var isTerminal: Bool { PlatformFacts.isTerminal(fd) }

    /// With a `timeout`, the whole read ends by the deadline, even when the writer keeps the pipe open after
    /// writing part of its input (a hook must never hang); nil when nothing arrived by then.
    public func readAll(timeout: Double?) -> [UInt8]? {
        if isTerminal { return nil }
        let deadline = timeout.map { Monotonic.now() + max(0, $0) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while result.count <= 64 << 20 {  // a payload is small; never hold more than 64 MiB
            if let deadline {
                let left = deadline - Monotonic.now()
                if left <= 0 { break }
                let readiness = FileCalls.waitForInput(fd, milliseconds: Int32(left * 1000) + 1)
                if readiness == .interrupted { continue }
                if readiness != .ready { break }
            }
            let n = buffer.withUnsafeMutableBytes {
                // ignored: a read error ends the input as its end does
                (try? FileCalls.read(fd, into: $0.baseAddress!, count: 65536)) ?? 0
            }
            if n == 0 { break }
            result.append(contentsOf: buffer[0..<n])
        }
        if deadline != nil && result.isEmpty { return nil }
        return result
    }
}
