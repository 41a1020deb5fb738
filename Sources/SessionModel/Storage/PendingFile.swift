/// The library's one atomic writer: a file written under no final name, synced, then published under its name in
/// one step, so that a reader sees the old file or the new one, never half of one. `AtomicFile` (replace one file)
/// and `StreamingFile` (a stream whose name is chosen at the end) are both made of it.
///
/// While written the file is either unnamed (Linux `O_TMPFILE`: a killed writer's file is freed by the kernel) or a
/// hidden temp file in the target's folder whose name carries the writer's pid (`TempName`). Publishing renames it
/// over the target (`replacing`) or links it there (never over an existing file), then syncs the folder. A failure
/// or `discard` removes the temp file; a writer killed mid-write leaves nothing (unnamed) or a temp file of a process
/// that no longer exists, which the next writer that names a temp file in that folder removes. An unnamed file never
/// lists its folder.
final class PendingFile {
    /// How a temp file is named.
    enum TempName: Sendable {
        /// Beside one target: `.<name>.tmp-<pid>-<n>` (`AtomicFile`).
        case beside(String)
        /// For a file of a folder whose name is chosen at the end: `.agent-sessions-<pid>-<n>.tmp` (`StreamingFile`).
        case folder

        static let folderPrefix = ".agent-sessions-"
        static let folderSuffix = ".tmp"

        /// A new name of this kind for this process.
        func make() -> String {
            let pid = PlatformFacts.processID
            let n = UInt32.random(in: 0...UInt32.max)
            switch self {
            case .beside(let name): return ".\(name).tmp-\(pid)-\(n)"
            case .folder: return TempName.folderPrefix + "\(pid)-\(n)" + TempName.folderSuffix
            }
        }

        /// The writer's pid when `name` is a temp file of this kind, else nil.
        func writer(of name: String) -> Int32? {
            switch self {
            case .beside(let target): return AbandonedTemps.pid(after: ".\(target).tmp-", in: name)
            case .folder:
                return AbandonedTemps.pid(after: TempName.folderPrefix, in: name, suffix: TempName.folderSuffix)
            }
        }

        /// Any `AtomicFile` temp name, whatever its target: `.<anything>.tmp-<pid>-<digits>`.
        static func anyBeside(_ name: String) -> Int32? {
            guard name.hasPrefix("."), let marker = name.lastRange(ofText: ".tmp-") else { return nil }
            let rest = name[marker.upperBound...]
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { return nil }
            let count = rest[rest.index(after: dash)...]
            return !count.isEmpty && count.allSatisfy(\.isNumber) ? pid : nil
        }
    }

    let folder: String
    let naming: TempName
    /// The open file (read and write: `AtomicFile.Replacement` maps it).
    private(set) var fd: Int32
    /// The named temp file; nil while the file is unnamed.
    private(set) var tempPath: String?
    /// Published or discarded: nothing more to do.
    private(set) var done = false

    /// Opens the file in `folder` (which must exist): unnamed when `unnamed` and the system can, else a new temp
    /// file named by `naming`, created with `mode` (the umask applies).
    init(folder: String, naming: TempName, unnamed: Bool, mode: UInt32) throws(SystemError) {
        self.folder = folder
        self.naming = naming
        if unnamed, let fd = UnnamedFile.open(in: folder, mode: mode) {
            self.fd = fd
            self.tempPath = nil
        } else {
            let temp = folder + "/" + naming.make()
            self.fd = try FileCalls.open(temp, [.read, .write, .create, .exclusive], mode: mode)
            self.tempPath = temp
        }
    }

    deinit { discard() }

    /// Appends `bytes`.
    func write(_ bytes: ArraySlice<UInt8>) throws(SystemError) { try FileCalls.writeAll(fd, bytes) }

    func write(_ bytes: [UInt8]) throws(SystemError) { try FileCalls.writeAll(fd, bytes[...]) }

    /// Everything written is on disk (fsync), with `permissions` first when given (fchmod).
    func sync(permissions: UInt32? = nil) throws(SystemError) {
        if let permissions { try FileCalls.setPermissions(fd, permissions) }
        try FileCalls.sync(fd)
    }

    /// Publishes the file at `path` (in `folder`): `replacing` renames it over whatever is there; otherwise it is
    /// linked there and never replaces anything (EEXIST), or — on a file system without hard links — renamed there
    /// when nothing is. Then the folder is synced and temp files of dead writers of this kind are removed (only when
    /// this writer named one: an unnamed file never lists its folder). Call `sync` first.
    func publish(at path: String, replacing: Bool) throws(SystemError) {
        if replacing {
            if tempPath == nil {
                // rename() replaces, linkat() does not: name the unnamed file first (for an instant), then rename.
                let temp = folder + "/" + naming.make()
                try UnnamedFile.link(fd, to: temp)
                tempPath = temp
            }
            try FileCalls.rename(tempPath!, to: path)
            tempPath = nil
            finish(sweep: true)
            return
        }
        guard let temp = tempPath else {
            try UnnamedFile.link(fd, to: path)
            finish(sweep: false)
            return
        }
        do {
            try FileCalls.link(temp, to: path)
            PlatformFacts.unlink(temp)
        } catch let failure where failure.noHardLinks {
            // No hard links here (some network/FUSE file systems): check, then rename.
            guard FileInfo.kind(path) == .missing else { throw SystemError.alreadyExists }
            try FileCalls.rename(temp, to: path)
        }
        tempPath = nil
        finish(sweep: true)
    }

    private func finish(sweep: Bool) {
        done = true
        FileCalls.close(fd)
        fd = -1
        FileCalls.syncFolder(folder)
        if sweep { AbandonedTemps.remove(in: folder, writer: naming.writer(of:)) }
    }

    /// The temp file removed and nothing published (also on deinit when not published).
    func discard() {
        guard !done else { return }
        done = true
        if fd >= 0 { FileCalls.close(fd) }
        fd = -1
        if let tempPath { PlatformFacts.unlink(tempPath) }
        tempPath = nil
    }
}
