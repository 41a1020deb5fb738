import Foundation
import Testing

@testable import SessionModel

/// A store whose reader fails with `failure`. Its `read` is generic over what the visitor throws, so it is the
/// protocol's whether the visitor throws `SessionError` or anything.
private struct FailingReadStore: SessionStore {
    var summary: SessionSummary
    var failure: SessionError
    var agent: AgentKind { summary.agent }
    var location: String { "test" }
    func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] { [summary] }
    func session(id: String) throws(SessionError) -> SessionSummary? { summary.id == id ? summary : nil }
    func read<VisitError: Error>(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(VisitError) -> Void)
        throws(SessionError) -> ReadStats
    { throw failure }
    func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }
    func resumeCommand(id: String) -> String { "" }
    func isValidID(_ id: String) -> Bool { true }
}

/// Issue #14: the exporter no longer re-wraps a reader's failure into "cannot read the session" (65); a failure
/// keeps its kind, so the same failure is the same exit code whichever command meets it.
@Suite struct ExportFailureKindTests {
    @Test(arguments: [SessionError.Kind.busy, .missing, .refused, .badData])
    func aReadersFailureKeepsItsKind(kind: SessionError.Kind) throws {
        let temp = TempDir()
        let summary = SessionSummary(agent: .claude, id: "s1", path: temp.file("s1.jsonl"))
        let failure = SessionError(kind, "the store is locked", file: summary.path)
        let store = FailingReadStore(summary: summary, failure: failure)
        for format in [ExportFormat.json, .markdown, .html] {
            #expect(throws: failure) {
                try SessionExporter.export(
                    summary, store: store, options: .init(format: format), folder: temp.file("out"),
                    environment: storeEnvironment(home: temp.path))
            }
        }
        #expect(FileInfo.list(temp.file("out")).isEmpty, "nothing published, no temp file left")
    }
}
