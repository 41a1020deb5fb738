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

/// The few process facts that differ between Linux and macOS: replacing this process with another program, the
/// path of the running executable, the platform's name.
public enum PlatformProcess {
    /// Replaces this process with `path` (argv[0] = `path`), with exactly `environment`. Returns only when the
    /// exec failed: the error says why (exit 1).
    public static func replace(with path: String, arguments: [String], environment: [String: String]) -> SessionError {
        let argv = CStringArray([path] + arguments)
        let envp = CStringArray(environment.keys.sorted().map { "\($0)=\(environment[$0]!)" })
        // Our output goes straight to the file descriptors (FileDescriptorSink), so nothing is left in a buffer.
        execve(path, argv.pointers, envp.pointers)
        let reason = String(cString: strerror(errno))
        return SessionError(
            .refused, "cannot run \(path): \(reason)",
            hint: "check that it is an executable program")
    }

    /// The absolute, physical path of the running executable; nil when the system will not say.
    public static func executablePath() -> String? {
        #if os(Linux)
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink("/proc/self/exe", &buffer, Int(PATH_MAX))
            guard n > 0 else { return nil }
            return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #elseif canImport(Darwin)
            var size: UInt32 = 0
            _ = _NSGetExecutablePath(nil, &size)
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            guard _NSGetExecutablePath(&buffer, &size) == 0 else { return nil }
            let length = buffer.firstIndex(of: 0) ?? buffer.count
            return Paths.physical(String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        #else
            return nil
        #endif
    }

    /// True on macOS (where agents keep some stores under `~/Library`).
    public static var isMacOS: Bool {
        #if os(macOS)
            return true
        #else
            return false
        #endif
    }

    /// `linux-x86_64`, `macos-arm64`, …
    public static var name: String {
        #if os(Linux)
            let system = "linux"
        #elseif os(macOS)
            let system = "macos"
        #else
            let system = "unknown"
        #endif
        #if arch(x86_64)
            let machine = "x86_64"
        #elseif arch(arm64)
            let machine = "arm64"
        #else
            let machine = "unknown"
        #endif
        return system + "-" + machine
    }
}
