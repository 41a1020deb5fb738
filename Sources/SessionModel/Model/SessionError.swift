#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The one error the core (agents' stores, exporters, storage, git, integration) throws, in the core's own words.
///
/// It knows no command line: no exit code and no option name. What the caller can do is a `Remedy`, which the
/// command line words (naming its options) in `ToolError.init(_: SessionError)` — the one mapping from a failure to
/// an exit code and a hint, beside `ToolRunner.report` (CommandLine/ErrorMapping.swift).
public struct SessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it is; each kind is one exit code (docs/exit-codes.md).
    public enum Kind: String, Sendable, CaseIterable {
        /// Could not be done, or refused on purpose (a secret, a conflict, an unfinished merge).
        case refused
        /// A value the caller gave is not valid (an id, a name, a path, a format).
        case invalidValue
        /// A file or record we read is not in the shape we expect.
        case badData
        /// Something to read is not there (a session, a file, a store).
        case missing
        /// Something could not be written or created.
        case cannotCreate
        /// Someone else holds what we need (a lock); try again.
        case busy
    }

    /// What the caller can do about it, without naming how (the command line names its options).
    public enum Remedy: Sendable, Equatable {
        /// Name the project's folder (`--repo-root`).
        case nameTheProject
        /// Name the session (`--session-id` / `--session`), optionally with the command that lists them.
        case nameTheSession(listing: String?)
        /// Name the agent (`--agent`), optionally suggesting one.
        case nameTheAgent(suggestion: String?)
        /// Replace what is there on purpose (`--force`).
        case replaceOnPurpose
        /// Export in one of these formats instead (`--format`); `unredacted` says whether a raw copy is possible.
        case exportAs(formats: [String], unredactedCopy: Bool)
        /// Name the agent (`--agent`), one of these.
        case nameTheAgentAmong([String])
        /// Run it inside the agent, or name the agent the tasks come from (`--from-agent`).
        case nameTheTaskAgent
        /// Export it as JSON (`--format json`) and import that, or copy it into the agent's folder `orCopyInto`.
        case importAsJSON(orCopyInto: String)
        /// Give the task list explicitly (`--completed/--in-progress/--pending`, `--tasks-json`).
        case giveTheTasks
        /// Save without committing (`--commit` off), after finishing what git is in the middle of.
        case saveWithoutCommit
        /// Fix commit signing, or save without committing (`--commit` off).
        case fixSigningOrSaveWithoutCommit
        /// Run the committing save (`save-state --commit`) again.
        case commitAgain
        /// Run the same command again.
        case runAgain
        /// Write unredacted on purpose (`--no-redact`).
        case writeUnredacted
        /// Plain words that name no option.
        case words(String)
        /// Name both the agent (`--agent`) and the session (`--session`).
        case nameTheAgentAndSession
        /// Import the file as the agent it is from, then convert it (`export-session convert --from --to`).
        case importThenConvert(from: String, to: String)
        /// Install the payload, or name a folder holding `skills/` and `commands/` (`--source`, `AGENT_SESSIONS_SHARE`).
        case namePayloadSource
    }

    public var kind: Kind
    public var message: String
    public var remedy: Remedy?
    /// The file the error is about, when there is one.
    public var file: String?
    /// 1-based line (and column) in `file`, when known.
    public var line: Int?
    public var column: Int?
    /// Extra structured detail for callers (e.g. the tasks a save would drop).
    public var details: JSONValue?

    public init(
        _ kind: Kind, _ message: String, remedy: Remedy? = nil, file: String? = nil, line: Int? = nil,
        column: Int? = nil, details: JSONValue? = nil
    ) {
        self.kind = kind
        self.message = message
        self.remedy = remedy
        self.file = file
        self.line = line
        self.column = column
        self.details = details
    }

    /// Plain words as the remedy: `SessionError(.missing, "…", hint: "…")`. The words must name no option.
    public init(
        _ kind: Kind, _ message: String, hint: String?, file: String? = nil, line: Int? = nil, column: Int? = nil,
        details: JSONValue? = nil
    ) {
        self.init(
            kind, message, remedy: hint.map { .words($0) }, file: file, line: line, column: column, details: details)
    }

    /// `file:line:column: message` — for logs and tests; the command line prints `ToolError`'s form.
    public var description: String { Self.located(message, file: file, line: line, column: column) }

    /// `message` after `file:line:column: ` (as much of it as is known): how every error names its place.
    public static func located(_ message: String, file: String?, line: Int?, column: Int?) -> String {
        guard let file else { return message }
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text + ": " + message
    }
}
