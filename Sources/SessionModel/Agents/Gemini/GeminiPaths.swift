#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where Gemini CLI keeps chats (agent-stores.md §3).
public enum GeminiPaths {
    /// `~/.gemini` (with `GEMINI_CLI_HOME` in place of the home folder; the store's own rule).
    public static func root(_ environment: AgentEnvironment) -> String { GeminiStore(environment: environment).root }

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
    public static func projectFolder(_ environment: AgentEnvironment, projectRoot: String) throws(SessionError)
        -> String
    {
        let registry = root(environment) + "/projects.json"
        try Containment.check(registry, inside: root(environment))
        let lock = try FileLock.acquire(for: registry, timeout: FileLock.timeout(environment: environment.variables))
        defer { lock.release() }
        var json = try JSONFile.read(registry) ?? ["projects": [:]]
        var projects = json["projects"]?.objectValue ?? [:]
        if let slug = projects[projectRoot]?.stringValue, IDShapes.isSafeComponent(slug) {
            return root(environment) + "/tmp/" + slug
        }
        let used = Set(projects.values.compactMap(\.stringValue))
        let base = baseSlug(projectRoot)
        var slug = base
        var n = 0
        while used.contains(slug)
            || (FileInfo.exists(root(environment) + "/tmp/" + slug)
                // ignored: an unreadable .project_root names no project
                && (try? AtomicFile.read(root(environment) + "/tmp/" + slug + "/.project_root")).flatMap { $0 }.map {
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
        let folder = root(environment) + "/tmp/" + slug
        try Containment.check(folder: folder + "/chats", inside: root(environment))
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
