/// Where the checkpoint lives in a project (save-state writes, load-state reads, the hooks and git anchors look).
public enum CheckpointFiles {
    public static let state = ".claude/claude-state.json"
    public static let progress = ".claude/claude-progress.md"
    public static let historyFolder = ".claude/state-history"
}
