#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An agent sessions can be converted into (`convert`, `export-session import` of a transcript): an optional
/// capability of its `AgentEntry`, declared in its folder (`Agents/<Name>/<Name>Convert.swift`).
public struct ConvertTarget: Sendable {
    /// Where a written session goes.
    public struct Destination: Sendable {
        /// The new session's file.
        public var path: String
        /// The agent's store root: the file must stay inside it.
        public var root: String
        /// Files that already hold a session with this id (refused without --force, replaced with it).
        public var existing: [String]

        public init(path: String, root: String, existing: [String]) {
            self.path = path
            self.root = root
            self.existing = existing
        }
    }

    /// What a conversion carries at most (`ConvertBudget`), leaving room in the target model's context.
    public var budget: ConvertBudget
    /// Whether a transcript's own session id can be kept (else a new UUID is used).
    public var keepsID: @Sendable (String) -> Bool
    /// The writer of the agent's native format.
    public var writer: @Sendable (WriterSetup) -> any SessionWriter
    /// Where session `id` of the project at `projectRoot` goes.
    public var destination:
        @Sendable (_ environment: AgentEnvironment, _ projectRoot: String, _ id: String) throws(SessionError) ->
            Destination
    /// After the file is written: what the agent's store needs besides it (e.g. replaced files set aside, an index
    /// updated).
    public var written: @Sendable (_ environment: AgentEnvironment, _ path: String, _ existing: [String]) -> Void

    public init(
        budget: ConvertBudget, keepsID: @escaping @Sendable (String) -> Bool = IDShapes.isUUID,
        writer: @escaping @Sendable (WriterSetup) -> any SessionWriter,
        destination:
            @escaping @Sendable (_ environment: AgentEnvironment, _ projectRoot: String, _ id: String)
            throws(SessionError) -> Destination,
        written: @escaping @Sendable (_ environment: AgentEnvironment, _ path: String, _ existing: [String]) -> Void = {
            _, _, _ in
        }
    ) {
        self.budget = budget
        self.keepsID = keepsID
        self.writer = writer
        self.destination = destination
        self.written = written
    }
}
