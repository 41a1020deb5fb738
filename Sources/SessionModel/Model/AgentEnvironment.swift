#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the core (stores, detection, export, import, the session registry, git) reads of the outside world: HOME,
/// the environment variables, the working directory, a clock, a process runner and the agents' registry — no
/// arguments, no standard streams, no command-line wording. `Commands/` make one from their tool context
/// (`context.agentEnvironment`); tests build one by hand.
public struct AgentEnvironment: Sendable {
    /// The user's home folder (HOME, else the password database's).
    public var home: String
    /// The environment variables.
    public var variables: [String: String]
    /// Where relative paths (user-given, or in variables such as `CODEX_HOME`) count from.
    public var workingDirectory: String
    public var clock: @Sendable () -> Date
    public var processRunner: any ProcessRunning
    /// The agents the core knows (`AgentRegistry.standard`, or a test's own).
    public var registry: AgentRegistry
    /// Where notes (a warning that is not an error) and progress go; silent unless a command connects it.
    public var notes: any NoteSink

    public init(
        variables: [String: String], workingDirectory: String, home: String? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }, processRunner: any ProcessRunning = SpawnProcessRunner(),
        registry: AgentRegistry = .standard, notes: any NoteSink = SilentNotes()
    ) {
        self.variables = variables
        self.workingDirectory = workingDirectory
        self.home = home ?? Self.home(variables)
        self.clock = clock
        self.processRunner = processRunner
        self.registry = registry
        self.notes = notes
    }

    /// HOME, or the password database's home when HOME is unset.
    public static func home(_ variables: [String: String]) -> String {
        if let h = variables["HOME"], !h.isEmpty { return h }
        return PlatformFacts.passwordHome()
    }

    /// Variable `name` when set and not empty.
    public func variable(_ name: String) -> String? {
        guard let v = variables[name], !v.isEmpty else { return nil }
        return v
    }

    /// Resolve a user-given path against the working directory.
    public func absolute(_ path: String) -> String {
        Paths.absolute(path, relativeTo: workingDirectory)
    }

    public var now: Date { clock() }
}

/// Where the core's notes and progress go. The command line prefixes notes with the tool's name and draws progress
/// on stderr only when it is a terminal; tests and library users may collect them or drop them (`SilentNotes`).
public protocol NoteSink: Sendable {
    /// One line for the user (no tool name, no newline): something worked only in part, without being an error.
    func note(_ line: String)
    /// Whether anybody watches progress (the command line: stderr is a terminal).
    var showsProgress: Bool { get }
    /// Redraws the progress line with `text`; an empty `text` clears it.
    func progress(_ text: String)
}

/// Drops every note and shows no progress.
public struct SilentNotes: NoteSink {
    public init() {}
    public func note(_ line: String) {}
    public var showsProgress: Bool { false }
    public func progress(_ text: String) {}
}
