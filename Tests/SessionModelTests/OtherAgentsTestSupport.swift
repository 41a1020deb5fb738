import Foundation
import SessionModel

/// Fixture access and small helpers for the Gemini, OpenCode, Copilot, Cursor, Aider and agy store tests.
enum AgentFixtures {
    /// `Tests/Fixtures`.
    static let root = Fixtures.root

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// Copies a fixture file or folder to `destination` (parents created).
    static func copy(_ relative: String, to destination: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: Paths.dirname(destination), withIntermediateDirectories: true)
        if fm.fileExists(atPath: destination) { try fm.removeItem(atPath: destination) }
        try fm.copyItem(atPath: path(relative), toPath: destination)
    }
}

/// An environment with its own HOME (and extra variables) for constructing a store.
func storeEnvironment(_ temp: TempDir, cwd: String? = nil, environment: [String: String] = [:]) -> AgentEnvironment {
    TestRun("test", [], cwd: cwd ?? temp.path, home: temp.home, environment: environment).context.agentEnvironment
}

struct ReadResult {
    var events: [TranscriptEvent] = []
    var stats = ReadStats()
    var messages: [TranscriptMessage] {
        events.compactMap { if case .message(let m) = $0 { return m } else { return nil } }
    }
    var toolCalls: [ToolCall] { messages.flatMap(\.toolCalls) }
    var toolResults: [ToolResult] { messages.flatMap(\.toolResults) }
    var titles: [String] { events.compactMap { if case .title(let t) = $0 { return t } else { return nil } } }
    var compactions: Int { events.filter { if case .compaction = $0 { return true } else { return false } }.count }
    func count(_ role: MessageRole) -> Int { messages.filter { $0.role == role }.count }
}

func readAll(_ store: any SessionStore, _ summary: SessionSummary) throws -> ReadResult {
    var result = ReadResult()
    result.stats = try store.read(summary) { result.events.append($0) }
    return result
}

func mkdirs(_ path: String) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
}

extension AgentFixtures {
    /// Copies a fixture folder (or file) to `destination`, replacing each key of `replacing` in every file's text.
    static func copyTree(_ relative: String, to destination: String, replacing: [String: String] = [:]) throws {
        let fm = FileManager.default
        let source = path(relative)
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: source, isDirectory: &isDir) else {
            throw ToolError(.noInput, "no fixture \(relative)")
        }
        if !isDir.boolValue {
            var text = try String(contentsOfFile: source, encoding: .utf8)
            for (k, v) in replacing { text = text.replacingOccurrences(of: k, with: v) }
            try mkdirs(Paths.dirname(destination))
            try text.write(toFile: destination, atomically: false, encoding: .utf8)
            return
        }
        for name in try fm.contentsOfDirectory(atPath: source) {
            try copyTree(relative + "/" + name, to: destination + "/" + name, replacing: replacing)
        }
    }

    /// Builds a SQLite database at `destination` from a checked-in `.sql` script (no binary fixtures).
    static func buildDatabase(_ script: String, at destination: String, replacing: [String: String] = [:]) throws {
        var sql = try text(script)
        for (k, v) in replacing {
            sql = sql.replacingOccurrences(of: k, with: v.replacingOccurrences(of: "'", with: "''"))
        }
        try mkdirs(Paths.dirname(destination))
        let db = try SQLiteDatabase(path: destination, readOnly: false)
        try db.execute(sql)
    }
}
