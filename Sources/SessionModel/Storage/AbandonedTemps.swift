/// Temp files of writers killed mid-write. Every temp file of ours carries its writer's pid in its name; once that
/// process is gone, the file is abandoned and the next writer removes it. A live writer's file is never touched.
enum AbandonedTemps {
    /// The names in `folder` that `writer` reads a pid from (nil: not a temp file of this kind) and whose process no
    /// longer exists.
    static func names(in folder: String, writer: (String) -> Int32?) -> [String] {
        FileInfo.list(folder).filter { name in
            guard let pid = writer(name) else { return false }
            return PlatformFacts.processIsGone(pid)
        }
    }

    /// Removes `names(in:writer:)`.
    static func remove(in folder: String, writer: (String) -> Int32?) {
        for name in names(in: folder, writer: writer) { PlatformFacts.unlink(folder + "/" + name) }
    }

    /// The pid in `<prefix><pid>-<rest>` (the temp names of `AtomicFile` and `StreamingFile`), nil for other names.
    static func pid(after prefix: String, in name: String, suffix: String = "") -> Int32? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { return nil }
        return pid
    }
}
