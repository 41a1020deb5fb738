#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `export-session import` of an agent's own exported file: an optional capability of its `AgentEntry`, declared in
/// its folder (`Agents/<Name>/<Name>Import.swift`).
public struct NativeImport: Sendable {
    public struct Request: Sendable {
        public var file: String
        /// The session id the file names, when it names one.
        public var sessionID: String?
        /// The agent the user asked for (`--agent`), when given.
        public var requested: AgentKind?
        public var projectRoot: String
        public var force: Bool
        public var environment: AgentEnvironment
        public var redact: Bool
        /// Every check runs; returns what it would write before its first write.
        public var dryRun: Bool
    }

    /// From the file's first line (its bytes, parsed when JSON): nil when it is not the agent's file, else the
    /// session id it names (nil inside: none).
    public var firstLine: (@Sendable (_ line: [UInt8], _ json: JSONValue?, _ path: String) -> String??)?
    /// Reading on (tried after every agent's `firstLine`): the session id when it is the agent's file.
    public var readingOn: (@Sendable (_ path: String) throws(SessionError) -> String?)?
    /// Puts the file into the agent's store.
    public var run: @Sendable (Request) throws(SessionError) -> WrittenSession

    public init(
        firstLine: (@Sendable (_ line: [UInt8], _ json: JSONValue?, _ path: String) -> String??)? = nil,
        readingOn: (@Sendable (_ path: String) throws(SessionError) -> String?)? = nil,
        run: @escaping @Sendable (Request) throws(SessionError) -> WrittenSession
    ) {
        self.firstLine = firstLine
        self.readingOn = readingOn
        self.run = run
    }
}
