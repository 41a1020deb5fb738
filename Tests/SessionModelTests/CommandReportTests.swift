import Foundation
import TestSupport
import Testing

@testable import SessionModel

/// The reports of save-session, load-state --job / --format todowrite and setup-agents install --summary /
/// generate-commands: each renders its text and its JSON from the one value (sorted keys, a trailing newline).
extension CommandReportTests {
    /// Both forms of `report`, checked for what every report promises.
    static func forms(_ report: some CommandReport) -> (text: String, json: String) {
        let text = written(report, json: false)
        let json = written(report, json: true)
        #expect(json == String(decoding: JSONWriter.pretty(report.json), as: UTF8.self))
        #expect(text.hasSuffix("\n") && json.hasSuffix("\n"))
        // The top-level keys (two spaces in) come sorted.
        let keys = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
            String($0.dropFirst(3).prefix { $0 != "\"" })
        }
        #expect(keys == keys.sorted())
        return (text, json)
    }

    static let current = CurrentSession(
        agent: .claude, id: "11111111-2222-3333-4444-555555555555", rule: "env:CLAUDE_CODE_SESSION_ID")
    static let given = CurrentSession(agent: .codex, id: "abc", rule: "option")

    static func journal(ended: String? = "2026-01-02T00:00:00Z") -> JournalEntry {
        JournalEntry(
            id: "j1", agentSessionID: "abc", agent: "codex", jobID: "job-7", title: "Fix it",
            accomplishments: ["one"], decisions: [], pending: ["two", "three"], bugsFixed: [], errors: [],
            breakthrough: nil, nextPriority: "ship", quality: 8, createdAt: "2026-01-01T00:00:00Z", endedAt: ended,
            totalExchanges: 4, durationMinutes: 12, flow: nil)
    }

    @Test func saveSessionDryRun() {
        var report = SaveSessionCommand.SaveDryRunReport(
            current: Self.current, registry: "/p/docs/.ai/sessions.json", store: .json, exists: false)
        let (text, _) = Self.forms(report)
        #expect(
            text == "Would record claude session \(Self.current.id) in docs/.ai/sessions.json "
                + "(found by env:CLAUDE_CODE_SESSION_ID; dry run: nothing written)\n")
        #expect(report.json["created"] == true && report.json["dry_run"] == true)
        #expect(report.json["detection"] == Self.current.json)
        report.exists = true
        #expect(Self.written(report, json: false).hasPrefix("Would update claude session"))
        #expect(report.json["created"] == false)
    }

    @Test func saveSessionSaved() {
        let recorded = SessionRegistry.RecordResult(
            entry: ["id": "abc", "agent": "codex"], created: true, path: "/p/docs/.ai/sessions.json")
        var report = SaveSessionCommand.SavedReport(
            current: Self.given, recorded: recorded, store: .json, journal: nil,
            metrics: TranscriptMetrics(totalExchanges: nil, durationMinutes: nil, unknownReason: "no transcript"),
            resume: "codex resume abc", gitignoreNote: nil)
        var (text, _) = Self.forms(report)
        #expect(text == "Recorded session abc (codex) in docs/.ai/sessions.json\nResume: codex resume abc\n")
        #expect(report.json["journal"] == .null && report.json["metrics_unknown"] == "no transcript")
        #expect(report.json["gitignore"] == nil && report.json["entry"] == recorded.entry)

        report.current = Self.current
        report.recorded.created = false
        report.gitignoreNote = "Created the journal"
        report.journal = Self.journal()
        report.metrics = TranscriptMetrics(totalExchanges: 4, durationMinutes: 12)
        (text, _) = Self.forms(report)
        #expect(
            text
                == "Found claude session \(Self.current.id) (rule: env:CLAUDE_CODE_SESSION_ID)\n"
                + "Updated session \(Self.current.id) (claude) in docs/.ai/sessions.json\nCreated the journal\n"
                + SaveSessionReport.text(Self.journal(), metrics: report.metrics, resume: "codex resume abc"))
        #expect(text.hasSuffix("  Resume: codex resume abc\n"))
        #expect(report.json["gitignore"] == "Created the journal" && report.json["journal"] == Self.journal().json)
        #expect(report.json["metrics_unknown"] == nil)
    }

    @Test func saveSessionStart() {
        let dry = SaveSessionCommand.StartDryRunReport(current: Self.given, store: .sqlite)
        #expect(
            Self.forms(dry).text
                == "Would open a journal session for codex session abc (sqlite store; dry run: nothing written)\n")
        #expect(dry.json == ["ok": true, "dry_run": true, "agent": "codex", "session_id": "abc", "store": "sqlite"])

        var started = SaveSessionCommand.StartedReport(
            current: Self.given, journalID: "j1", opened: true, store: .json, jobID: nil, gitignoreNote: nil)
        #expect(Self.forms(started).text == "Opened journal session j1 for codex abc\n")
        #expect(started.json["job_id"] == .null && started.json["opened"] == true && started.json["gitignore"] == nil)
        started.current = Self.current
        started.opened = false
        started.jobID = "job-7"
        started.gitignoreNote = "Created the journal"
        #expect(
            Self.forms(started).text
                == "Found claude session \(Self.current.id) (rule: env:CLAUDE_CODE_SESSION_ID)\nCreated the journal\n"
                + "Already open: journal session j1 (job job-7) for claude \(Self.current.id)\n")
        #expect(started.json["job_id"] == "job-7" && started.json["gitignore"] == "Created the journal")
    }

    @Test func saveSessionList() {
        var asked: [String] = []
        let entries: [JSONValue] = [
            [
                "id": "abc", "agent": "codex", "created_at": "2026-01-02", "summary": "did x",
                "tags": .strings(["a", "b"]),
            ],
            ["id": "zzz", "agent": "nobody", "created_at": "2026-01-01"],
        ]
        var report = SaveSessionCommand.RegistryListReport(
            registry: "/p/docs/.ai/sessions.json", sessions: entries, filtered: false,
            resumeCommand: { entry in
                asked.append(entry["id"]?.stringValue ?? "")
                return entry["agent"] == "codex" ? "codex resume abc" : nil
            })
        let text = Self.written(report, json: false)
        #expect(asked.isEmpty)  // the text shows no resume command: none is looked up
        #expect(text == "2026-01-02  codex   abc  did x  [a, b]\n2026-01-01  nobody  zzz\n")
        _ = Self.forms(report)
        let sessions = report.json["sessions"]?.arrayValue ?? []
        #expect(report.json["count"] == 2 && sessions.count == 2)
        #expect(sessions[0]["resume_command"] == "codex resume abc" && sessions[1]["resume_command"] == nil)

        report.sessions = []
        #expect(Self.forms(report).text == "No sessions recorded in docs/.ai/sessions.json\n")
        report.filtered = true
        #expect(
            Self.written(report, json: false) == "No sessions recorded in docs/.ai/sessions.json match the filter\n")
        #expect(report.json["sessions"] == .array([]) && report.json["count"] == 0)
    }

    @Test func saveSessionShow() {
        let entry: JSONValue = [
            "id": "abc", "agent": "codex", "summary": "did x", "created_at": "2026-01-02", "tags": .strings(["a"]),
            "transcript_path": "/t.jsonl", "journal_id": "j1",
        ]
        var report = SaveSessionCommand.ShowReport(entry: entry, resume: "codex resume abc", journal: [Self.journal()])
        let (text, _) = Self.forms(report)
        #expect(
            text
                == "id: abc\nagent: codex\nsummary: did x\ncreated_at: 2026-01-02\ntags: a\ntranscript_path: /t.jsonl\n"
                + "\n" + SaveSessionReport.journalBlock(Self.journal()) + "\nResume: codex resume abc\n")
        #expect(report.json["session"] == entry && report.json["resume_command"] == "codex resume abc")
        #expect(report.json["journal"] == .array([Self.journal().json]))
        report.resume = nil
        report.journal = []
        #expect(Self.forms(report).text.hasSuffix("transcript_path: /t.jsonl\n\nResume: unknown agent 'codex'\n"))
        #expect(report.json["resume_command"] == .null)
    }

    @Test func installMergeDriver() {
        var report = SaveSessionCommand.MergeDriverReport(
            addedAttributes: false, configSet: [], driver: "/bin/save-session merge-driver %O %A %B", dryRun: false)
        #expect(
            Self.forms(report).text
                == "The merge driver is already installed (/bin/save-session merge-driver %O %A %B)\n")
        #expect(report.json["changed"] == false && report.json["config_set"] == .strings([]))
        report.addedAttributes = true
        report.configSet = ["merge.agent-sessions.name"]
        #expect(
            Self.forms(report).text
                == "Added 'docs/.ai/sessions.json merge=agent-sessions' to .gitattributes (commit it)\n"
                + "Set git config merge.agent-sessions.name\n"
                + "docs/.ai/sessions.json now merges as a union of entries by id\n")
        report.dryRun = true
        #expect(
            Self.forms(report).text
                == "Would add 'docs/.ai/sessions.json merge=agent-sessions' to .gitattributes\n"
                + "Would set git config merge.agent-sessions.name\n(dry run: nothing written)\n")
        #expect(
            report.json
                == [
                    "ok": true, "changed": true, "gitattributes_added": true, "dry_run": true,
                    "config_set": .strings(["merge.agent-sessions.name"]),
                    "driver": "/bin/save-session merge-driver %O %A %B",
                ])
    }

    @Test func loadStateJob() {
        var open = Self.journal(ended: nil)
        open.id = "j2"
        open.title = nil
        open.nextPriority = nil
        let report = JobContext.JobReport(job: "job-7", entries: [Self.journal(), open], resume: "codex resume abc")
        let (text, _) = Self.forms(report)
        #expect(
            text
                == """
                # Job job-7: 2 sessions

                ## 1. Fix it
                - Session: j1, codex abc, 2026-01-01T00:00:00Z → 2026-01-02T00:00:00Z, quality 8/10
                - Accomplishments:
                  - one
                - Pending:
                  - two
                  - three
                - Next priority: ship

                ## 2. j2
                - Session: j2, codex abc, 2026-01-01T00:00:00Z → open, quality 8/10
                - Accomplishments:
                  - one
                - Pending:
                  - two
                  - three

                Next: no next priority recorded
                Pending: two; three
                Resume the last session: codex resume abc

                """)
        #expect(report.json["job_id"] == "job-7" && report.json["sessions"]?.arrayValue?.count == 2)
        #expect(report.json["resume_command"] == "codex resume abc")
        let unknown = JobContext.JobReport(job: "j", entries: [], resume: nil)
        #expect(Self.forms(unknown).text == "# Job j: 0 sessions\nResume the last session: unknown\n")
        #expect(unknown.json["resume_command"] == .null)
    }

    @Test func loadStateTodoWrite() {
        let state = SessionState(
            timestamp: "t",
            tasks: [
                TaskItem(title: "b", status: .pending), TaskItem(title: "a", status: .completed, activeForm: "Doing a"),
                TaskItem(title: "c", status: .other("blocked")),
            ],
            branch: nil, lastCommit: nil, lastCommitMessage: nil, modifiedFiles: [], notes: nil)
        let report = LoadStateCommand.TodoWriteReport(state: state)
        let written = Self.written(report, json: false)
        #expect(written == Self.written(report, json: true))
        #expect(
            written
                == "[\n  {\n    \"activeForm\": \"Doing a\",\n    \"content\": \"a\",\n    \"status\": \"completed\"\n  },\n"
                + "  {\n    \"activeForm\": \"b\",\n    \"content\": \"b\",\n    \"status\": \"pending\"\n  }\n]\n")
        #expect(report.note == "1 task with other statuses left out of the TodoWrite list")
        #expect(
            LoadStateCommand.TodoWriteReport(
                state: SessionState(
                    timestamp: "t", tasks: [], branch: nil, lastCommit: nil, lastCommitMessage: nil, modifiedFiles: [],
                    notes: nil)
            ).note == nil)
    }

    @Test func setupAgentsInstallSummary() {
        let action = Installer.Action(verb: "create", kind: "symlink", path: "/h/.claude/skills/x", detail: nil)
        let unchanged = Installer.Action(verb: "unchanged", kind: "symlink", path: "/h/y", detail: nil)
        let actions = SetupAgentsCommand.ActionsReport(
            actions: [action, unchanged], dryRun: false, extra: ["agents": .strings(["claude"])])
        var report = SetupAgentsCommand.SummaryReport(
            actions: actions, agents: ["claude", "codex"], skipped: [], hooks: true, agentNotes: ["Claude: restart"])
        let (text, _) = Self.forms(report)
        #expect(
            text == "Installed skills and slash commands for claude, codex (1 change); hooks: yes.\n  Claude: restart\n"
        )
        #expect(report.json == actions.json)  // --summary --json prints the actions
        report.actions.dryRun = true
        report.actions.actions = [unchanged]
        report.hooks = false
        report.skipped = ["gemini"]
        report.agentNotes = []
        #expect(
            Self.forms(report).text
                == "Would install skills and slash commands for claude, codex (already up to date); hooks: no "
                + "(HOOKS=1 make install, or setup-agents install --hooks, adds them).\n"
                + "Not found, skipped: gemini (setup-agents install --agent NAME installs anyway).\n")
    }

    @Test func setupAgentsGenerateCommands() {
        var report = SetupAgentsCommand.GenerateReport(
            directory: "/r/commands", files: ["/r/commands/claude/a.md", "/r/commands/gemini/a.toml"], check: false)
        #expect(Self.forms(report).text == "wrote claude/a.md\nwrote gemini/a.toml\n")
        #expect(
            report.json
                == [
                    "ok": true, "check": false, "dir": "/r/commands",
                    "written": .strings(["claude/a.md", "gemini/a.toml"]),
                ])
        report.check = true
        #expect(report.outOfDate)
        #expect(Self.forms(report).text == "out of date: claude/a.md\nout of date: gemini/a.toml\n")
        #expect(report.json["ok"] == false && report.json["out_of_date"]?.arrayValue?.count == 2)
        report.files = []
        #expect(!report.outOfDate && Self.written(report, json: false) == "")
        #expect(report.json["ok"] == true)
    }

    /// Only the command line sees `ToolContext`: the core (and Integration/) take an `AgentEnvironment`.
    @Test func toolContextStaysInTheCommandLine() throws {
        let root = RepoRoot.path + "/Sources/SessionModel"
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
        let outside = try files.filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Commands/") }
            .filter { !$0.hasPrefix("CommandLine/") }
            .filter { try String(contentsOfFile: root + "/" + $0, encoding: .utf8).contains("ToolContext") }
        #expect(outside == [])
    }
}
