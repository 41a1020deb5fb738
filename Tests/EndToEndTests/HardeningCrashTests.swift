import Foundation
import SessionModel
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A writer killed with SIGKILL at a random moment leaves the old file or the new one — never a torn one — and no
/// lock that blocks the next call. `make test` runs a few trials; `make stress` runs
/// `AGENT_SESSIONS_STRESS_TRIALS` (≥ 100). A failing trial prints its seed (`AGENT_SESSIONS_STRESS_SEED` replays it).
@Suite struct HardeningCrashTests {
    @Test func saveStateKilledAtRandomMomentsNeverTearsTheState() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let statePath = repo + "/.claude/claude-state.json"
        let progressPath = repo + "/.claude/claude-progress.md"
        // A large payload (256 KiB of notes from stdin) widens the write window so kills land inside it too.
        let payloadLine = String(repeating: "päyload ✓ 0123456789 abcdefghij ", count: 64) + "\n"
        let payload = String(repeating: payloadLine, count: 256 << 10 / payloadLine.utf8.count)
        func notesFile(_ trial: Int) throws -> String {
            try sb.write("notes-\(trial).txt", "trial \(trial)\n" + payload)
        }
        let seeded = try sb.run("save-state", ["--pending", "shared task", "seed"], cwd: repo)
        #expect(seeded.status == 0, "\(seeded.stderr)")

        // How long an undisturbed save takes here (the fastest of three): kill moments are spread over [0, that].
        var duration = Double.infinity
        for probe in 0..<3 {
            let t0 = Monotonic.now()
            let run = try sb.start(
                "save-state", ["--pending", "shared task", "-"], cwd: repo, tag: "probe\(probe)",
                stdinPath: try notesFile(-1 - probe))
            #expect(run.wait() == 0, "\(run.stderr)")
            duration = min(duration, Monotonic.now() - t0)
        }

        var rng = SplitMix64(seed: Hardening.seed)
        var outcomes: [String: Int] = ["old": 0, "new": 0, "finished": 0]
        let trials = Hardening.crashTrials
        for trial in 0..<trials {
            let oldState = try #require(sb.bytes(statePath))
            let oldProgress = try #require(sb.bytes(progressPath))
            let writer = try sb.start(
                "save-state", ["--pending", "shared task", "-"], cwd: repo, tag: "t\(trial)",
                stdinPath: try notesFile(trial))
            let delay = Double.random(in: 0...duration, using: &rng)
            usleep(UInt32(delay * 1_000_000))  // the moment of the kill is the stimulus, not a wait for a result
            writer.kill(SIGKILL)
            let status = writer.wait()
            let context = "trial \(trial) (seed \(Hardening.seed), kill after \(Int(delay * 1000)) ms, exit \(status))"

            // The state is the old bytes, or a whole new state from this trial.
            let nowState = try #require(sb.bytes(statePath), "state file vanished: \(context)")
            if nowState == oldState {
                outcomes["old", default: 0] += 1
            } else {
                let json = try #require(Hardening.parses(nowState), "torn state file: \(context)")
                let state = try SessionState(json: json, file: statePath)
                #expect(state.notes?.hasPrefix("trial \(trial)\n") == true, "state from elsewhere: \(context)")
                #expect(state.notes == "trial \(trial)\n" + payload, "notes cut short: \(context)")
                outcomes[status == 0 ? "finished" : "new", default: 0] += 1
            }
            // The progress file is whole: the old one, or the new one ending with its last section.
            let nowProgress = try #require(sb.bytes(progressPath), "progress file vanished: \(context)")
            if nowProgress != oldProgress {
                let text = String(decoding: nowProgress, as: UTF8.self)
                #expect(
                    text.hasPrefix("# Session Progress") && text.contains("trial \(trial)") && text.hasSuffix("\n"),
                    "torn progress file: \(context)")
            }
            // History copies are whole too.
            for name in FileInfo.list(repo + "/.claude/state-history") where name.hasSuffix(".json") {
                #expect(
                    Hardening.parses(sb.bytes(repo + "/.claude/state-history/" + name)) != nil,
                    "torn history file \(name): \(context)")
            }

            // No stale lock: the next call gets the lock at once (a 2 s bound) and succeeds.
            let next = try sb.run(
                "save-state", ["--pending", "shared task", "after trial \(trial)"], cwd: repo,
                env: ["AGENT_SESSIONS_LOCK_TIMEOUT": "2"], timeout: 30)
            #expect(next.status == 0, "next call after \(context): \(next.stderr)")
            #expect(!FileInfo.exists(statePath + ".lock"), "lock file left after a clean call: \(context)")
        }
        print("HardeningCrashTests: \(trials) trials, seed \(Hardening.seed): \(outcomes)")
        // Temp files of killed writers stay behind (hidden, never read by any tool): count them for the record.
        let temps = FileInfo.list(repo + "/.claude").filter { $0.contains(".tmp-") }
        print("HardeningCrashTests: \(temps.count) temp file(s) of killed writers left in .claude/")
        #expect(outcomes.values.reduce(0, +) == trials)
    }

    /// A process killed while it holds the lock does not block the next one (flock dies with its holder), and
    /// while it lives, a call gives up after the bounded wait with exit 75.
    @Test(
        .enabled(
            if: Executables.find("flock", path: ProcessInfo.processInfo.environment["PATH"]) != nil,
            "util-linux flock(1) is not installed"))
    func lockHolderKilledDoesNotBlockTheNextCall() throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        #expect(try sb.run("save-state", ["first"], cwd: repo).status == 0)
        let lockPath = repo + "/.claude/claude-state.json.lock"
        let flock = try #require(Executables.find("flock", path: sb.environment["PATH"]))
        // One process holds the lock: the shell opens the lock file on fd 9, flock(1) locks it, then the shell
        // becomes `sleep` (keeping fd 9), so killing that one pid releases the lock.
        let holder = try BackgroundTool(
            "/bin/sh", ["-c", "exec 9>\"$0\"; \(flock) 9; exec sleep 60", lockPath],
            cwd: repo, environment: sb.environment, logFolder: sb.root, tag: "holder")
        defer {
            holder.kill(SIGKILL)
            holder.wait()
        }
        let deadline = Monotonic.now() + 10
        var held = false
        while Monotonic.now() < deadline {
            let probe = try SpawnProcessRunner().run(
                flock, ["-n", lockPath, "true"], workingDirectory: repo,
                environment: sb.environment, input: nil, timeout: 5)
            if probe.status == 1 { held = true; break }
            usleep(10_000)
        }
        try #require(held, "the helper never took the lock")
        let busy = try sb.run("save-state", ["blocked"], cwd: repo, env: ["AGENT_SESSIONS_LOCK_TIMEOUT": "0.3"])
        #expect(busy.status == 75, "\(busy.stderr)")
        #expect(busy.stderr.contains(lockPath) && busy.stderr.split(separator: "\n").count == 1, "\(busy.stderr)")

        holder.kill(SIGKILL)
        holder.wait()
        let next = try sb.run("save-state", ["second"], cwd: repo, env: ["AGENT_SESSIONS_LOCK_TIMEOUT": "2"])
        #expect(next.status == 0, "\(next.stderr)")
        let json = try #require(Hardening.parses(sb.bytes(repo + "/.claude/claude-state.json")))
        #expect(json["context"]?["notes"]?.stringValue == "second")
    }
}
