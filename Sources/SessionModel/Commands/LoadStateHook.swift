#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `load-state --hook AGENT`: the SessionStart hook. Given the agent's payload (the command reads it from stdin), the
/// saved brief in the shape that agent puts into the model's context (the command prints it and exits 0), within
/// about a second.
///
/// The shape is the agent's (`AgentHooks.render`, declared in its folder); unknown names get the Markdown brief as
/// plain stdout. Nothing saved → no output (or what the agent's `render` prints for nothing, e.g. `{}` where stdout
/// must be JSON).
public enum LoadStateHook {
    public static var agents: [String] { AgentRegistry.standard.loadStateHookAgents }
    /// Claude caps SessionStart context at 10,000 characters; we stay under it for every agent.
    public static let maxContext = 9_000
    /// Budget for reading stdin and for all git calls together.
    static let stdinTimeout = 0.3
    static let gitBudget = 0.5

    /// What the hook prints for `agent` (nil: a name no agent has), given the payload its stdin carried (nil: none).
    /// Never fails: nothing saved → the agent's "nothing" (often no bytes); a state that cannot be loaded, or git
    /// that does not answer within `gitBudget`, → a brief that says so. The payload's folder, when it names one, is
    /// the folder looked at.
    public static func output(agent: AgentEntry?, payload: HookPayload?, environment: AgentEnvironment) -> String {
        var env = environment
        if let cwd = payload?.cwd, cwd.hasPrefix("/"), FileInfo.isDirectory(cwd) { env.workingDirectory = cwd }
        let runner = BoundedProcessRunner(inner: environment.processRunner, budget: gitBudget)
        env.processRunner = runner

        var brief: String?
        do {
            // Not a project (outside git without a checkpoint, or the agent's own config folder): nothing to say.
            // ignored: see above
            guard let project = try? Project.locateForState(env, repoRoot: nil) else {
                brief = runner.timedOut ? fallbackBrief(env) : nil
                return render(agent: agent, brief: brief.map(cap))
            }
            let loaded = try LoadStateCommand.load(env, project: project)
            brief = StateBrief.markdown(
                loaded.state, changes: loaded.changes, now: environment.now, budget: StateBrief.taskNotesBudget)
            if runner.timedOut {
                brief =
                    fallbackBrief(env) ?? brief!
                    + "\nNote: git did not answer in time; changes since the save may be incomplete.\n"
            }
        } catch let error where error.code == .noInput {
            brief = nil
        } catch {
            if runner.timedOut {
                brief =
                    fallbackBrief(env)
                    ?? "agent-sessions: the saved state could not be loaded because git did not answer in time; run load-state.\n"
            } else {
                brief =
                    "agent-sessions: the saved session state could not be loaded: \(error.description). Run load-state to see the problem.\n"
            }
        }
        if var text = brief {
            if let note = agent?.hooks?.briefNote(payload) { text += note }
            brief = cap(text)
        }
        return render(agent: agent, brief: brief)
    }

    /// The state file of the working directory read without git (used when git timed out).
    static func fallbackBrief(_ environment: AgentEnvironment) -> String? {
        let path = Paths.join(Paths.physical(environment.workingDirectory), CheckpointFiles.state)
        // ignored: without a readable state file there is no brief to give
        guard let json = try? JSONFile.read(path), let state = try? SessionState(json: json, file: path) else {
            return nil
        }
        let same = StateChanges(
            git: state.git, currentBranch: state.branch, currentHead: state.lastCommit,
            modifiedNow: state.modifiedFiles)
        var text = StateBrief.markdown(state, changes: same, now: environment.now)
        if let r = text.firstRange(ofText: "\n## Since then\n") { text = String(text[..<r.lowerBound]) }
        return text + "\n## Since then\n- Unknown: git did not answer in time.\n"
    }

    public static func cap(_ text: String) -> String {
        guard text.count > maxContext else { return text }
        let note = "\n… (brief cut at \(maxContext) characters; run load-state for all of it)\n"
        return String(text.prefix(maxContext - note.count)) + note
    }

    /// The bytes to print for `agent`; `brief` nil = nothing saved.
    public static func render(agent: AgentEntry?, brief: String?) -> String {
        agent?.hooks?.render(brief) ?? brief ?? ""
    }
}

/// A process runner that gives all calls together at most `budget` seconds, and remembers whether one ran out.
final class BoundedProcessRunner: ProcessRunning, @unchecked Sendable {
    let inner: any ProcessRunning
    let deadline: Double
    private let lock = PlatformLock()
    private var _timedOut = false

    init(inner: any ProcessRunning, budget: Double) {
        self.inner = inner
        self.deadline = Monotonic.now() + budget
    }

    var timedOut: Bool { lock.lock(); defer { lock.unlock() }; return _timedOut }

    func run(
        _ executable: String, _ arguments: [String], workingDirectory: String?, environment: [String: String],
        input: [UInt8]?, timeout: Double?
    ) throws(SessionError) -> ProcessResult {
        let left = deadline - Monotonic.now()
        if left <= 0.01 {
            lock.lock(); _timedOut = true; lock.unlock()
            return ProcessResult(status: 124, stdout: [], stderr: Array("time budget spent".utf8), timedOut: true)
        }
        let result = try inner.run(
            executable, arguments, workingDirectory: workingDirectory, environment: environment,
            input: input, timeout: min(timeout ?? left, left))
        if result.timedOut { lock.lock(); _timedOut = true; lock.unlock() }
        return result
    }
}
