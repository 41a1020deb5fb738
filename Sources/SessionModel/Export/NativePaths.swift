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

/// Where Claude Code keeps sessions (agent-stores.md §1.1–1.2).
public enum ClaudePaths {
    /// `$CLAUDE_CONFIG_DIR`, else `~/.claude` (the store's own rule).
    public static func root(_ context: ToolContext) -> String { ClaudeStore(context: context).root }

    /// The project folder name `<enc>` of a physical path (ClaudeProjectFolder, agent-stores.md §1.2).
    public static func projectFolderName(_ path: String) -> String { ClaudeProjectFolder.encode(path) }

    /// `<root>/projects/<enc>/<id>.jsonl` for a project at `projectPath` (physical), as the store finds it
    /// (`CLAUDE_CODE_PROJECT_DIR_NAME` honoured).
    public static func transcript(_ context: ToolContext, projectPath: String, id: String) -> String {
        ClaudeStore(context: context).projectFolder(for: projectPath) + "/" + id + ".jsonl"
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
    /// `$CODEX_HOME`, else `~/.codex` (the store's own rule).
    public static func root(_ context: ToolContext) -> String { CodexStore(context: context).root }

    /// `sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl` in local time of `date`.
    public static func newRollout(_ context: ToolContext, id: String, date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&t, &parts)
        let y = Timestamps.digits(Int(parts.tm_year) + 1900, 4)
        let mo = Timestamps.digits(Int(parts.tm_mon) + 1, 2)
        let d = Timestamps.digits(Int(parts.tm_mday), 2)
        let time = [parts.tm_hour, parts.tm_min, parts.tm_sec].map { Timestamps.digits(Int($0), 2) }
            .joined(separator: "-")
        return root(context) + "/sessions/\(y)/\(mo)/\(d)/rollout-\(y)-\(mo)-\(d)T\(time)-\(id).jsonl"
    }

    /// Every rollout of `id`, live (`sessions/Y/M/D/`) or archived.
    public static func existingRollouts(_ context: ToolContext, id: String) -> [String] {
        var hits: [String] = []
        let sessions = root(context) + "/sessions"
        for y in FileInfo.list(sessions).sorted() {
            for m in FileInfo.list(sessions + "/" + y).sorted() {
                for d in FileInfo.list(sessions + "/" + y + "/" + m).sorted() {
                    let dir = sessions + "/" + y + "/" + m + "/" + d
                    for f in FileInfo.list(dir).sorted() where CodexRolloutName.id(f) == id {
                        hits.append(dir + "/" + f)
                    }
                }
            }
        }
        let archived = root(context) + "/archived_sessions"
        for f in FileInfo.list(archived).sorted() where CodexRolloutName.id(f) == id {
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
        try Containment.check(registry, inside: root(context))
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
                    String(decoding: $0, as: UTF8.self).trimmed(.whitespacesAndNewlines)
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
        try Containment.check(folder: folder + "/chats", inside: root(context))
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

    private func hex64(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    public mutating func hex(_ count: Int) -> String {
        var s = ""
        while s.count < count { s += hex64(next64()) }
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
