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

/// Issue #14: `export-session convert` reads a session as `export` does — a reader's failure keeps its kind (a refusal
/// stays 1, it is not re-wrapped as bad data, 65) and nothing is written into the target agent's store.
@Suite struct ConvertFailureKindTests {
    @Test(arguments: [SessionError.Kind.refused, .busy, .missing, .badData])
    func aReadersFailureKeepsItsKind(kind: SessionError.Kind) throws {
        let temp = TempDir()
        let summary = SessionSummary(agent: .claude, id: "s1", path: temp.file("s1.jsonl"))
        let failure = SessionError(kind, "the store is locked", file: summary.path)
        let store = FailingReadStore(summary: summary, failure: failure)
        let header = TranscriptHeader(summary: summary, exportedAt: "x", redacted: false)
        let environment = storeEnvironment(home: temp.home, cwd: temp.path)
        func files() -> [String] {
            (FileManager.default.enumerator(atPath: temp.home)?.allObjects as? [String] ?? []).filter {
                FileInfo.isFile(temp.home + "/" + $0)
            }
        }
        #expect(throws: failure) {
            try SessionImporter.convert(
                source: header, target: .codex, projectRoot: temp.path, environment: environment
            ) { (visit) throws(SessionError) in try ExportSessionCommand.readForConvert(store, summary, visit) }
        }
        #expect(ToolError(failure).code == ExitCode(kind), "the exit code is the kind's")
        #expect(files().isEmpty, "nothing written into the agent's folder, no temp file left")
    }
}

/// Issue #14: the installer's remedy for a payload without skills is worded as the hint it replaced.
@Test func payloadSourceRemedyKeepsItsWording() throws {
    let temp = TempDir()
    #expect(throws: SessionError.self) { try Installer.skillNames(in: temp.path) }
    do {
        _ = try Installer.skillNames(in: temp.path)
    } catch {
        #expect(error.kind == .missing)
        #expect(
            ToolError(error).hint
                == "run 'make install', or pass --source DIR (or AGENT_SESSIONS_SHARE) pointing at a folder with skills/ and commands/"
        )
    }
}
