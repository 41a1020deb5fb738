import Foundation
import SessionModel
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A hook must never break the agent's session: whatever is wrong, `load-state --hook claude` exits 0 within a
/// second. Prepared for issue #7: runs once load-state's --help offers --hook.
@Suite struct HardeningHookTests {
    enum Trouble: String, CaseIterable, Sendable {
        case notAGitRepository = "not a git repository"
        case readOnlyFolder = "read-only project folder"
        case missingHome = "HOME unset"
        case brokenState = "state file with conflict markers"
        case folderAsState = "a folder where the state file should be"
        case noPayload = "no payload on stdin"
        case garbagePayload = "payload is not JSON"
    }

    @Test(arguments: Trouble.allCases)
    func loadStateHookExitsZeroQuickly(_ trouble: Trouble) throws {
        let sb = Sandbox()
        var dir = try sb.makeRepo()
        var environment = sb.environment
        var payload: String? = nil
        switch trouble {
        case .notAGitRepository:
            dir = sb.path("plain")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        case .readOnlyFolder:
            #expect(chmod(dir, 0o555) == 0)
        case .missingHome:
            environment.removeValue(forKey: "HOME")
        case .brokenState:
            try sb.write(dir + "/.claude/claude-state.json", "{\n<<<<<<< HEAD\n=======\n>>>>>>> x\n}\n")
        case .folderAsState:
            try FileManager.default.createDirectory(
                atPath: dir + "/.claude/claude-state.json",
                withIntermediateDirectories: true)
        case .noPayload:
            payload = ""
        case .garbagePayload:
            payload = "{not json"
        }
        let stdin =
            payload
            ?? JSONWriter.compactString([
                "session_id": "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10",
                "transcript_path": .string(sb.home + "/.claude/x.jsonl"),
                "cwd": .string(dir), "hook_event_name": "SessionStart", "source": "startup",
            ])
        let stdinPath = try sb.write("payload.json", stdin)
        defer { _ = chmod(dir, 0o755) }
        let t0 = Monotonic.now()
        let hook = try BackgroundTool(
            Binaries.path("load-state"), ["--hook", "claude"], cwd: dir,
            environment: environment, logFolder: sb.root, tag: "hook", stdinPath: stdinPath)
        let status = hook.wait()
        let elapsed = Monotonic.now() - t0
        #expect(status == 0, "\(trouble.rawValue): exit \(status), stderr: \(hook.stderr)")
        #expect(elapsed < 1.0, "\(trouble.rawValue): took \(elapsed) s")
    }
}
