import Foundation
import SessionModel
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Tests/Fixtures/cursor/<relative>.
func cursorFixture(_ relative: String) -> String { RepoRoot.fixture("cursor/" + relative) }

/// A sandbox with stand-in agents: tiny sh scripts on a temp PATH that append their argv (tab-separated, first
/// field `<name>@<version> ppid=<parent pid>`) to `$ARGV_LOG` and exit with `$STANDIN_EXIT` (default 0).
struct Invocation: Equatable {
    var program: String
    var parent: Int32
    var arguments: [String]
}

final class ResumeSandbox {
    let box = Sandbox()
    var bin: String { box.path("bin") }
    var log: String { box.path("argv.log") }
    var shims: String { box.home + "/.local/share/agent-sessions/shims" }
    static let agents = ["claude", "codex", "gemini", "copilot", "agy", "cursor-agent"]

    init() throws {
        for agent in Self.agents { try installStandIn(agent, version: 1) }
    }

    /// (Re)installs a stand-in the way an installer does: a new file replaces the old one. Like the real agents,
    /// claude/copilot/gemini write a session file for `--session-id <id>` and codex writes a rollout when it starts
    /// a new session, in the documented layouts (agent-stores.md), so the native stores find them (unless
    /// `STANDIN_NATIVE=0`).
    func installStandIn(_ name: String, version: Int) throws {
        let path = bin + "/" + name
        // Written to a temp file (O_CLOEXEC) and renamed into place: a write descriptor inherited by a process
        // another test spawns at that moment would make exec fail with "Text file busy".
        try? FileManager.default.removeItem(atPath: path)
        try AtomicFile.write(
            Array(
                """
                #!/bin/sh
                { printf '%s' "\(name)@\(version) ppid=$PPID"; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >> "$ARGV_LOG"
                [ "${STANDIN_NATIVE:-1}" = 0 ] && exit ${STANDIN_EXIT:-0}
                sid=; prev=; first=${1:-}; cwd=$(pwd -P); ts=2026-11-21T08:00:00.000Z
                for a in "$@"; do [ "$prev" = --session-id ] && sid=$a; prev=$a; done
                case \(name) in
                claude) if [ -n "$sid" ]; then
                    d="${CLAUDE_CONFIG_DIR:-$HOME/.claude}/projects/$(printf '%s' "$cwd" | sed 's/[^A-Za-z0-9]/-/g')"; mkdir -p "$d"
                    printf '{"type":"user","uuid":"u1","parentUuid":null,"timestamp":"%s","sessionId":"%s","cwd":"%s","message":{"role":"user","content":"hi"}}\\n' "$ts" "$sid" "$cwd" > "$d/$sid.jsonl"; fi ;;
                copilot) if [ -n "$sid" ]; then
                    d="${COPILOT_HOME:-$HOME/.copilot}/session-state/$sid"; mkdir -p "$d"
                    printf '{"type":"session.start","data":{"sessionId":"%s","version":1,"producer":"copilot-agent","startTime":"%s","context":{"cwd":"%s"}},"id":"e1","timestamp":"%s","parentId":null}\\n' "$sid" "$ts" "$cwd" "$ts" > "$d/events.jsonl"; fi ;;
                gemini) if [ -n "$sid" ]; then
                    slug=$(basename "$cwd" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9][^a-z0-9]*/-/g; s/^-//; s/-$//')
                    root="${GEMINI_CLI_HOME:-$HOME}/.gemini"; d="$root/tmp/$slug/chats"; mkdir -p "$d"
                    printf '%s' "$cwd" > "$root/tmp/$slug/.project_root"
                    [ -f "$root/projects.json" ] || printf '{"projects":{"%s":"%s"}}\\n' "$cwd" "$slug" > "$root/projects.json"
                    printf '{"sessionId":"%s","projectHash":"%s","startTime":"%s","lastUpdated":"%s","kind":"main"}\\n{"id":"m1","timestamp":"%s","type":"user","content":"hi"}\\n' "$sid" "$slug" "$ts" "$ts" "$ts" > "$d/session-2026-11-21T08-00-$(printf '%s' "$sid" | cut -c1-8).jsonl"; fi ;;
                codex) if [ "$first" != resume ]; then
                    sid="019a0000-0000-7000-8000-$(printf '%012d' $$)"; d="${CODEX_HOME:-$HOME/.codex}/sessions/2026/11/21"; mkdir -p "$d"
                    printf '{"timestamp":"%s","type":"session_meta","payload":{"id":"%s","timestamp":"%s","cwd":"%s","originator":"codex_cli_rs","cli_version":"0.163.0","source":"cli"}}\\n' "$ts" "$sid" "$ts" "$cwd" > "$d/rollout-2026-11-21T08-00-00-$sid.jsonl"; fi ;;
                cursor-agent) if [ "$first" != --resume ] && [ -n "${CURSOR_TEMPLATE_DB:-}" ]; then
                    h=$(printf '%s' "$cwd" | md5sum 2>/dev/null | cut -c1-32); [ -n "$h" ] || h=$(md5 -q -s "$cwd")
                    d="${CURSOR_CONFIG_DIR:-$HOME/.cursor}/chats/$h/$CURSOR_CHAT_ID"; mkdir -p "$d"
                    cp "$CURSOR_TEMPLATE_DB" "$d/store.db"; touch -t 200101010000 "$d/store.db"; fi ;;
                esac
                exit ${STANDIN_EXIT:-0}

                """.utf8), to: path, defaultMode: 0o755)
    }

    /// Writes what the stand-in would have written for `id` (for state made elsewhere, e.g. ai-session-manager's).
    func nativeSession(_ agent: String, id: String, cwd: String) throws {
        if agent == "codex" {
            try box.write(
                box.home + "/.codex/sessions/2026/11/21/rollout-2026-11-21T08-00-00-\(id).jsonl",
                """
                {"timestamp":"2026-11-21T08:00:00.000Z","type":"session_meta","payload":{"id":"\(id)","timestamp":"2026-11-21T08:00:00.000Z","cwd":"\(cwd)","originator":"codex_cli_rs","cli_version":"0.163.0","source":"cli"}}

                """)
            return
        }
        let out = try exec(bin + "/" + agent, ["--session-id", id], cwd: cwd, path: bin + ":" + systemPath)
        precondition(out.status == 0)
        _ = take()
    }

    var systemPath: String { ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }

    func env(path: String? = nil, _ extra: [String: String] = [:]) -> [String: String] {
        var e = ["PATH": path ?? (bin + ":" + systemPath), "ARGV_LOG": log]
        for (k, v) in extra { e[k] = v }
        return e
    }

    func resume(_ args: [String], cwd: String, path: String? = nil, _ extra: [String: String] = [:]) throws
        -> ToolOutput
    {
        try box.run("resume-session", args, cwd: cwd, env: env(path: path, extra))
    }

    /// Runs a program (a shim) directly, with the sandbox environment.
    func exec(_ program: String, _ args: [String], cwd: String, path: String) throws -> ToolOutput {
        var environment = box.environment
        for (k, v) in env(path: path) { environment[k] = v }
        let r = try SpawnProcessRunner().run(
            program, args, workingDirectory: cwd, environment: environment,
            input: nil, timeout: 60)
        return ToolOutput(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
    }

    /// The invocations logged so far, and clears the log.
    func take() -> [Invocation] {
        let text = box.read(log) ?? ""
        try? FileManager.default.removeItem(atPath: log)
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let head = fields[0].split(separator: " ")
            let parent = Int32(head.last!.dropFirst("ppid=".count)) ?? -1
            return Invocation(program: String(head[0]), parent: parent, arguments: Array(fields.dropFirst()))
        }
    }

    func record(_ project: String, _ agent: String) throws -> JSONValue? {
        guard let text = box.read(project + "/.ai/resume/\(agent).json") else { return nil }
        return try box.json(text)
    }
}

@Suite struct ResumeSessionE2ETests {
    @Test func managedAgentsStartWithAnIdThenResumeIt() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo("my-project")
        let flags = ["claude": ["-r"], "gemini": ["--resume"], "copilot": ["--resume"]]
        for (agent, resumeFlag) in flags.sorted(by: { $0.key < $1.key }) {
            let first = try w.resume([agent, "--model", "m", "first prompt"], cwd: repo)
            #expect(first.status == 0, "\(first.stderr)")
            let id = try #require(try w.record(repo, agent)?["session_id"]?.stringValue)
            #expect(first.stderr == "[agent-sessions] New \(agent) session \(id) (my-project)\n")
            #expect(w.take().map(\.arguments) == [["--session-id", id, "--model", "m", "first prompt"]])

            let later = try w.resume([agent, "next"], cwd: repo)
            #expect(later.status == 0)
            #expect(later.stderr == "[agent-sessions] Resuming \(agent) session \(id) (my-project)\n")
            #expect(w.take().map(\.arguments) == [resumeFlag + [id, "next"]])
        }
        // Starting agents leaves git status as it was (#13): the records are excluded per machine
        // (.git/info/exclude), .gitignore is not touched, and the registry gets a session when it is saved or ended.
        #expect(w.box.read(repo + "/.gitignore") == nil)
        #expect(w.box.read(repo + "/docs/.ai/sessions.json") == nil)
        let status = try w.box.git(["status", "--porcelain", "--untracked-files=all"], in: repo)
        #expect(status == "")
    }

    @Test func discoveredAgentsStartPlainAndWaitForTheirId() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo("proj")
        for agent in ["codex", "agy"] {
            let first = try w.resume([agent, "hello"], cwd: repo)
            #expect(first.status == 0)
            #expect(
                first.stderr == "[agent-sessions] New \(agent) session (proj); its id is recorded at the next launch\n")
            #expect(w.take().map(\.arguments) == [["hello"]])
            let record = try #require(try w.record(repo, agent))
            #expect(record["session_id"] == .null)
            #expect(record["mode"] == "discovered")
            // The discovery of the id from the native store is covered by ResumePlannerTests with a stand-in
            // store: this build's codex/agy stores list nothing yet.
        }
    }

    /// cursor-agent picks its chat id: the first run starts plain and writes its chat
    /// (`~/.cursor/chats/<md5 of the path>/<chatId>/store.db`, as cursor-agent does); the next run finds that chat,
    /// not the IDE composer of the same project that is newer (cursor-agent cannot resume those), records it and
    /// runs `cursor-agent --resume <chatId>`; so does the shim.
    @Test func cursorAgentResumesTheProjectsNewestCLIChat() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo("proj")
        let chat = "c1c1c1c1-2222-4333-8444-555566667777"
        let template = w.box.path("template/store.db")
        try FileManager.default.createDirectory(
            atPath: Paths.dirname(template), withIntermediateDirectories: true)
        try SQLiteDatabase(path: template, readOnly: false).execute(
            try String(contentsOfFile: cursorFixture("agent-cli/store-\(chat).sql"), encoding: .utf8))
        // The IDE's composer of this project, newer than the chat (found by its workspace path).
        let global = try String(contentsOfFile: cursorFixture("global.sql"), encoding: .utf8)
            .replacingOccurrences(of: "@PROJECT@", with: repo)
        for user in [".config/Cursor/User", "Library/Application Support/Cursor/User"] {
            let path = w.box.home + "/" + user + "/globalStorage/state.vscdb"
            try FileManager.default.createDirectory(atPath: Paths.dirname(path), withIntermediateDirectories: true)
            try SQLiteDatabase(path: path, readOnly: false).execute(global)
        }
        let extra = ["CURSOR_TEMPLATE_DB": template, "CURSOR_CHAT_ID": chat]

        let first = try w.resume(["cursor-agent", "hello"], cwd: repo, extra)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stderr
                == "[agent-sessions] New cursor-agent session (proj); its id is recorded at the next launch\n")
        #expect(w.take().map { [$0.program] + $0.arguments } == [["cursor-agent@1", "hello"]])
        #expect(try w.record(repo, "cursor")?["session_id"] == .null)
        #expect(try w.record(repo, "cursor")?["mode"] == "discovered")

        let second = try w.resume(["cursor-agent", "more"], cwd: repo, extra)
        #expect(
            second.stderr
                == "[agent-sessions] Resuming cursor-agent session \(chat) (proj; newest of this project)\n")
        #expect(w.take().map(\.arguments) == [["--resume", chat, "more"]])
        #expect(try w.record(repo, "cursor")?["session_id"] == .string(chat))

        // Through the shim (run by `sh <file>`, see aShimWhoseResumeSessionIsGoneStillRunsTheAgent).
        #expect(try w.resume(["setup", "cursor-agent"], cwd: repo).status == 0)
        let out = try w.exec(
            "/bin/sh", [w.shims + "/cursor-agent", "-f", "go on"], cwd: repo,
            path: w.shims + ":" + w.bin + ":" + w.systemPath)
        #expect(out.stderr == "[agent-sessions] Resuming cursor-agent session \(chat) (proj)\n")
        #expect(w.take().map(\.arguments) == [["--resume", chat, "-f", "go on"]])
        // One-shot runs and explicit choices pass through.
        _ = try w.resume(["cursor-agent", "-p", "x"], cwd: repo, extra)
        _ = try w.resume(["cursor-agent", "--resume", "other"], cwd: repo, extra)
        #expect(w.take().map(\.arguments) == [["-p", "x"], ["--resume", "other"]])
    }

    @Test func theProcessIsReplacedAndTheExitCodeIsTheAgents() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo()
        let out = try w.resume(["claude", "x"], cwd: repo, ["STANDIN_EXIT": "7"])
        #expect(out.status == 7)
        let runs = w.take()
        #expect(runs.count == 1)
        // execv: the agent's parent is the test process itself, not a resume-session child.
        #expect(runs.first?.parent == getpid())
    }

    @Test func everyListedArgumentPassesThroughUntouched() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo()
        var checked = 0
        for spec in ResumeAgentSpec.all {
            var lines: [[String]] = []
            for option in spec.sessionOptions.union(spec.nonChatOptions).sorted() {
                lines.append([option, "value x"])
                lines.append(["--model", "m", option])
            }
            for sub in spec.subcommands.sorted() { lines.append([sub, "--flag", "-"]) }
            for args in lines {
                let out = try w.resume([spec.binary] + args, cwd: repo)
                #expect(out.status == 0)
                #expect(out.stderr == "", "\(spec.binary) \(args)")
                #expect(w.take().map(\.arguments) == [args], "\(spec.binary) \(args)")
                checked += 1
            }
        }
        #expect(checked > 100)
        #expect(!FileManager.default.fileExists(atPath: repo + "/.ai"))
        // The words the issue names are all in the table.
        let all = ResumeAgentSpec.all.reduce(into: Set<String>()) {
            $0.formUnion($1.sessionOptions); $0.formUnion($1.nonChatOptions); $0.formUnion($1.subcommands)
        }
        for word in [
            "-r", "--resume", "-c", "--continue", "--session-id", "resume", "exec", "--list-sessions", "auth",
            "mcp", "--help", "--version", "-p", "login", "logout", "config", "doctor", "update", "plugin",
        ] {
            #expect(all.contains(word), "\(word)")
        }
    }

    /// The Claude store says whether the recorded session still exists.
    @Test
    func missingNativeSessionStartsFresh() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo("proj")
        let config = w.box.path("claude-config")
        let extra = ["CLAUDE_CONFIG_DIR": config]
        _ = try w.resume(["claude"], cwd: repo, extra)
        let first = try #require(try w.record(repo, "claude")?["session_id"]?.stringValue)
        _ = w.take()
        // The stand-in wrote the session into Claude's store, as claude does: resumed.
        let enc = String(
            repo.utf16.map { c -> Character in
                c < 128 && isalnum(Int32(c)) != 0 ? Character(Unicode.Scalar(UInt8(c))) : "-"
            })
        let transcript = config + "/projects/\(enc)/\(first).jsonl"
        #expect(FileManager.default.fileExists(atPath: transcript))
        let resumed = try w.resume(["claude"], cwd: repo, extra)
        #expect(w.take().map(\.arguments) == [["-r", first]], "\(resumed.stderr)")
        // Deleted from the store: a fresh session, said on stderr, launch not failed.
        try FileManager.default.removeItem(atPath: transcript)
        let fresh = try w.resume(["claude", "again"], cwd: repo, extra)
        #expect(fresh.status == 0)
        let second = try #require(try w.record(repo, "claude")?["session_id"]?.stringValue)
        #expect(second != first)
        #expect(fresh.stderr.contains("\(first) is not in"))
        #expect(fresh.stderr.contains("New claude session \(second)"))
        #expect(w.take().map(\.arguments) == [["--session-id", second, "again"]])
    }

    /// The first codex run's id is found afterwards in Codex's own store.
    @Test
    func codexIdIsDiscoveredFromItsStore() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo("proj")
        let codexHome = w.box.path("codex-home")
        let extra = ["CODEX_HOME": codexHome, "STANDIN_NATIVE": "0"]
        _ = try w.resume(["codex"], cwd: repo, extra)
        #expect(w.take().map(\.arguments) == [[]])
        // What the first run left in Codex's store (a legacy-shape rollout, see agent-stores.md 2.5).
        let id = "019a0000-1111-7222-8333-444455556666"
        let rollout = codexHome + "/sessions/2026/11/21/rollout-2026-11-21T08-00-00-\(id).jsonl"
        try w.box.write(
            rollout,
            """
            {"timestamp":"2026-11-21T08:00:00.000Z","type":"session_meta","payload":{"id":"\(id)","timestamp":"2026-11-21T08:00:00.000Z","cwd":"\(repo)","originator":"codex_cli_rs","cli_version":"0.163.0","source":"cli","model_provider":"fake"}}
            {"timestamp":"2026-11-21T08:00:01.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"first prompt"}]}}
            {"timestamp":"2026-11-21T08:00:01.000Z","type":"event_msg","payload":{"type":"user_message","message":"first prompt","images":[]}}

            """)
        let second = try w.resume(["codex", "more"], cwd: repo, extra)
        #expect(second.stderr.contains("Resuming codex session \(id)"))
        #expect(w.take().map(\.arguments) == [["resume", id, "more"]])
        #expect(try w.record(repo, "codex")?["session_id"] == .string(id))
        try FileManager.default.removeItem(atPath: rollout)
        let third = try w.resume(["codex"], cwd: repo, extra)
        #expect(third.status == 0)
        #expect(third.stderr.contains("codex session \(id) is not in"))
        #expect(w.take().map(\.arguments) == [[]])
    }

    @Test func aiSessionManagerStateIsMigrated() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo("app")
        let claudeState =
            "{\n  \"version\": 1,\n  \"tool\": \"claude\",\n  \"session_mode\": \"managed-id\",\n  \"resume_target\": \"4f1a2b3c-1111-4222-8333-444455556666\"\n}\n"
        try w.box.write(repo + "/.ai-session-manager/claude.json", claudeState)
        try w.box.write(
            repo + "/.git/ai-session-manager/codex.json",
            "{\"version\": 1, \"tool\": \"codex\", \"session_mode\": \"auto-resume\", \"resume_target\": \"019e94b3-aaaa-7bbb-8ccc-dddddddddddd\"}\n"
        )
        try w.box.write(repo + "/.git/copilot-session", "7b2f8c1d-1111-4222-8333-444455556666\n")
        // The sessions exist in the agents' stores (made before the switch).
        try w.nativeSession("claude", id: "4f1a2b3c-1111-4222-8333-444455556666", cwd: repo)
        try w.nativeSession("codex", id: "019e94b3-aaaa-7bbb-8ccc-dddddddddddd", cwd: repo)
        try w.nativeSession("copilot", id: "7b2f8c1d-1111-4222-8333-444455556666", cwd: repo)

        let c = try w.resume(["claude"], cwd: repo)
        #expect(
            c.stderr
                == "[agent-sessions] Resuming claude session 4f1a2b3c-1111-4222-8333-444455556666 (app; migrated from .ai-session-manager/claude.json)\n"
        )
        let x = try w.resume(["codex", "go on"], cwd: repo)
        #expect(x.stderr.contains("migrated from .git/ai-session-manager/codex.json"))
        _ = try w.resume(["copilot"], cwd: repo)
        #expect(
            w.take().map(\.arguments) == [
                ["-r", "4f1a2b3c-1111-4222-8333-444455556666"],
                ["resume", "019e94b3-aaaa-7bbb-8ccc-dddddddddddd", "go on"],
                ["--resume", "7b2f8c1d-1111-4222-8333-444455556666"],
            ])
        #expect(try w.record(repo, "claude")?["migrated_from"] == ".ai-session-manager/claude.json")
        #expect(try w.record(repo, "codex")?["session_id"] == "019e94b3-aaaa-7bbb-8ccc-dddddddddddd")
        // The old state is left as it was.
        #expect(w.box.read(repo + "/.ai-session-manager/claude.json") == claudeState)
        // status shows the migrated record.
        let status = try w.box.json(try w.resume(["status", "claude", "--json"], cwd: repo).stdout)
        #expect(status["agents"]?.arrayValue?.first?["session"]?["migrated_from"] == ".ai-session-manager/claude.json")
    }

    @Test func shimsResumeAndSurviveAReinstall() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo("proj")
        let setup = try w.resume(["setup", "claude", "codex"], cwd: repo)
        #expect(setup.status == 0, "\(setup.stderr)")
        #expect(setup.stdout.contains("export PATH='\(w.shims)':\"$PATH\""))
        let shim = w.shims + "/claude"
        #expect(Shims.target(shim) == Paths.physical(Binaries.path("resume-session")))
        let path = w.shims + ":" + w.bin + ":" + w.systemPath

        _ = try w.exec(shim, ["one"], cwd: repo, path: path)
        let id = try #require(try w.record(repo, "claude")?["session_id"]?.stringValue)
        #expect(w.take().map { [$0.program] + $0.arguments } == [["claude@1", "--session-id", id, "one"]])

        try w.installStandIn("claude", version: 2)  // the agent is reinstalled: nothing of ours is touched
        let out = try w.exec(shim, ["two"], cwd: repo, path: path)
        #expect(out.stderr == "[agent-sessions] Resuming claude session \(id) (proj)\n")
        #expect(w.take().map { [$0.program] + $0.arguments } == [["claude@2", "-r", id, "two"]])

        // Plain `claude` through a shell finds the shim first.
        _ = try w.exec("/bin/sh", ["-c", "claude three"], cwd: repo, path: path)
        #expect(w.take().map { [$0.program] + $0.arguments } == [["claude@2", "-r", id, "three"]])

        let status = try w.box.json(
            try w.resume(["status", "claude", "gemini", "--json"], cwd: repo, path: path).stdout)
        let agents = try #require(status["agents"]?.arrayValue)
        #expect(agents[0]["shim"]?["state"] == "installed")
        #expect(agents[0]["path_order_ok"] == true)
        #expect(agents[0]["real_binary"] == .string(w.bin + "/claude"))
        #expect(agents[0]["session"]?["session_id"] == .string(id))
        #expect(agents[1]["shim"]?["state"] == "missing")
        #expect(status["shim_dir_on_path"] == true)

        // Shim folder after the agents' folder: status warns.
        let wrongOrder = try w.box.json(
            try w.resume(
                ["status", "claude", "--json"], cwd: repo,
                path: w.bin + ":" + w.shims + ":" + w.systemPath
            ).stdout)
        let entry = try #require(wrongOrder["agents"]?.arrayValue?.first)
        #expect(entry["path_order_ok"] == false)
        #expect(entry["warnings"]?.arrayValue?.first?.stringValue?.contains("comes before the shim folder") == true)
    }

    @Test func teardownLeavesNoTrace() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo()
        let bashrc = w.box.home + "/.bashrc"
        let original = "# my bashrc\nalias ll='ls -l'"  // no final line break
        try w.box.write(bashrc, original)
        let before = files(under: w.box.home)

        // --dry-run says what would change and changes nothing.
        let dry = try w.resume(["setup", "--shell", "bash", "--dry-run"], cwd: repo)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would be created \(w.shims)/claude"))
        #expect(dry.stdout.contains("Would add the PATH block to"))
        #expect(files(under: w.box.home) == before && w.box.read(bashrc) == original)

        #expect(try w.resume(["setup", "--shell", "bash"], cwd: repo).status == 0)
        #expect(try w.resume(["setup", "--shell", "bash"], cwd: repo).stdout.contains("already has the PATH block"))
        #expect(try w.resume(["setup", "--shell", "fish", "claude"], cwd: repo).status == 0)
        #expect(w.box.read(bashrc)?.contains("export PATH='\(w.shims)':\"$PATH\"") == true)
        #expect(
            w.box.read(w.box.home + "/.config/fish/config.fish")?.contains("set -gx PATH '\(w.shims)' $PATH") == true)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: w.shims)) == Set(ResumeSandbox.agents))

        let installed = files(under: w.box.home)
        let dryTeardown = try w.resume(["teardown", "--dry-run"], cwd: repo)
        #expect(dryTeardown.stdout.contains("would have removed the PATH block from"))
        #expect(files(under: w.box.home) == installed)

        // Tearing down one agent keeps the others and the PATH block.
        #expect(try w.resume(["teardown", "gemini"], cwd: repo).status == 0)
        #expect(!FileManager.default.fileExists(atPath: w.shims + "/gemini"))
        #expect(FileManager.default.fileExists(atPath: w.shims + "/claude"))
        #expect(w.box.read(bashrc) != original)

        let teardown = try w.resume(["teardown", "--json"], cwd: repo)
        #expect(teardown.status == 0)
        #expect(w.box.read(bashrc) == original)
        #expect(!FileManager.default.fileExists(atPath: w.box.home + "/.config/fish/config.fish"))
        #expect(!FileManager.default.fileExists(atPath: w.box.home + "/.local/share/agent-sessions"))
        // No file of ours is left anywhere in HOME (empty parent folders such as ~/.config/fish may stay).
        #expect(files(under: w.box.home) == before)
        let status = try w.box.json(try w.resume(["status", "--json"], cwd: repo).stdout)
        #expect(status["agents"]?.arrayValue?.allSatisfy { $0["shim"]?["state"] == "missing" } == true)
        #expect(status["rc_files"]?.arrayValue?.allSatisfy { $0["has_block"] == false } == true)
    }

    /// Every non-folder below `root`, relative.
    func files(under root: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            if !FileInfo.isDirectory(root + "/" + p) { out.append(p) }
        }
        return out.sorted()
    }

    @Test func teardownKeepsFilesThatAreNotOurs() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo()
        try w.box.write(w.shims + "/codex", "#!/bin/sh\necho mine\n")
        let setup = try w.resume(["setup", "codex", "claude"], cwd: repo)
        #expect(setup.status == 1)
        #expect(setup.stdout.contains("not ours"))
        _ = try w.resume(["teardown"], cwd: repo)
        #expect(w.box.read(w.shims + "/codex") == "#!/bin/sh\necho mine\n")
        #expect(!FileManager.default.fileExists(atPath: w.shims + "/claude"))
    }

    @Test func aShimWhoseResumeSessionIsGoneStillRunsTheAgent() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo()
        let shim = w.shims + "/claude"
        try AtomicFile.write(
            Array(
                Shims.script(
                    agent: "claude", executable: w.box.path("gone/resume-session"),
                    directory: w.shims
                ).utf8), to: shim, defaultMode: 0o755)
        // The shim is run by `sh <file>`, not looked up on PATH: a script written a moment ago can still be held open
        // for writing by a child another test is spawning (fork before exec), and exec'ing it then fails with ETXTBSY,
        // which makes sh skip to the next PATH entry, bypassing the shim. Reading it has no such window.
        let out = try w.exec(
            "/bin/sh", [shim, "-x", "two words"], cwd: repo, path: w.shims + ":" + w.bin + ":" + w.systemPath)
        #expect(out.status == 0)
        #expect(out.stderr.contains("is missing; running claude without resume"))
        #expect(w.take().map { [$0.program] + $0.arguments } == [["claude@1", "-x", "two words"]])
        #expect(!FileManager.default.fileExists(atPath: repo + "/.ai"))
        // No agent outside the shims: a clear failure, not a loop.
        let none = try w.exec("/bin/sh", [shim], cwd: repo, path: w.shims + ":/usr/bin:/bin")
        #expect(none.status == 127)
    }

    @Test func projectWithoutGit() throws {
        let w = try ResumeSandbox()
        let dir = w.box.path("notes")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let first = try w.resume(["gemini"], cwd: dir)
        let id = try #require(try w.record(dir, "gemini")?["session_id"]?.stringValue)
        #expect(first.stderr == "[agent-sessions] New gemini session \(id) (notes)\n")
        _ = try w.resume(["gemini"], cwd: dir)
        #expect(w.take().map(\.arguments) == [["--session-id", id], ["--resume", id]])
        #expect(!FileManager.default.fileExists(atPath: dir + "/.gitignore"))
        // No registry is started in a folder outside git (e.g. $HOME).
        #expect(!FileManager.default.fileExists(atPath: dir + "/docs"))
    }

    @Test func resetForgetsTheSession() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo()
        _ = try w.resume(["claude"], cwd: repo)
        let id = try #require(try w.record(repo, "claude")?["session_id"]?.stringValue)
        let dry = try w.resume(["reset", "claude", "--dry-run"], cwd: repo)
        #expect(dry.stdout.contains("claude: would forget session \(id)"), "\(dry.stdout)")
        #expect(try w.record(repo, "claude")?["session_id"]?.stringValue == id)
        let reset = try w.box.json(try w.resume(["reset", "claude", "--json"], cwd: repo).stdout)
        #expect(reset["agents"]?.arrayValue?.first?["forgotten"] == .string(id))
        #expect(try w.record(repo, "claude") == nil)
        _ = try w.resume(["claude"], cwd: repo)
        let next = try #require(try w.record(repo, "claude")?["session_id"]?.stringValue)
        #expect(next != id)

        // With ai-session-manager state around, reset must not let it come back.
        try w.box.write(
            repo + "/.ai-session-manager/gemini.json", "{\"resume_target\": \"9d9d9d9d-1111-4222-8333-444455556666\"}")
        _ = try w.resume(["reset", "gemini"], cwd: repo)
        _ = w.take()
        _ = try w.resume(["gemini"], cwd: repo)
        let args = w.take().first?.arguments ?? []
        #expect(args.first == "--session-id")
        #expect(!args.contains("9d9d9d9d-1111-4222-8333-444455556666"))
    }

    @Test func aMissingAgentFailsWithOneLine() throws {
        let w = try ResumeSandbox()
        let repo = try w.box.makeRepo()
        let out = try w.resume(["claude"], cwd: repo, path: "/usr/bin:/bin")
        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("resume-session: error: claude not found on PATH"))
        #expect(out.stderr.split(separator: "\n").count == 1)
    }
}
