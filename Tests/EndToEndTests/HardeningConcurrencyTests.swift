import Foundation
import SessionModel
import Testing

/// Many tools at once on one project: every file stays whole and nothing is lost.
@Suite struct HardeningConcurrencyTests {
    static let writers = 20

    /// 20 save-state processes started at the same moment: all succeed, the state and progress files are whole and
    /// come from the same writer, and every replaced state is kept in the history (nothing lost).
    @Test func concurrentSaveStatesKeepEveryFileWhole() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let seed = try sb.run("save-state", ["--pending", "shared task", "seed"], cwd: repo)
        #expect(seed.status == 0, "\(seed.stderr)")

        let procs = try sb.runConcurrently(
            "save-state", count: Self.writers, cwd: repo,
            env: ["AGENT_SESSIONS_LOCK_TIMEOUT": "60"]
        ) { i in
            ["--pending", "shared task", "--completed", "done by writer \(i)", "writer \(i)"]
        }
        for (i, p) in procs.enumerated() {
            #expect(p.exitStatus == 0, "writer \(i) exited \(p.exitStatus ?? -1): \(p.stderr)")
        }

        let statePath = repo + "/.claude/claude-state.json"
        let json = try #require(Hardening.parses(sb.bytes(statePath)), "state file is not whole JSON")
        let state = try SessionState(json: json, file: statePath)
        let notes = try #require(state.notes)
        let winner = try #require(Int(notes.dropFirst("writer ".count)), "notes: \(notes)")
        // the state is one writer's, not a mix of two
        #expect(state.tasks.map(\.title).contains("done by writer \(winner)"))
        #expect(state.tasks.filter { $0.title.hasPrefix("done by writer") }.count == 1)
        let progress = try #require(sb.read(repo + "/.claude/claude-progress.md"))
        #expect(progress.contains("done by writer \(winner)"), "progress file is from another writer than the state")
        #expect(progress.hasSuffix("\n"))

        // Nothing lost: the 20 states that were replaced are all in the history, each whole.
        let history = repo + "/.claude/state-history"
        let kept = FileInfo.list(history).filter { $0.hasSuffix(".json") }
        #expect(kept.count == Self.writers)
        var seen: Set<String> = [notes]
        for name in kept {
            let path = history + "/" + name
            let old = try #require(Hardening.parses(sb.bytes(path)), "history file \(name) is not whole JSON")
            seen.insert(try #require(try SessionState(json: old, file: path).notes))
        }
        let expected = Set(["seed"] + (0..<Self.writers).map { "writer \($0)" })
        #expect(seen == expected)

        // No temp file or lock file left behind.
        let leftovers = FileInfo.list(repo + "/.claude").filter { $0.contains(".tmp-") || $0.hasSuffix(".lock") }
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
    }

    /// Readers running while writers replace the file always see a whole state (never a torn or empty one).
    @Test func readersDuringConcurrentWritesSeeWholeStates() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        #expect(try sb.run("save-state", ["--pending", "shared task", "seed"], cwd: repo).status == 0)
        var environment = sb.environment
        environment["AGENT_SESSIONS_LOCK_TIMEOUT"] = "60"
        let logs = sb.path("mixed-logs")
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        var writers: [BackgroundTool] = []
        var readers: [BackgroundTool] = []
        for i in 0..<Self.writers {
            writers.append(
                try BackgroundTool(
                    Binaries.path("save-state"), ["--pending", "shared task", "w\(i)"],
                    cwd: repo, environment: environment, logFolder: logs, tag: "w\(i)"))
            readers.append(
                try BackgroundTool(
                    Binaries.path("load-state"), ["--json"], cwd: repo,
                    environment: environment, logFolder: logs, tag: "r\(i)"))
        }
        for p in writers + readers { p.wait() }
        for (i, w) in writers.enumerated() { #expect(w.exitStatus == 0, "writer \(i): \(w.stderr)") }
        for (i, r) in readers.enumerated() {
            #expect(r.exitStatus == 0, "reader \(i): \(r.stderr)")
            let out = try #require(Hardening.parses(Array(r.stdout.utf8)), "reader \(i) printed no JSON: \(r.stdout)")
            let notes = out["state"]?["context"]?["notes"]?.stringValue ?? ""
            #expect(notes == "seed" || notes.hasPrefix("w"), "reader \(i) saw notes \(notes)")
        }
    }

    /// Prepared for save-session (#4): 100 concurrent saves of distinct sessions give 100 entries in a valid registry.
    @Test
    func hundredConcurrentSaveSessionsGiveHundredEntries() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let ids = (0..<100).map {
            "5b1c7e2a-3f4d-4c8e-9a6b-" + String(repeating: "0", count: 12 - String($0).count) + String($0)
        }
        let procs = try sb.runConcurrently(
            "save-session", count: ids.count, cwd: repo,
            env: ["AGENT_SESSIONS_LOCK_TIMEOUT": "120"]
        ) { i in
            ["--session-id", ids[i], "--agent", "claude", "--summary", "session \(i)"]
        }
        for (i, p) in procs.enumerated() { #expect(p.exitStatus == 0, "save-session \(i): \(p.stderr)") }
        let path = repo + "/docs/.ai/sessions.json"
        let json = try #require(Hardening.parses(sb.bytes(path)), "sessions.json is not whole JSON")
        let saved = (json["sessions"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(saved.count == ids.count)
        #expect(Set(saved) == Set(ids))
        let leftovers = FileInfo.list(repo + "/docs/.ai").filter { $0.contains(".tmp-") || $0.hasSuffix(".lock") }
        #expect(leftovers.isEmpty, "left behind: \(leftovers)")
    }
}
