/// The one mapping from the core's failures to what a tool reports: a `SessionError`'s kind becomes an exit code and
/// its remedy a hint that names this command line's options. `ToolRunner.run` applies it to anything a command throws.
extension ExitCode {
    public init(_ kind: SessionError.Kind) {
        switch kind {
        case .refused: self = .failure
        case .invalidValue: self = .usage
        case .badData: self = .dataError
        case .missing: self = .noInput
        case .cannotCreate: self = .cantCreate
        case .busy: self = .tempFail
        }
    }
}

extension SessionError.Remedy {
    /// The remedy in the command line's words.
    public var hint: String {
        switch self {
        case .nameTheProject:
            return "run it inside the project, or pass --repo-root"
        case .nameTheSession(let listing):
            return listing.map { "pass --session-id; list them with '\($0)'" } ?? "pass --session-id"
        case .nameTheAgent(let suggestion):
            return suggestion.map { "pass --agent \($0), or check the id" } ?? "name the agent with --agent"
        case .nameTheAgentAmong(let names):
            return "pass --agent; agents: \(names.joined(separator: ", "))"
        case .nameTheTaskAgent:
            return "run it from inside the agent, or name the agent: --from-agent claude|codex|…"
        case .importAsJSON(let folder):
            return "export it with --format json and import that, or copy it into \(folder)"
        case .replaceOnPurpose:
            return "pass --force to replace it"
        case .exportAs(let formats, let unredacted):
            let list = formats.joined(separator: ", ")
            return unredacted
                ? "export it with --format \(list), which is redacted; --no-redact copies it as it is"
                : "use --format \(list)"
        case .giveTheTasks:
            return "give the tasks with --completed/--in-progress/--pending or --tasks-json"
        case .saveWithoutCommit:
            return "finish or abort it, or save without --commit; the state itself was saved"
        case .fixSigningOrSaveWithoutCommit:
            return "fix signing (gpg.program, user.signingkey) or save without --commit; the state itself was saved"
        case .commitAgain:
            return "run save-state --commit again"
        case .runAgain:
            return "run the command again"
        case .writeUnredacted:
            return "report it; --no-redact writes the output unredacted, on purpose"
        case .words(let words):
            return words
        case .nameTheAgentAndSession:
            return "pass --agent and --session ID"
        case .importThenConvert(let from, let to):
            return "import it as \(from), then 'export-session convert --from \(from) --to \(to)'"
        case .namePayloadSource:
            return
                "run 'make install', or pass --source DIR (or AGENT_SESSIONS_SHARE) pointing at a folder with skills/ and commands/"
        }
    }
}

extension ToolError {
    /// A core failure as the command line reports it.
    public init(_ error: SessionError) {
        self.init(
            ExitCode(error.kind), error.message, hint: error.remedy?.hint, file: error.file, line: error.line,
            column: error.column, details: error.details)
    }
}

/// Runs a core call from a command: a `SessionError` it throws becomes the command's `ToolError`.
/// `let sessions = try core { () throws(SessionError) in try store.list() }`
@inline(__always)
public func core<T>(_ body: () throws(SessionError) -> T) throws(ToolError) -> T {
    do { return try body() } catch { throw ToolError(error) }
}
