/// Files the tools may keep between runs to go faster, and only that: every one of them can be deleted at any time,
/// one that cannot be read or parsed is ignored (never an error), and none is inside a project (`git status` never
/// sees them). The folder is `$XDG_CACHE_HOME/agent-sessions`, else `$HOME/.cache/agent-sessions`;
/// `AGENT_SESSIONS_NO_CACHE=1` turns caching off (nothing read, nothing written).
enum UserCache {
    /// The cache folder, or nil when caching is off or there is no home to put it in.
    static func folder(_ environment: AgentEnvironment) -> String? {
        let env = environment.variables
        if let off = env["AGENT_SESSIONS_NO_CACHE"], !off.isEmpty, off != "0" { return nil }
        if let xdg = env["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return Paths.join(xdg, "agent-sessions") }
        let home = environment.home
        guard home.hasPrefix("/"), home != "/" else { return nil }
        return Paths.join(home, ".cache", "agent-sessions")
    }

    /// The bytes of cache file `name` (at most `limit`), nil when missing, unreadable or too large.
    static func read(_ environment: AgentEnvironment, _ name: String, limit: Int = 64 << 20) -> [UInt8]? {
        guard let dir = folder(environment) else { return nil }
        // ignored: a cache that cannot be read is a miss (documented above)
        return (try? AtomicFile.read(dir + "/" + name, limit: limit)) ?? nil
    }

    /// Replaces cache file `name` atomically (readers see the old file or the new one, never a torn one; of two
    /// writers the last rename wins). Failures are ignored: a cache is only an optimisation.
    static func write(_ environment: AgentEnvironment, _ name: String, _ bytes: [UInt8]) {
        guard let dir = folder(environment) else { return }
        AtomicFile.removeAbandonedTemps(inFolder: dir)  // a writer killed mid-write leaves its temp file
        // ignored: a cache is only an optimisation (documented above)
        try? AtomicFile.write(bytes, to: dir + "/" + name, defaultMode: 0o600)
    }

    /// Whether a cache file could be written: the cache folder, or the nearest folder above it that exists, is
    /// writable by us (a sandboxed agent often has a read-only HOME). False when caching is off.
    static func canWrite(_ environment: AgentEnvironment) -> Bool {
        guard var dir = folder(environment) else { return false }
        while !FileInfo.exists(dir) {
            let parent = Paths.dirname(dir)
            if parent == dir { return false }
            dir = parent
        }
        return FileInfo.isDirectory(dir) && PlatformFacts.isWritable(dir)
    }

    /// FNV-1a 64-bit of `text`, in hex: a short file name for a cache keyed by a path (the file repeats the path
    /// and is ignored when it is another's).
    static func key(_ text: String) -> String { key(bytes: Array(text.utf8)) }

    static func key(bytes: some Collection<UInt8>) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let done: Void? = bytes.withContiguousStorageIfAvailable { buf in
            for b in buf { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }  // a plain loop over memory: ~1 ns a byte
        }
        if done == nil {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
