/// Copilot's session store. Placeholder: lists nothing until its adapter lands.
public struct CopilotStore: SessionStore {
    public let context: ToolContext
    public init(context: ToolContext) { self.context = context }
    public var agent: AgentKind { .copilot }
    public var location: String { "" }
    public func sessions(projectPath: String) throws -> [SessionSummary] { [] }
    public func session(id: String) throws -> SessionSummary? { nil }
    public func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws -> Void) throws -> ReadStats {
        throw ToolError(.failure, "reading Copilot sessions is not available in this build")
    }
    public func tasks(_ session: SessionSummary) throws -> [TaskItem]? { nil }
    public func resumeCommand(id: String) -> String { "" }
    public func isValidID(_ id: String) -> Bool { IDShapes.isSafeComponent(id) }
}
