#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

public enum Paths {
    public static func absolute(_ path: String, relativeTo base: String) -> String {
        var p = path
        if p.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { p = home + p.dropFirst(1) }
        if p.hasPrefix("/") { return normalize(p) }
        return normalize(base + "/" + p)
    }

    /// Removes `.` and `..` and repeated slashes, lexically.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The physical path: every symlink resolved (realpath). The path itself when it does not exist.
    public static func physical(_ path: String) -> String { PlatformFacts.realPath(path) ?? path }

    public static func join(_ base: String, _ parts: String...) -> String {
        var result = base
        for part in parts where !part.isEmpty {
            if result.hasSuffix("/") { result += part } else { result += "/" + part }
        }
        return result
    }

    public static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` relative to `base` when inside it, else `path` unchanged.
    public static func relative(_ path: String, to base: String) -> String {
        let b = base.hasSuffix("/") ? base : base + "/"
        if path.hasPrefix(b) { return String(path.dropFirst(b.count)) }
        return path
    }
}

/// Small file-system facts used everywhere.
public enum FileInfo {
    public enum Kind: Sendable { case missing, file, directory, symlink, other }

    public static func kind(_ path: String, followLinks: Bool = false) -> Kind {
        FileCalls.status(path, followLinks: followLinks)?.kind ?? .missing
    }

    public static func exists(_ path: String) -> Bool { kind(path, followLinks: true) != .missing }
    public static func isDirectory(_ path: String) -> Bool { kind(path, followLinks: true) == .directory }
    public static func isFile(_ path: String) -> Bool { kind(path, followLinks: true) == .file }

    public static func size(_ path: String) -> Int64? {
        FileCalls.status(path, followLinks: true).map { Int64($0.size) }
    }

    /// Which file a path names: its device and inode (after symlinks).
    public struct Identity: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    /// The device and inode `path` names (following symlinks); nil when it is missing.
    public static func identity(_ path: String) -> Identity? {
        FileCalls.status(path, followLinks: true).map { Identity(device: $0.device, inode: $0.inode) }
    }

    /// Modification time in seconds since 1970.
    public static func modificationTime(_ path: String) -> Double? {
        FileCalls.status(path, followLinks: true)?.modified
    }

    /// Names in a directory (no `.`/`..`), unsorted; empty when it cannot be read.
    public static func list(_ path: String) -> [String] { FolderScan(path)?.names() ?? [] }

    /// Creates a directory and its parents. Throws 73 when it cannot.
    public static func makeDirectory(_ path: String) throws(SessionError) {
        if isDirectory(path) { return }
        if kind(path, followLinks: true) != .missing {
            throw SessionError(.cannotCreate, "cannot create folder: a file is in the way", file: path)
        }
        let parent = Paths.dirname(path)
        if parent != path && parent != "/" && parent != "." { try makeDirectory(parent) }
        do { try FileCalls.makeFolder(path) } catch {
            throw SessionError(.cannotCreate, "cannot create folder: \(error.message)", file: path)
        }
    }
}
