/// The containment rule of every write: a file written below a root (the project, or an agent's store) stays
/// inside that root. A symlink on the way (a folder git brought in as a link, a planted link) that leads outside
/// is refused with 73 naming the link and where it points; a link that stays inside is followed.
/// A folder the user names explicitly (`--out DIR`) is not checked: it may be anywhere.
public enum Containment {
    /// Refuses (73) when a folder on the way to the file `path`, below `root`, is a symlink whose target lies
    /// outside `root`. The file itself is not judged here: the writers refuse to replace a symlink (`AtomicFile`),
    /// and lock files are opened without following one (`FileLock`). A `path` not below `root` is not checked.
    public static func check(_ path: String, inside root: String) throws(SessionError) {
        try check(folder: Paths.dirname(Paths.normalize(path)), inside: root)
    }

    /// As `check(_:inside:)` for a folder to write in: every component of `folder` below `root`, itself included.
    public static func check(folder: String, inside root: String) throws(SessionError) {
        let base = Paths.normalize(root)
        let full = Paths.normalize(folder)
        let prefix = base == "/" ? "/" : base + "/"
        guard full.hasPrefix(prefix) || full == base else { return }
        let physicalRoot = Paths.physical(base)
        var current = base
        for part in full.dropFirst(min(prefix.count, full.count)).split(separator: "/") {
            current = current == "/" ? "/" + part : current + "/" + part
            switch FileInfo.kind(current) {
            case .missing:
                return  // the rest is created by us, as real folders
            case .symlink:
                let target = readLink(current) ?? "?"
                let resolved = resolve(current)
                if !isInside(resolved, physicalRoot) {
                    throw SessionError(
                        .cannotCreate,
                        "is a symbolic link to \(target) (\(resolved)), outside \(physicalRoot); refusing to write through it",
                        hint: "replace the link with a real folder, or remove it", file: current)
                }
            default:
                continue
            }
        }
    }

    /// Whether `path` (physical) is `root` or below it.
    public static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// Where a link leads: its real path, or for a dangling link its target made absolute (lexically).
    static func resolve(_ link: String) -> String {
        if FileInfo.kind(link, followLinks: true) != .missing { return Paths.physical(link) }
        guard let target = readLink(link) else { return link }
        let absolute = target.hasPrefix("/") ? target : Paths.dirname(link) + "/" + target
        let normal = Paths.normalize(absolute)
        // The longest existing prefix, resolved, so a dangling link into a linked folder is judged by where it lands.
        var head = normal
        var tail: [String] = []
        while head != "/" && FileInfo.kind(head, followLinks: true) == .missing {
            tail.insert(Paths.basename(head), at: 0)
            head = Paths.dirname(head)
        }
        let resolvedHead = Paths.physical(head)
        return tail.isEmpty
            ? resolvedHead : Paths.join(resolvedHead == "/" ? "" : resolvedHead, tail.joined(separator: "/"))
    }

    /// The text of a symlink, nil when `path` is not one.
    public static func readLink(_ path: String) -> String? { PlatformFacts.readLink(path) }
}
