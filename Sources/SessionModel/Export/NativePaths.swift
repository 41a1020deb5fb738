import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where Claude Code keeps sessions (agent-stores.md §1.1–1.2).
public enum ClaudePaths {
    /// `$CLAUDE_CONFIG_DIR`, else `~/.claude`.
    public static func root(_ context: ToolContext) -> String {
        if let dir = context.environment["CLAUDE_CONFIG_DIR"], !dir.isEmpty { return context.absolute(dir) }
        return context.home + "/.claude"
    }

    /// The project folder name `<enc>` of a physical path: every UTF-16 unit outside `[A-Za-z0-9]` becomes `-`;
    /// past 200 units, the first 200 + `-` + base36 of |Java hashCode of the whole path|.
    public static func projectFolderName(_ path: String) -> String {
        let units = Array(path.utf16)
        var out = String.UnicodeScalarView()
        for u in units.prefix(200) {
            let ascii = (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A)
            out.append(ascii ? Unicode.Scalar(UInt8(u)) : "-")
        }
        var name = String(out)
        if units.count > 200 {
            var h: Int32 = 0
            for u in units { h = h &* 31 &+ Int32(u) }
            name += "-" + String(abs(Int64(h)), radix: 36)
        }
        return name
    }

    /// `<root>/projects/<enc>/<id>.jsonl` for a project at `projectPath` (physical).
    public static func transcript(_ context: ToolContext, projectPath: String, id: String) -> String {
        root(context) + "/projects/" + projectFolderName(projectPath) + "/" + id + ".jsonl"
    }

    /// Every transcript named `<id>.jsonl` under `<root>/projects/*/`.
    public static func existingTranscripts(_ context: ToolContext, id: String) -> [String] {
        let projects = root(context) + "/projects"
        return FileInfo.list(projects).sorted().compactMap { folder in
            let p = projects + "/" + folder + "/" + id + ".jsonl"
            return FileInfo.isFile(p) ? p : nil
        }
    }
}

/// Where Codex CLI keeps rollouts (agent-stores.md §2.1).
public enum CodexPaths {
    /// `$CODEX_HOME`, else `~/.codex`.
    public static func root(_ context: ToolContext) -> String {
        if let dir = context.environment["CODEX_HOME"], !dir.isEmpty { return context.absolute(dir) }
        return context.home + "/.codex"
    }

    /// `sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl` in local time of `date`.
    public static func newRollout(_ context: ToolContext, id: String, date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&t, &parts)
        let y = String(format: "%04d", Int(parts.tm_year) + 1900)
        let mo = String(format: "%02d", Int(parts.tm_mon) + 1)
        let d = String(format: "%02d", Int(parts.tm_mday))
        let time = String(format: "%02d-%02d-%02d", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return root(context) + "/sessions/\(y)/\(mo)/\(d)/rollout-\(y)-\(mo)-\(d)T\(time)-\(id).jsonl"
    }

    /// Every rollout of `id`, live (`sessions/Y/M/D/`) or archived.
    public static func existingRollouts(_ context: ToolContext, id: String) -> [String] {
        let suffix = "-" + id + ".jsonl"
        var hits: [String] = []
        let sessions = root(context) + "/sessions"
        for y in FileInfo.list(sessions).sorted() {
            for m in FileInfo.list(sessions + "/" + y).sorted() {
                for d in FileInfo.list(sessions + "/" + y + "/" + m).sorted() {
                    let dir = sessions + "/" + y + "/" + m + "/" + d
                    for f in FileInfo.list(dir).sorted() where f.hasPrefix("rollout-") && f.hasSuffix(suffix) {
                        hits.append(dir + "/" + f)
                    }
                }
            }
        }
        let archived = root(context) + "/archived_sessions"
        for f in FileInfo.list(archived).sorted() where f.hasPrefix("rollout-") && f.hasSuffix(suffix) {
            hits.append(archived + "/" + f)
        }
        return hits
    }
}

/// Where Gemini CLI keeps chats (agent-stores.md §3).
public enum GeminiPaths {
    /// `~/.gemini` (with `GEMINI_CLI_HOME` in place of the home folder).
    public static func root(_ context: ToolContext) -> String {
        if let home = context.environment["GEMINI_CLI_HOME"], !home.isEmpty {
            return context.absolute(home) + "/.gemini"
        }
        return context.home + "/.gemini"
    }

    /// The 2026 slug of a project root: basename lowercased, `[^a-z0-9]` → `-`, runs collapsed, ends trimmed.
    public static func baseSlug(_ projectRoot: String) -> String {
        var out = ""
        var hyphen = false
        for ch in Paths.basename(projectRoot).lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
                if hyphen && !out.isEmpty { out.append("-") }
                hyphen = false
                out.unicodeScalars.append(ch)
            } else {
                hyphen = true
            }
        }
        return out.isEmpty ? "project" : out
    }

    /// The project's temp folder `~/.gemini/tmp/<slug>/`, registering the project in `projects.json` (and the
    /// `.project_root` marker) when it is not there yet, as Gemini CLI does.
    public static func projectFolder(_ context: ToolContext, projectRoot: String) throws -> String {
        let registry = root(context) + "/projects.json"
        let lock = try FileLock.acquire(for: registry, timeout: FileLock.timeout(environment: context.environment))
        defer { lock.release() }
        var json = try JSONFile.read(registry) ?? ["projects": [:]]
        var projects = json["projects"]?.objectValue ?? [:]
        if let slug = projects[projectRoot]?.stringValue, IDShapes.isSafeComponent(slug) {
            return root(context) + "/tmp/" + slug
        }
        let used = Set(projects.values.compactMap(\.stringValue))
        let base = baseSlug(projectRoot)
        var slug = base
        var n = 0
        while used.contains(slug)
            || (FileInfo.exists(root(context) + "/tmp/" + slug)
                && (try? AtomicFile.read(root(context) + "/tmp/" + slug + "/.project_root")).flatMap { $0 }.map {
                    String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                } != projectRoot)
        {
            n += 1
            slug = "\(base)-\(n)"
        }
        projects[projectRoot] = .string(slug)
        if case .object(var o) = json {
            o["projects"] = .object(projects)
            json = .object(o)
        }
        let folder = root(context) + "/tmp/" + slug
        try FileInfo.makeDirectory(folder)
        if !FileInfo.exists(folder + "/.project_root") {
            try AtomicFile.write(projectRoot, to: folder + "/.project_root")
        }
        try JSONFile.write(json, to: registry)
        return folder
    }

    /// `chats/session-<YYYY-MM-DDTHH-MM>-<id[0:8]>.jsonl` (UTC of `date`).
    public static func chatFileName(id: String, date: Date) -> String {
        let stamp = ExportNaming.datePrefix(nil, fallback: date)  // YYYY-MM-DD-HH-MM
        let b = Array(stamp.utf8)
        let iso = String(decoding: b[0..<10], as: UTF8.self) + "T" + String(decoding: b[11..<16], as: UTF8.self)
        return "session-\(iso)-\(id.prefix(8)).jsonl"
    }
}

/// SHA-256 (FIPS 180-4), for Gemini's `projectHash`. Foundation on Linux has no CryptoKit.
public enum SHA256 {
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public static func hex(_ text: String) -> String {
        digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
        ]
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8((bitLength >> (UInt64(i) * 8)) & 0xFF)) }
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] =
                    UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16 | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                hh = g
                g = f
                f = e
                e = d &+ t1
                d = c
                c = b
                b = a
                a = t1 &+ t2
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
            h[5] = h[5] &+ f
            h[6] = h[6] &+ g
            h[7] = h[7] &+ hh
        }
        return h.flatMap { v in (0..<4).map { UInt8((v >> (24 - UInt32($0) * 8)) & 0xFF) } }
    }

    @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}

/// Reproducible ids (UUID-shaped, hex) from a seed: converted files come out the same for the same input.
public struct IDGenerator {
    var state: UInt64

    public init(seed: String) {
        var h: UInt64 = 0xcbf29ce484222325
        for b in seed.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        state = h
    }

    public mutating func next64() -> UInt64 {
        state = state &+ 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    public mutating func hex(_ count: Int) -> String {
        var s = ""
        while s.count < count { s += String(format: "%016llx", next64()) }
        return String(s.prefix(count))
    }

    /// A version-4-shaped UUID.
    public mutating func uuid() -> String {
        let h = Array(hex(32))
        var chars = h
        chars[12] = "4"
        chars[16] = Array("89ab")[Int(String(h[16]), radix: 16)! % 4]
        let s = String(chars)
        let b = Array(s)
        return String(b[0..<8]) + "-" + String(b[8..<12]) + "-" + String(b[12..<16]) + "-" + String(b[16..<20]) + "-"
            + String(b[20..<32])
    }
}
