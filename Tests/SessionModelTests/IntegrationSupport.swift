import Foundation
import SessionModel

#if canImport(Glibc)
    import Glibc
#endif

/// Every entry under a folder: relative path, type, link target and file bytes. Equal snapshots = nothing changed.
enum TreeSnapshot {
    static func take(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        walk(root, "", &out)
        return out
    }

    static func walk(_ root: String, _ rel: String, _ out: inout [String: String]) {
        let path = rel.isEmpty ? root : root + "/" + rel
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            if !rel.isEmpty { out[rel] = "dir \(info.st_mode & 0o7777)" }
            for name in FileInfo.list(path).sorted() { walk(root, rel.isEmpty ? name : rel + "/" + name, &out) }
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: 4096)
            let n = readlink(path, &buffer, 4095)
            out[rel] = "link " + (n >= 0 ? String(cString: Array(buffer[0..<n]) + [0]) : "?")
        default:
            let bytes = (try? AtomicFile.read(path)) ?? nil
            out[rel] = "file \(info.st_mode & 0o7777) " + ContentHash.of(bytes ?? [])
        }
    }
}
