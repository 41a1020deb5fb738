#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything a tool touches in the outside world. Tests build one by hand; the executables use `live`.
public struct ToolContext: Sendable {
    public var tool: String
    public var arguments: [String]
    public var environment: [String: String]
    public var workingDirectory: String
    public var clock: @Sendable () -> Date
    public var stdout: any OutputSink
    public var stderr: any OutputSink
    public var stdin: any InputSource
    public var processRunner: any ProcessRunning
    /// The agents the tools know (`AgentRegistry.standard`; tests run the tools with a registry of their own).
    public var registry: AgentRegistry

    public init(
        tool: String, arguments: [String], environment: [String: String], workingDirectory: String,
        clock: @escaping @Sendable () -> Date = { Date() }, stdout: any OutputSink, stderr: any OutputSink,
        stdin: any InputSource = BytesInput(nil as [UInt8]?), processRunner: any ProcessRunning = SpawnProcessRunner(),
        registry: AgentRegistry = .standard
    ) {
        self.tool = tool
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.clock = clock
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self.processRunner = processRunner
        self.registry = registry
    }

    /// The context of this process: its arguments (without the program name), environment, cwd and stdio.
    public static func live(tool: String, arguments: [String]) -> ToolContext {
        let cwd = FileManager.default.currentDirectoryPath
        return ToolContext(
            tool: tool, arguments: Array(arguments.dropFirst()),
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: cwd, stdout: FileDescriptorSink(fd: 1), stderr: FileDescriptorSink(fd: 2),
            stdin: FileDescriptorInput(fd: 0), processRunner: SpawnProcessRunner())
    }

    /// HOME, or the password database's home when HOME is unset.
    public var home: String { AgentEnvironment.home(environment) }

    /// Resolve a user-given path against the working directory.
    public func absolute(_ path: String) -> String {
        Paths.absolute(path, relativeTo: workingDirectory)
    }

    public var now: Date { clock() }

    /// What the core sees of this context: no arguments, no streams but notes (`tool: note: …` on stderr) and
    /// progress (on stderr when it is a terminal).
    public var agentEnvironment: AgentEnvironment {
        AgentEnvironment(
            variables: environment, workingDirectory: workingDirectory, home: home, clock: clock,
            processRunner: processRunner, registry: registry, notes: StderrNotes(tool: tool, stderr: stderr))
    }
}

/// The command line's `NoteSink`: `<tool>: note: <line>` on stderr; progress drawn in place on stderr when it is a
/// terminal.
public struct StderrNotes: NoteSink {
    public let tool: String
    public let stderr: any OutputSink

    public init(tool: String, stderr: any OutputSink) {
        self.tool = tool
        self.stderr = stderr
    }

    public func note(_ line: String) { stderr.line("\(tool): note: \(line)") }
    public var showsProgress: Bool { stderr.isTerminal }
    public func progress(_ text: String) { stderr.write(text.isEmpty ? "\r\u{1B}[K" : "\r" + text) }
}
