#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where Claude Code keeps sessions (agent-stores.md §1.1–1.2).
public enum ClaudePaths {
    /// `$CLAUDE_CONFIG_DIR`, else `~/.claude` (the store's own rule).
    public static func root(_ environment: AgentEnvironment) -> String { ClaudeStore(environment: environment).root }

    /// The project folder name `<enc>` of a physical path (ClaudeProjectFolder, agent-stores.md §1.2).
    public static func projectFolderName(_ path: String) -> String { ClaudeProjectFolder.encode(path) }

    /// `<root>/projects/<enc>/<id>.jsonl` for a project at `projectPath` (physical), as the store finds it
    /// (`CLAUDE_CODE_PROJECT_DIR_NAME` honoured).
    public static func transcript(_ environment: AgentEnvironment, projectPath: String, id: String) -> String {
        ClaudeStore(environment: environment).projectFolder(for: projectPath) + "/" + id + ".jsonl"
    }

    /// Every transcript named `<id>.jsonl` under `<root>/projects/*/`.
    public static func existingTranscripts(_ environment: AgentEnvironment, id: String) -> [String] {
        let projects = root(environment) + "/projects"
        return FileInfo.list(projects).sorted().compactMap { folder in
            let p = projects + "/" + folder + "/" + id + ".jsonl"
            return FileInfo.isFile(p) ? p : nil
        }
    }
}
