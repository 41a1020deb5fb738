import Foundation
import Testing

@testable import SessionModel

@Suite struct TaskListParserTests {
    static let shapes: [(String, [TaskItem])] = [
        (
            #"[{"content":"Write parser","status":"completed","activeForm":"Writing parser"},{"content":"Wire CLI","status":"in_progress"},{"content":"Test","status":"pending"}]"#,
            [
                TaskItem(title: "Write parser", status: .completed, activeForm: "Writing parser"),
                TaskItem(title: "Wire CLI", status: .inProgress), TaskItem(title: "Test", status: .pending),
            ]
        ),
        (#"{"todos":[{"content":"A","status":"cancelled"}]}"#, [TaskItem(title: "A", status: .other("cancelled"))]),
        (
            #"[{"id":"1","subject":"Write the parser","description":"Parse JSONL","activeForm":"Writing the parser","status":"in_progress","blocks":[],"blockedBy":[]}]"#,
            [
                TaskItem(
                    title: "Write the parser", status: .inProgress, notes: "Parse JSONL",
                    activeForm: "Writing the parser")
            ]
        ),
        (
            #"{"completed":["A"],"in_progress":[{"content":"B","notes":"half done"}],"pending":["C","D"]}"#,
            [
                TaskItem(title: "A", status: .completed), TaskItem(title: "B", status: .inProgress, notes: "half done"),
                TaskItem(title: "C", status: .pending), TaskItem(title: "D", status: .pending),
            ]
        ),
        (
            #"{"explanation":"x","plan":[{"step":"Plan","status":"completed"},{"step":"Build","status":"in_progress"}]}"#,
            [TaskItem(title: "Plan", status: .completed), TaskItem(title: "Build", status: .inProgress)]
        ),
        (
            #"{"todos":[{"description":"Gemini task","status":"blocked"}]}"#,
            [TaskItem(title: "Gemini task", status: .other("blocked"))]
        ),
        ("[]", []),
    ]

    @Test(arguments: shapes)
    func parsesEveryAcceptedShape(_ text: String, _ expected: [TaskItem]) throws {
        #expect(try TaskListParser.parse(JSONParser.parse(text), source: "t.json") == expected)
    }

    static let bad: [(String, String)] = [
        (#"{"foo":1}"#, "not a task list; expected"),
        (#"[{"status":"pending"}]"#, "task 1 has no text"),
        (#"[1]"#, "task 1 must be a string or an object, found number"),
        (#"{"todos":{}}"#, "\"todos\" must be an array, found object"),
        (#""x""#, "not a task list (found string)"),
    ]

    @Test(arguments: bad)
    func rejectsWithAReason(_ text: String, _ message: String) throws {
        let json = try JSONParser.parse(text)
        #expect {
            _ = try TaskListParser.parse(json, source: "t.json")
        } throws: { error in
            guard let e = (error as? SessionError).map({ ToolError($0) }) else { return false }
            return e.code == .dataError && e.message.hasPrefix(message) && e.file == "t.json"
        }
    }

    @Test func statusWordsMap() {
        #expect(TaskItem.Status("done") == .completed)
        #expect(TaskItem.Status("in-progress") == .inProgress)
        #expect(TaskItem.Status("todo") == .pending)
        #expect(TaskItem.Status("Cancelled") == .other("Cancelled"))
    }
}

@Suite struct StateRenderingTests {
    static let full = SessionState(
        timestamp: "2026-11-21T08:15:44Z",
        tasks: [
            TaskItem(title: "Write the parser", status: .completed),
            TaskItem(
                title: "Wire the CLI", status: .inProgress, notes: "flags done,\nhelp missing",
                activeForm: "Wiring the CLI"),
            TaskItem(title: "Add tests", status: .pending),
            TaskItem(title: "Port to Windows", status: .other("cancelled")),
        ],
        branch: "feature/x", lastCommit: "0123456789abcdef0123456789abcdef01234567",
        lastCommitMessage: "Add \"parser\"", modifiedFiles: ["a.swift", "b.swift"],
        notes: "Remember the edge case.\nSecond line.")

    static let empty = SessionState(
        timestamp: "2026-11-21T08:15:44Z", tasks: [], branch: nil, lastCommit: nil,
        lastCommitMessage: nil, modifiedFiles: [], notes: nil, git: false)

    @Test func progressMarkdownMatchesTheGoldenFiles() throws {
        try Fixtures.expectGolden(ProgressRenderer.render(Self.full), "state/progress-full.md")
        try Fixtures.expectGolden(ProgressRenderer.render(Self.empty), "state/progress-empty-nogit.md")
    }

    @Test func stateJSONMatchesTheGoldenFileAndReadsBack() throws {
        let text = JSONWriter.prettyString(Self.full.json)
        try Fixtures.expectGolden(text, "state/claude-state-full.json")
        let back = try SessionState(json: JSONParser.parse(text), file: "x")
        #expect(back == Self.full)
    }

    @Test func readsTheSeedSchemaWithoutExtras() throws {
        let seed =
            #"{"version":"1.0","timestamp":"2025-01-01T00:00:00Z","completed":["a"],"in_progress":["b"],"pending":["c"],"context":{"branch":"main","last_commit":"abc","last_commit_message":"m","modified_files":["x"],"notes":"n"}}"#
        let state = try SessionState(json: JSONParser.parse(seed), file: "seed.json")
        #expect(state.tasks.map(\.title) == ["a", "b", "c"])
        #expect(state.branch == "main")
        #expect(state.notes == "n")
        #expect(state.git)
    }

    @Test func wrongTypesAreDataErrorsNamingTheKey() throws {
        let bad = #"{"version":"1.0","timestamp":"t","completed":"a"}"#
        #expect {
            _ = try SessionState(json: JSONParser.parse(bad), file: "s.json")
        } throws: { ($0 as? SessionError)?.message == "\"completed\" must be an array, found string" }
    }
}

@Suite struct StalenessTests {
    static let saved = SessionState(
        timestamp: "2026-11-21T08:00:00Z",
        tasks: [
            TaskItem(title: "Ship it", status: .inProgress), TaskItem(title: "Write docs", status: .pending),
            TaskItem(title: "Done thing", status: .completed),
        ],
        branch: "main", lastCommit: "1111111111111111111111111111111111111111", lastCommitMessage: "base",
        modifiedFiles: ["a"], notes: nil)

    @Test func droppedTasksAreTheUnfinishedOnesMissingFromTheNewList() {
        let new = [TaskItem(title: "  ship   IT ", status: .completed)]
        #expect(StateRules.droppedTasks(old: Self.saved, new: new).map(\.title) == ["Write docs"])
        #expect(
            StateRules.droppedTasks(
                old: Self.saved, new: new + [TaskItem(title: "write docs", status: .other("cancelled"))]
            ).isEmpty)
    }

    @Test func briefSaysWhatChanged() throws {
        let changes = StateChanges(
            git: true, currentBranch: "other", currentHead: "2222222222222222222222222222222222222222",
            commitsSince: [
                GitCommit(hash: "2222222222222222222222222222222222222222", shortHash: "2222222", subject: "later work")
            ],
            moreCommits: false, headContainsSavedCommit: false, savedCommitMissing: false, modifiedNow: ["a", "b"])
        let now = Timestamps.parse("2026-11-21T11:00:00Z")!
        try Fixtures.expectGolden(StateBrief.markdown(Self.saved, changes: changes, now: now), "state/brief-changed.md")
        let quiet = StateChanges(
            git: true, currentBranch: "main", currentHead: Self.saved.lastCommit, modifiedNow: ["a"])
        let text = StateBrief.markdown(Self.saved, changes: quiet, now: now)
        #expect(text.contains("- Nothing changed in git."))
        #expect(text.contains("(3 hours ago)"))
    }

    @Test func briefReportsAMissingSavedCommitAndManyCommits() {
        var changes = StateChanges(git: true, currentBranch: "main", currentHead: "x", savedCommitMissing: true)
        changes.headContainsSavedCommit = false
        var text = StateBrief.markdown(Self.saved, changes: changes, now: Date())
        #expect(text.contains("The saved commit 1111111 no longer exists here."))
        changes = StateChanges(
            git: true, currentBranch: "main", currentHead: "x",
            commitsSince: (0..<10).map { GitCommit(hash: "\($0)", shortHash: "\($0)", subject: "c\($0)") },
            moreCommits: true, modifiedNow: ["a"])
        text = StateBrief.markdown(Self.saved, changes: changes, now: Date())
        #expect(text.contains("- More than 10 new commits:"))
        #expect(!text.contains("no longer"))
    }

    @Test func todoWriteListsTheThreeStatusesOnly() {
        var state = Self.saved
        state.tasks.append(TaskItem(title: "Dropped", status: .other("cancelled")))
        let list = StateBrief.todoWrite(state).arrayValue ?? []
        #expect(list.compactMap { $0["content"]?.stringValue } == ["Done thing", "Ship it", "Write docs"])
        #expect(list.compactMap { $0["status"]?.stringValue } == ["completed", "in_progress", "pending"])
        #expect(list.allSatisfy { $0["activeForm"]?.stringValue != nil })
    }

    @Test func gitStatusParsing() {
        let text =
            "# branch.oid abc\0# branch.head (detached)\0" + "1 .M N... 100644 100644 100644 h1 h2 src/a b.swift\0"
            + "2 R. N... 100644 100644 100644 h1 h2 R100 new name\0old name\0" + "? untracked.txt\0" + "! ignored\0"
            + "u UU N... 100644 100644 100644 100644 h1 h2 h3 conflict.txt\0"
        let status = Git.parseStatus(text)
        #expect(status.head == "abc")
        #expect(status.branch == nil)
        #expect(status.detached)
        #expect(status.changedFiles == ["src/a b.swift", "new name", "untracked.txt", "conflict.txt"])
        let unborn = Git.parseStatus("# branch.oid (initial)\0# branch.head main\0")
        #expect(unborn.head == nil && unborn.branch == "main" && !unborn.detached)
    }
}
