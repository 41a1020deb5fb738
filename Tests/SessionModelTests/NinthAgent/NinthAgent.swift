import Foundation

@testable import SessionModel

// A stand-in ninth agent, known only to the tests (#14): one folder (this one, with its fixtures in
// Tests/Fixtures/ninth/) plus one line in a registry of the test's own. Nothing in the library names it.

extension AgentKind {
    static let ninth = AgentKind("ninth", displayName: "Ninth Agent", aliases: ["ninth-agent"])
}

extension AgentRegistry {
    /// The standard agents and the ninth.
    static let withNinth = AgentRegistry(AgentRegistry.standard.entries + [.ninth])
}

extension AgentEntry {
    /// `$NINTH_HOME`, else `~/.ninth`; sessions in `<home>/sessions/<id>.jsonl`.
    static let ninth = AgentEntry(
        kind: .ninth, store: { NinthStore(environment: $0) }, homeVariable: "NINTH_HOME",
        home: { NinthStore(environment: $0).root }, storeUnderHome: true, setup: true,
        hooks: AgentHooks(
            file: { Paths.join($0, "hooks.json") }, shape: .flat,
            entries: { c in
                [
                    .init(event: "sessionStart", handler: ["command": .string(c.load), "timeout": 10]),
                    .init(event: "sessionEnd", handler: ["command": .string(c.save), "timeout": 5]),
                ]
            },
            render: { brief in brief.map { "NINTH CONTEXT\n" + $0 } ?? "" }),
        resume: ResumeAgentSpec(
            agent: .ninth, binary: "ninth", mode: .managedID, resumeArguments: { ["--resume", $0] },
            newSessionArguments: { ["--session-id", $0] }, sessionOptions: ["--resume", "--session-id"],
            nonChatOptions: ResumeAgentSpec.help.union(["--version"]), subcommands: ["help"], valueOptions: []),
        setupNote: { _ in "Ninth Agent: restart it." },
        resumeCommand: { "ninth --resume \(StoreSupport.shellQuote($0))" },
        sessionIDVariables: ["NINTH_SESSION_ID"], runsUs: { $0["NINTH"] == "1" })
}

/// The ninth agent's store: a `meta` line, then `user` / `assistant` lines (Tests/Fixtures/README.md, `ninth/`).
struct NinthStore: SessionStore {
    let root: String

    init(environment: AgentEnvironment) {
        root = AgentEntry.home(environment, variable: "NINTH_HOME", else: Paths.join(environment.home, ".ninth"))
    }

    var agent: AgentKind { .ninth }
    var location: String { root + "/sessions" }

    func lines(_ path: String) -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func all() -> [SessionSummary] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: location)) ?? []).filter {
            $0.hasSuffix(".jsonl")
        }
        return names.compactMap { name -> SessionSummary? in
            let path = location + "/" + name
            let lines = lines(path)
            guard let meta = lines.first, meta["type"] as? String == "meta", let id = meta["id"] as? String else {
                return nil
            }
            return SessionSummary(
                agent: .ninth, id: id, path: path, projectPath: meta["cwd"] as? String,
                startedAt: meta["started_at"] as? String, updatedAt: meta["updated_at"] as? String,
                title: meta["title"] as? String, messageCount: lines.count - 1)
        }.sorted { ($0.updatedAt ?? "") > ($1.updatedAt ?? "") }
    }

    func sessions(projectPath: String) throws(SessionError) -> [SessionSummary] {
        all().filter { $0.projectPath == projectPath }
    }

    func session(id: String) throws(SessionError) -> SessionSummary? { all().first { $0.id == id } }

    func read(_ session: SessionSummary, _ visit: (TranscriptEvent) throws(SessionError) -> Void) throws(SessionError)
        -> ReadStats
    {
        var stats = ReadStats()
        for (i, line) in lines(session.path).enumerated() {
            stats.lines += 1
            switch line["type"] as? String {
            case "meta": if let title = line["title"] as? String { try visit(.title(title)) }
            case "user", "assistant":
                stats.messages += 1
                try visit(
                    .message(
                        TranscriptMessage(
                            role: line["type"] as? String == "user" ? .user : .assistant,
                            text: line["text"] as? String ?? "", line: i + 1)))
            default: stats.skipped[line["type"] as? String ?? "?", default: 0] += 1
            }
        }
        return stats
    }

    func tasks(_ session: SessionSummary) throws(SessionError) -> [TaskItem]? { nil }
    func resumeCommand(id: String) -> String { AgentEntry.ninth.resumeCommand(id) }
    func isValidID(_ id: String) -> Bool { IDShapes.isUUID(id) }
}
