#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where Codex CLI keeps rollouts (agent-stores.md §2.1).
public enum CodexPaths {
    /// `$CODEX_HOME`, else `~/.codex` (the store's own rule).
    public static func root(_ environment: AgentEnvironment) -> String { CodexStore(environment: environment).root }

    /// `sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl` in local time of `date`.
    public static func newRollout(_ environment: AgentEnvironment, id: String, date: Date) -> String {
        let t = CivilTime(date, local: true)
        let y = Timestamps.digits(t.year, 4)
        let mo = Timestamps.digits(t.month, 2)
        let d = Timestamps.digits(t.day, 2)
        let time = [t.hour, t.minute, t.second].map { Timestamps.digits($0, 2) }.joined(separator: "-")
        return root(environment) + "/sessions/\(y)/\(mo)/\(d)/rollout-\(y)-\(mo)-\(d)T\(time)-\(id).jsonl"
    }

    /// Every rollout of `id`, live (`sessions/Y/M/D/`) or archived.
    public static func existingRollouts(_ environment: AgentEnvironment, id: String) -> [String] {
        var hits: [String] = []
        let sessions = root(environment) + "/sessions"
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
        let archived = root(environment) + "/archived_sessions"
        for f in FileInfo.list(archived).sorted() where CodexRolloutName.id(f) == id {
            hits.append(archived + "/" + f)
        }
        return hits
    }
}
