import Foundation
import Testing

@testable import SessionModel

/// The pure rules behind #13: which commits are bookkeeping, and the 8 KB cut of load-state's brief.
@Suite struct CheckpointCycleUnitTests {
    @Test func bookkeepingCommitsTouchOnlyTheStateFiles() {
        #expect(StateAnchor.isBookkeeping([".claude/claude-state.json", ".claude/claude-progress.md"]))
        #expect(StateAnchor.isBookkeeping([".claude/claude-state.json", ".gitignore"]))
        #expect(StateAnchor.isBookkeeping([".claude/state-history/claude-state-1.json"]))
        #expect(!StateAnchor.isBookkeeping([".claude/claude-state.json", "src/main.swift"]))
        #expect(!StateAnchor.isBookkeeping([".gitignore"]))  // a user's own ignore change is work
        #expect(!StateAnchor.isBookkeeping([]))  // a merge or an empty commit is work
        #expect(!StateAnchor.isBookkeeping(["sub/.claude/claude-state.json"]))
    }

    @Test func briefCutsTasksAndNotesAtALineEndAndSaysWhere() {
        let short = "\n## Notes\nshort\n"
        #expect(StateBrief.cut(short, to: 100) == short)
        let long = String(repeating: "0123456789\n", count: 100)  // 1,100 bytes
        let cut = StateBrief.cut(long, to: 105)
        #expect(cut.hasPrefix(String(repeating: "0123456789\n", count: 9) + "\n… 1001 more bytes"))
        #expect(cut.contains(".claude/claude-progress.md"))
        // One long line is cut inside it, on a character boundary.
        let wide = String(repeating: "é", count: 100)  // 200 bytes
        let inside = StateBrief.cut(wide, to: 51)
        #expect(inside.hasPrefix(String(repeating: "é", count: 25) + "\n"))
        #expect(inside.contains("150 more bytes"))
    }

    @Test func markdownKeepsSinceThenAfterTheCut() {
        let state = SessionState(
            timestamp: "2026-11-21T08:00:00Z", tasks: [TaskItem(title: "T", status: .pending)], branch: "main",
            lastCommit: nil, lastCommitMessage: nil, modifiedFiles: [],
            notes: String(repeating: "n", count: 20_000))
        let text = StateBrief.markdown(
            state, changes: StateChanges(git: true, currentBranch: "main"), now: Date(),
            budget: StateBrief.taskNotesBudget)
        #expect(text.utf8.count < StateBrief.taskNotesBudget + 600)
        #expect(text.contains("- T\n"))
        #expect(text.hasSuffix("## Since then\n- Nothing changed in git.\n"))
    }
}
