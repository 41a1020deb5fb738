import Foundation
import SessionModel
import Testing

/// Titles, notes and a saved timestamp full of path tricks: nothing is written outside `.claude/`, and what was
/// given comes back byte for byte.
@Suite struct HardeningHostileNameTests {
    static let hostile: [String] = [
        "../../../../tmp/escaped", "/etc/passwd", "a/b/c", "..", ".", "line one\nline two", "tab\there",
        "back\\slash\\..\\..", "nul\u{0}byte", String(repeating: "x/", count: 2048), "ünïcødé ✓ 🚀 e\u{301}",
        "<!-- html --> **md** `code` [link](javascript:alert(1))", "-- not an option", "--json",
    ]

    @Test func saveStateWritesOnlyIntoItsFolderWhateverTheTextsHold() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        // A previous state whose timestamp is a path: the history copy's name must not follow it.
        try sb.write(
            repo + "/.claude/claude-state.json",
            """
            {"version": "1.0", "timestamp": "../../../../tmp/evil\\n/..\\u0000", "completed": [], "in_progress": [],
             "pending": [], "context": {"notes": "old"}}

            """)
        let tasks = JSONWriter.prettyString(.array(Self.hostile.map { ["content": .string($0), "status": "pending"] }))
        try sb.write("tasks.json", tasks)
        let rootBefore = Set(sb.tree(sb.root).filter { !$0.hasPrefix("repo/") && !$0.hasPrefix("logs") })
        let repoBefore = Set(sb.tree(repo).filter { !$0.hasPrefix(".git/") })

        let notes = Self.hostile.joined(separator: "\n")
        let run = try sb.run(
            "save-state", ["--tasks-json", sb.path("tasks.json"), "--notes", "-", "--force"],
            cwd: repo, stdin: notes)
        #expect(run.status == 0, "\(run.stderr)")

        // Nothing new outside repo/.claude (git's own folder aside).
        let rootAfter = Set(sb.tree(sb.root).filter { !$0.hasPrefix("repo/") && !$0.hasPrefix("logs") })
        #expect(rootAfter == rootBefore, "written outside the project: \(rootAfter.subtracting(rootBefore))")
        let repoAfter = Set(sb.tree(repo).filter { !$0.hasPrefix(".git/") })
        let added = repoAfter.subtracting(repoBefore)
        // .gitignore gets the history folder's line (printed, #13).
        #expect(
            added.allSatisfy { $0.hasPrefix(".claude/") || $0 == ".gitignore" }, "written outside .claude/: \(added)")
        #expect(run.stdout.contains("Added '.claude/state-history/' to .gitignore"))
        for name in FileInfo.list(repo + "/.claude/state-history") {
            #expect(
                name.range(of: #"^claude-state-[0-9TZ]*(unknown)?(-[0-9]+)?\.json$"#, options: .regularExpression)
                    != nil,
                "history file name follows the saved text: \(name)")
        }
        // What was given comes back exactly (NUL, newlines, 4 KB titles included).
        let path = repo + "/.claude/claude-state.json"
        let json = try #require(Hardening.parses(sb.bytes(path)))
        let state = try SessionState(json: json, file: path)
        #expect(state.tasks(.pending).map(\.title) == Self.hostile)
        #expect(state.notes == notes.trimmingCharacters(in: .whitespacesAndNewlines))
        // The markdown brief keeps each hostile title on its own line (newlines cannot forge extra list items).
        let load = try sb.run("load-state", [], cwd: repo)
        #expect(load.status == 0, "\(load.stderr)")
        #expect(!load.stdout.contains("\n- line two"), "a newline in a title forged a list item")
    }

    /// `--repo-root` given a hostile path is resolved, not trusted: a missing folder is 66, a file is 64.
    @Test func hostileRepoRootIsRefusedCleanly() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let missing = try sb.run("save-state", ["--repo-root", "../../../../no/such/folder\nx", "n"], cwd: repo)
        #expect(missing.status == 66, "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        try sb.write("plain-file", "x")
        let file = try sb.run("save-state", ["--repo-root", sb.path("plain-file"), "n"], cwd: repo)
        #expect(file.status == 64, "\(file.stderr)")
        #expect(!FileInfo.exists(sb.path("plain-file") + "/.claude"))
    }
}
