import Foundation
import Testing

@testable import SessionModel

/// "inspect and export never fail on a session the agent itself can open" (issue #15): every registered agent's
/// fixture sessions (Tests/Fixtures/<agent>/…), each damaged the ways real files are — a last line cut short (a write
/// in progress), a record type from a newer version, a line that is JSON but not an object, a tool call whose
/// arguments are not JSON, known records with fields of other types, bytes that are not UTF-8 — still inspect and
/// export in every format (exit 0), the rest of the session kept. Records kept as files (OpenCode's 2025 storage,
/// agy's inbox) or database rows (OpenCode ≥ 1.2 `part` rows, a Cursor Agent CLI chat's message blobs, Cursor's IDE
/// bubbles, agy's protobuf steps) are damaged the same ways, file by file and row by row.
enum ReadRobustness {
    enum Damage: String, Sendable, CaseIterable {
        case truncatedLastLine = "last line cut short"
        case unknownRecord = "unknown record type"
        case notAnObject = "JSON that is not an object"
        case nonJSONArguments = "tool call with non-JSON arguments"
        case wrongTypes = "known records with every field of another type"
        case invalidUTF8 = "a line that is not UTF-8"
    }

    /// Lines an agent from a newer version, or a broken writer, may leave (the same for every line-based agent).
    static let unknownRecord =
        #"{"type":"x-future-record","timestamp":"2026-01-01T00:00:00.000Z","payload":{"kind":"new","n":1}}"#
    static let notObjects = ["[1,2,3]", #""just a string""#, "42", "null", "true", "[]"]

    struct Scenario: Sendable {
        var agent: AgentKind
        var name: String
        var id: String
        /// Puts the fixture in place for a project folder; returns the environment and the file damaged by lines.
        var setup: @Sendable (_ temp: TempDir, _ project: String) throws -> (env: [String: String], file: String)
        /// This agent's record of a tool call whose arguments are not JSON (nil: its format has no tool calls).
        var badToolCall: String?
        /// `--format native` is refused by design (Cursor's IDE and agy keep these sessions inside their own
        /// databases: exit 1, naming the other formats), damaged or not.
        var nativeRefused = false
        /// For agents whose records are files: adds or damages a record file instead of lines.
        var damageFiles: (@Sendable (_ file: String, _ damage: Damage) throws -> Void)?
    }

    static let scenarios: [Scenario] = [
        Scenario(
            agent: .claude, name: "claude/ours", id: "11111111-1111-4111-8111-111111111111",
            setup: { temp, _ in
                let file = temp.file("claude/projects/-home-dev-app/11111111-1111-4111-8111-111111111111.jsonl")
                try AgentFixtures.copy(
                    "claude/ours/projects/-home-dev-app/11111111-1111-4111-8111-111111111111.jsonl", to: file)
                return (["CLAUDE_CONFIG_DIR": temp.file("claude")], file)
            },
            badToolCall: claudeBadCall("11111111-1111-4111-8111-111111111111")),
        Scenario(
            agent: .claude, name: "claude/real-2.1.329", id: "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10",
            setup: { temp, _ in
                let name =
                    "projects/-tmp-agent-sessions-fixture-sb-projects-app/5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10.jsonl"
                try AgentFixtures.copy("claude/real-2.1.329/" + name, to: temp.file("claude/" + name))
                return (["CLAUDE_CONFIG_DIR": temp.file("claude")], temp.file("claude/" + name))
            },
            badToolCall: claudeBadCall("5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10")),
        Scenario(
            agent: .codex, name: "codex/real-0.163.0", id: "01a1fd34-82b8-7850-8047-159de68d9e13",
            setup: { temp, _ in
                let name = "sessions/2026/11/21/rollout-2026-11-21T08-23-59-01a1fd34-82b8-7850-8047-159de68d9e13.jsonl"
                try AgentFixtures.copy("codex/real-0.163.0/" + name, to: temp.file("codex/" + name))
                return (["CODEX_HOME": temp.file("codex")], temp.file("codex/" + name))
            },
            badToolCall: codexBadCall),
        Scenario(
            agent: .codex, name: "codex/fidelity", id: "019d2222-5555-7555-8555-0000000000f1",
            setup: { temp, _ in
                let name = "sessions/2026/03/01/rollout-2026-03-01T09-00-00-019d2222-5555-7555-8555-0000000000f1.jsonl"
                try AgentFixtures.copy("codex/fidelity/" + name, to: temp.file("codex/" + name))
                return (["CODEX_HOME": temp.file("codex")], temp.file("codex/" + name))
            },
            badToolCall: codexBadCall),
        Scenario(
            agent: .gemini, name: "gemini/fidelity-chats", id: "5e5e5e5e-1111-4222-8333-444455556666",
            setup: { temp, project in
                try geminiFolder(temp, project, "fidelity-chats/session-2026-09-01T10-00-5e5e5e5e.jsonl")
            },
            badToolCall: geminiBadCall),
        Scenario(
            agent: .gemini, name: "gemini/slug-chats", id: "1f0e2d3c-4b5a-4c6d-8e7f-901234567890",
            setup: { temp, project in
                try geminiFolder(temp, project, "slug-chats/session-2026-08-01T10-00-1f0e2d3c.jsonl")
            },
            badToolCall: geminiBadCall),
        Scenario(
            agent: .copilot, name: "copilot/session-state", id: "11111111-aaaa-4bbb-8ccc-000000000001",
            setup: { temp, project in
                let root = temp.home + "/.copilot/session-state"
                try AgentFixtures.copyTree("copilot/session-state", to: root, replacing: ["@PROJECT@": project])
                return ([:], root + "/11111111-aaaa-4bbb-8ccc-000000000001/events.jsonl")
            },
            badToolCall: [
                #"{"type":"assistant.message","data":{"messageId":"m-robust","content":"","toolRequests":[{"toolCallId":"call_robust","name":"bash","arguments":"ls -la (not json","type":"function"}]},"id":"ev-robust","timestamp":"2026-09-01T12:09:00.000Z"}"#,
                #"{"type":"tool.execution_start","data":{"toolCallId":"call_robust","toolName":"bash","arguments":"ls -la (not json"},"id":"ev-robust2","timestamp":"2026-09-01T12:09:01.000Z"}"#,
            ].joined(separator: "\n")),
        Scenario(
            agent: .cursor, name: "cursor/agent-cli transcript", id: "d2d2d2d2-2222-4333-8444-555566667777",
            setup: { temp, project in
                let id = "d2d2d2d2-2222-4333-8444-555566667777"
                let file =
                    temp.home
                    + "/.cursor/projects/\(CursorAgentChats.slug(project))/agent-transcripts/\(id)/\(id).jsonl"
                try AgentFixtures.copy("cursor/agent-cli/transcript-\(id).jsonl", to: file)
                return ([:], file)
            },
            badToolCall:
                #"{"role": "assistant", "message": {"content": [{"type": "tool_use", "name": "Shell", "input": "ls -la (not json"}]}}"#
        ),
        Scenario(
            agent: .aider, name: "aider/aider.chat.history.md", id: "2025-01-02T09-30-00",
            setup: { _, project in
                let file = project + "/.aider.chat.history.md"
                try AgentFixtures.copy("aider/aider.chat.history.md", to: file)
                return ([:], file)
            }),
        Scenario(
            agent: .opencode, name: "opencode/storage (JSON files)", id: "ses_L1legacyAAAAAAAAAAAAAAAA",
            setup: { temp, project in
                let data = temp.file("xdg/opencode")
                try AgentFixtures.copyTree("opencode/storage", to: data + "/storage", replacing: ["@PROJECT@": project])
                return (["XDG_DATA_HOME": temp.file("xdg")], data + "/storage/part/msg_L2/prt_L2b.json")
            },
            badToolCall: "",
            damageFiles: { file, damage in
                let folder = Paths.dirname(file)
                switch damage {
                case .truncatedLastLine:
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
                case .unknownRecord:
                    try
                        #"{"id":"prt_L2z","messageID":"msg_L2","sessionID":"ses_L1legacyAAAAAAAAAAAAAAAA","type":"x-future-part","data":{"n":1}}"#
                        .write(toFile: folder + "/prt_L2z.json", atomically: false, encoding: .utf8)
                case .notAnObject:
                    for (i, text) in notObjects.enumerated() {
                        try text.write(toFile: folder + "/prt_L2y\(i).json", atomically: false, encoding: .utf8)
                    }
                case .nonJSONArguments:
                    try
                        #"{"id":"prt_L2x","messageID":"msg_L2","sessionID":"ses_L1legacyAAAAAAAAAAAAAAAA","type":"tool","callID":"call_9","tool":"bash","state":{"status":"completed","input":"ls -la (not json","output":"ok"}}"#
                        .write(toFile: folder + "/prt_L2x.json", atomically: false, encoding: .utf8)
                case .wrongTypes, .invalidUTF8:
                    try ReadRobustness.damageRecordFile(file, damage, into: folder + "/prt_L2w")
                }
            }),
        Scenario(
            agent: .opencode, name: "opencode/opencode.db", id: "ses_01JZK7AAAAAAAAAAAAAAAAAAAA",
            setup: { temp, project in
                let db = temp.file("xdg/opencode/opencode.db")
                try AgentFixtures.buildDatabase("opencode/opencode.sql", at: db, replacing: ["@PROJECT@": project])
                return (["XDG_DATA_HOME": temp.file("xdg")], db)
            },
            badToolCall: "",
            damageFiles: { db, damage in
                // Part rows of the session's assistant message (`part.data` is one JSON record).
                let data: [String]
                switch damage {
                case .truncatedLastLine:
                    try damageRow(db, "UPDATE part SET data = substr(data, 1, length(data) / 2) WHERE id = 'prt_005c'")
                    return
                case .unknownRecord: data = [#"{"type":"x-future-part","payload":{"n":1}}"#]
                case .notAnObject: data = notObjects
                case .nonJSONArguments:
                    data = [
                        #"{"type":"tool","callID":"toolu_9","tool":"bash","state":{"status":"completed","input":"ls -la (not json","output":"ok"}}"#
                    ]
                case .wrongTypes:
                    let rows = try SQLiteDatabase(path: db, readOnly: true).rows(
                        "SELECT data FROM part WHERE session_id = 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA'")
                    data = rows.compactMap { row -> String? in
                        if case .text(let t) = row[0] { return t }
                        return nil
                    }.flatMap { text in
                        ((try? JSONParser.parse(text)).map(confused) ?? []).map { JSONWriter.compactString($0) }
                    }
                case .invalidUTF8:
                    try damageRow(
                        db,
                        "INSERT INTO part VALUES ('prt_zz_utf8', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', "
                            + "1785000000950, 1785000000950, CAST(X'7B2274797065223A2274657874222C2274657874223A22FFFEC3227D' AS TEXT))"
                    )
                    return
                }
                for (i, text) in data.enumerated() {
                    try damageRow(
                        db,
                        "INSERT INTO part VALUES ('prt_zz\(i)', 'msg_002', 'ses_01JZK7AAAAAAAAAAAAAAAAAAAA', "
                            + "1785000000950, 1785000000950, ?)", [.text(text)])
                }
            }),
        Scenario(
            agent: .cursor, name: "cursor/agent-cli store.db", id: "c1c1c1c1-2222-4333-8444-555566667777",
            setup: { temp, project in
                let id = "c1c1c1c1-2222-4333-8444-555566667777"
                let db = temp.home + "/.cursor/chats/\(MD5.hex(Array(project.utf8)))/\(id)/store.db"
                try AgentFixtures.buildDatabase("cursor/agent-cli/store-\(id).sql", at: db)
                return ([:], db)
            },
            badToolCall: "",
            damageFiles: { db, damage in
                // The chat's last message blobs (content-addressed JSON messages listed by the root blob).
                let last = "c68d49d9%"
                let tool = "4fef8866%"
                func set(_ pattern: String, _ bytes: [UInt8]) throws {
                    try damageRow(db, "UPDATE blobs SET data = ? WHERE id LIKE ?", [.blob(bytes), .text(pattern)])
                }
                let original = try SQLiteDatabase(path: db, readOnly: true).rows(
                    "SELECT data FROM blobs WHERE id LIKE ?", [.text(last)]
                ).first?.first
                guard case .blob(let bytes)? = original else { throw ToolError(.noInput, "no blob \(last)") }
                switch damage {
                case .truncatedLastLine: try set(last, Array(bytes.prefix(bytes.count / 2)))
                case .unknownRecord:
                    try set(last, Array(#"{"role":"x-future","content":[{"type":"x-part","n":1}]}"#.utf8))
                    try set(tool, Array(#"{"role":"assistant","content":[{"type":"x-future-part"}]}"#.utf8))
                case .notAnObject:
                    try set(last, Array("[1,2,3]".utf8))
                    try set(tool, Array("42".utf8))
                case .nonJSONArguments:
                    try set(
                        last,
                        Array(
                            #"{"role":"assistant","content":[{"type":"tool-call","toolCallId":"tool_9","toolName":"run_terminal_cmd","args":"ls -la (not json"}]}"#
                                .utf8))
                case .wrongTypes:
                    let copies = confused(try JSONParser.parse(bytes))
                    try set(last, JSONWriter.compact(copies[0]))
                    try set(tool, JSONWriter.compact(copies[1]))
                case .invalidUTF8:
                    try set(
                        last, Array(#"{"role":"assistant","content":""#.utf8) + [0xFF, 0xFE, 0xC3] + Array("\"}".utf8))
                }
            }),
        Scenario(
            agent: .cursor, name: "cursor/IDE state.vscdb", id: "c1c1c1c1-0000-4000-8000-000000000001",
            setup: { temp, project in
                let db = temp.home + "/.config/Cursor/User/globalStorage/state.vscdb"
                try AgentFixtures.buildDatabase("cursor/global.sql", at: db, replacing: ["@PROJECT@": project])
                return (["XDG_CONFIG_HOME": temp.home + "/.config"], db)
            },
            badToolCall: "", nativeRefused: true,
            damageFiles: { db, damage in
                // The composer's bubbles (one JSON value each in cursorDiskKV): the last answer and the tool call.
                let prefix = "bubbleId:c1c1c1c1-0000-4000-8000-000000000001:"
                func set(_ bubble: String, _ value: SQLiteValue) throws {
                    try damageRow(
                        db, "UPDATE cursorDiskKV SET value = ? WHERE key = ?", [value, .text(prefix + bubble)])
                }
                func original(_ bubble: String) throws -> String {
                    let database = try SQLiteDatabase(path: db, readOnly: true)
                    let rows = try database.rows(
                        "SELECT value FROM cursorDiskKV WHERE key = ?", [.text(prefix + bubble)])
                    switch rows.first?.first {
                    case .text(let t)?: return t
                    case .blob(let b)?: return String(decoding: b, as: UTF8.self)
                    default: throw ToolError(.noInput, "no bubble \(bubble)")
                    }
                }
                switch damage {
                case .truncatedLastLine:
                    let text = try original("b5")
                    try set("b5", .text(String(text.prefix(text.count / 2))))
                case .unknownRecord: try set("b5", .text(#"{"_v":9,"type":99,"bubbleId":"b5","hologram":{"n":1}}"#))
                case .notAnObject:
                    try set("b5", .text("[1,2,3]"))
                    try set("b2", .text("42"))
                case .nonJSONArguments:
                    try set(
                        "b3",
                        .text(
                            #"{"_v":2,"type":2,"bubbleId":"b3","text":"","toolFormerData":{"tool":7,"name":"edit_file","toolCallId":"tc1","status":"completed","rawArgs":"ls -la (not json","params":"{also not","result":"{nor this"}}"#
                        ))
                case .wrongTypes:
                    let copies =
                        try confused(JSONParser.parse(original("b3"))) + confused(JSONParser.parse(original("b5")))
                    for (bubble, copy) in zip(["b2", "b3", "b4", "b5"], copies) {
                        try set(bubble, .text(JSONWriter.compactString(copy)))
                    }
                case .invalidUTF8:
                    try set(
                        "b5", .blob(Array(#"{"_v":2,"type":2,"text":""#.utf8) + [0xFF, 0xFE, 0xC3] + Array("\"}".utf8)))
                }
            }),
        Scenario(
            agent: .agy, name: "agy/conversations db (protobuf steps)", id: "f4f4f4f4-1111-4222-8333-000000000006",
            setup: { temp, project in
                let root = temp.home + "/.gemini/antigravity-cli"
                try AgentFixtures.copyTree("agy/db", to: root, replacing: ["@PROJECT@": project])
                let db = root + "/conversations/f4f4f4f4-1111-4222-8333-000000000006.db"
                try AgentFixtures.buildDatabase("agy/db/conversations/f4f4f4f4-1111-4222-8333-000000000006.sql", at: db)
                return ([:], db)
            },
            badToolCall: "", nativeRefused: true,
            damageFiles: { db, damage in
                // Step payloads are protobuf: cut one short, or put other things where a step goes.
                let payloads: [[UInt8]]
                switch damage {
                case .truncatedLastLine:
                    try damageRow(
                        db,
                        "UPDATE steps SET step_payload = substr(step_payload, 1, length(step_payload) / 2) "
                            + "WHERE idx = (SELECT max(idx) FROM steps)")
                    return
                case .unknownRecord: payloads = [[0x08, 0x63, 0x12, 0x03, 0x61, 0x62, 0x63]]  // step kind 99
                case .notAnObject: payloads = notObjects.map { Array($0.utf8) } + [[]]
                case .nonJSONArguments:
                    payloads = [[0x08, 0x0F, 0x22, 0x14] + Array("run_command{not json".utf8)]
                case .wrongTypes: payloads = [[0x0A, 0xFF, 0xFF, 0xFF, 0x0F], [0x08, 0x0E, 0x22, 0x80]]
                case .invalidUTF8: payloads = [[0x08, 0x0E, 0x22, 0x03, 0xFF, 0xFE, 0xC3]]
                }
                for (i, bytes) in payloads.enumerated() {
                    try damageRow(
                        db, "INSERT INTO steps (idx, step_type, step_payload) VALUES (?, 15, ?)",
                        [.int(Int64(100 + i)), .blob(bytes)])
                }
            }),
        Scenario(
            agent: .agy, name: "agy/fidelity transcript_full", id: "d6d6d6d6-1111-4222-8333-000000000004",
            setup: { temp, project in
                let root = temp.home + "/.gemini/antigravity-cli"
                try AgentFixtures.copyTree("agy/fidelity", to: root, replacing: ["@PROJECT@": project])
                return (
                    [:],
                    root + "/brain/d6d6d6d6-1111-4222-8333-000000000004/.system_generated/logs/transcript_full.jsonl"
                )
            },
            badToolCall: agyBadCall),
        Scenario(
            agent: .agy, name: "agy/brain transcript", id: "a9a9a9a9-1111-4222-8333-000000000001",
            setup: { temp, _ in
                let root = temp.home + "/.gemini/antigravity-cli"
                try AgentFixtures.copyTree("agy/brain", to: root + "/brain")
                return (
                    [:], root + "/brain/a9a9a9a9-1111-4222-8333-000000000001/.system_generated/logs/transcript.jsonl"
                )
            },
            badToolCall: agyBadCall),
        Scenario(
            agent: .agy, name: "agy/inbox (message files)", id: "e5e5e5e5-1111-4222-8333-000000000008",
            setup: { temp, project in
                let root = temp.home + "/.gemini/antigravity-cli"
                try AgentFixtures.copyTree("agy/inbox", to: root, replacing: ["@PROJECT@": project])
                return (
                    [:],
                    root + "/brain/e5e5e5e5-1111-4222-8333-000000000008/.system_generated/messages/"
                        + "0a9b8c7d-0000-4000-8000-000000000001.json"
                )
            },
            badToolCall: "",
            damageFiles: { file, damage in
                let folder = Paths.dirname(file)
                switch damage {
                case .truncatedLastLine:
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
                case .unknownRecord:
                    try #"{"kind":"x-future-message","payload":{"n":1}}"#
                        .write(
                            toFile: folder + "/d0d0d0d0-0000-4000-8000-00000000000a.json", atomically: false,
                            encoding: .utf8)
                case .notAnObject:
                    for (i, text) in notObjects.enumerated() {
                        try text.write(toFile: folder + "/not-an-object-\(i).json", atomically: false, encoding: .utf8)
                    }
                case .nonJSONArguments:
                    try
                        #"{"id":"m-robust","sender":"e5e5e5e5-1111-4222-8333-000000000008/task-9","recipient":"e5e5e5e5-1111-4222-8333-000000000008","content":"done","sourceMetadata":{"tool":{"stepIndex":"nine","toolCall":{"name":"run_command","argumentsJson":"ls -la (not json"}}}}"#
                        .write(
                            toFile: folder + "/d0d0d0d0-0000-4000-8000-00000000000b.json", atomically: false,
                            encoding: .utf8)
                case .wrongTypes, .invalidUTF8:
                    try ReadRobustness.damageRecordFile(file, damage, into: folder + "/d0d0d0d0-wrong")
                }
            }),
    ]

    /// Runs one statement on a (test-built) database.
    static func damageRow(_ db: String, _ sql: String, _ parameters: [SQLiteValue] = []) throws {
        try SQLiteDatabase(path: db, readOnly: false).query(sql, parameters)
    }

    static func claudeBadCall(_ id: String) -> String {
        #"{"parentUuid":null,"isSidechain":false,"type":"assistant","uuid":"u-robust","sessionId":"\#(id)","timestamp":"2026-01-01T00:00:00.000Z","message":{"role":"assistant","content":[{"type":"tool_use","id":"toolu_robust","name":"Bash","input":"ls -la (not json"}]}}"#
    }
    static let codexBadCall = [
        #"{"timestamp":"2026-11-21T09:00:00.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"ls -la (not json","call_id":"call_robust"}}"#,
        #"{"timestamp":"2026-11-21T09:00:01.000Z","type":"response_item","payload":{"type":"custom_tool_call","name":"apply_patch","input":{"not":"a string"},"call_id":"call_robust2"}}"#,
    ].joined(separator: "\n")
    static let geminiBadCall =
        #"{"id":"g-robust","timestamp":"2026-09-01T10:09:00.000Z","type":"gemini","content":"","toolCalls":[{"id":"run-robust","name":"run_shell_command","args":"ls -la (not json","status":"success"}]}"#
    static let agyBadCall = [
        #"{"step_index":90,"source":"MODEL","type":"PLANNER_RESPONSE","status":"DONE","created_at":"2026-11-02T09:09:00Z","content":"","tool_calls":[{"name":"run_command","args":"ls -la (not json"}]}"#,
        #"{"step_index":91,"source":"MODEL","type":"PLANNER_RESPONSE","status":"DONE","created_at":"2026-11-02T09:09:01Z","content":"","tool_calls":[{"name":"run_command","arguments":"{\"Cwd\": "}]}"#,
    ].joined(separator: "\n")

    static func geminiFolder(_ temp: TempDir, _ project: String, _ fixture: String) throws
        -> (env: [String: String], file: String)
    {
        let folder = temp.home + "/.gemini/tmp/proj"
        try mkdirs(folder)
        try (project + "\n").write(toFile: folder + "/.project_root", atomically: false, encoding: .utf8)
        let file = folder + "/chats/" + Paths.basename(fixture)
        try AgentFixtures.copy("gemini/" + fixture, to: file)
        return ([:], file)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var scenario: Int
        var damage: Damage
        var testDescription: String { "\(ReadRobustness.scenarios[scenario].name): \(damage.rawValue)" }
    }

    static func cases() -> [Case] {
        scenarios.indices.flatMap { i in
            Damage.allCases.filter { $0 != .nonJSONArguments || scenarios[i].badToolCall != nil }.map {
                Case(scenario: i, damage: $0)
            }
        }
    }

    /// Damages `file` with lines: cuts its last line in half (no newline after it) or appends records.
    static func damageLines(_ file: String, _ damage: Damage, badToolCall: String?) throws {
        var text = try String(contentsOfFile: file, encoding: .utf8)
        switch damage {
        case .truncatedLastLine:
            while text.hasSuffix("\n") { text.removeLast() }
            let start = text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
            let last = text[start...]
            text = String(text[..<start]) + String(last.prefix(max(1, last.count / 2)))
        case .unknownRecord:
            text += (text.hasSuffix("\n") ? "" : "\n") + unknownRecord + "\n"
        case .notAnObject:
            text += (text.hasSuffix("\n") ? "" : "\n") + notObjects.joined(separator: "\n") + "\n"
        case .nonJSONArguments:
            text += (text.hasSuffix("\n") ? "" : "\n") + (badToolCall ?? "") + "\n"
        case .wrongTypes:
            // The file's first records again, each field (but the record's `type` and `role`) of another type.
            let copies = text.split(separator: "\n").prefix(12).flatMap { line -> [String] in
                guard let value = try? JSONParser.parse(String(line)) else { return [] }
                return confused(value).map { JSONWriter.compactString($0) }
            }
            text += (text.hasSuffix("\n") ? "" : "\n") + copies.joined(separator: "\n") + "\n"
        case .invalidUTF8:
            var bytes = Array(text.utf8)
            if bytes.last != 0x0A { bytes.append(0x0A) }
            bytes += Array(#"{"type":"user","content":""#.utf8) + [0xFF, 0xFE, 0xC3] + Array("\"}\n".utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            return
        }
        try text.write(toFile: file, atomically: false, encoding: .utf8)
    }

    /// For agents whose records are files: the record in `file` again with fields of other types, or a record that
    /// is not UTF-8, as new files `<prefix>-<n>.json`.
    static func damageRecordFile(_ file: String, _ damage: Damage, into prefix: String) throws {
        if damage == .invalidUTF8 {
            let bytes = Array(#"{"type":"text","content":""#.utf8) + [0xFF, 0xFE, 0xC3] + Array("\"}\n".utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: prefix + "-0.json"))
            return
        }
        let value = try JSONParser.parse(try String(contentsOfFile: file, encoding: .utf8))
        for (i, copy) in confused(value).enumerated() {
            try JSONWriter.compactString(copy).write(toFile: prefix + "-\(i).json", atomically: false, encoding: .utf8)
        }
    }

    /// Two copies of the record `value` with its fields of other types (the keys that say what a record is —
    /// `type`, `role`, `kind` — kept): its fields themselves swapped (object ↔ array, string ↔ number, bool → null),
    /// and its containers kept with every leaf inside swapped.
    static func confused(_ value: JSONValue) -> [JSONValue] {
        guard case .object(let o) = value else { return [] }
        func keep(_ key: String) -> Bool { ["type", "role", "kind"].contains(key) }
        func swap(_ v: JSONValue) -> JSONValue {
            switch v {
            case .object(let inner): return .array([.object(inner)])
            case .array(let a): return .object(["0": a.first ?? .null])
            case .string: return .int(42)
            case .bool: return .null
            case .null: return .string("null")
            case .number: return .string("not a number")
            }
        }
        func leaves(_ v: JSONValue) -> JSONValue {
            switch v {
            case .object(let inner):
                return .object(
                    Dictionary(uniqueKeysWithValues: inner.map { ($0.key, keep($0.key) ? $0.value : leaves($0.value)) })
                )
            case .array(let a): return .array(a.map(leaves))
            default: return swap(v)
            }
        }
        return [
            .object(Dictionary(uniqueKeysWithValues: o.map { ($0.key, keep($0.key) ? $0.value : swap($0.value)) })),
            leaves(value),
        ]
    }
}

@Suite struct ReadRobustnessTests {
    @Test func everyRegisteredAgentHasAScenario() {
        let covered = Set(ReadRobustness.scenarios.map(\.agent.rawValue))
        #expect(covered == Set(AgentRegistry.standard.kinds.map(\.rawValue)))
    }

    @Test(arguments: ReadRobustness.cases())
    func inspectAndEveryExportFormatSucceedOnADamagedSession(_ c: ReadRobustness.Case) throws {
        let scenario = ReadRobustness.scenarios[c.scenario]
        let temp = TempDir()
        let project = temp.file("work/project")
        try mkdirs(project)
        let (env, file) = try scenario.setup(temp, project)
        if let damageFiles = scenario.damageFiles {
            try damageFiles(file, c.damage)
        } else {
            try ReadRobustness.damageLines(file, c.damage, badToolCall: scenario.badToolCall)
        }
        let agent = scenario.agent.rawValue
        let (code, run) = runExportSession(
            ["inspect", "--agent", agent, "--session", scenario.id, "--json"], cwd: project, home: temp.home,
            environment: env)
        #expect(code == 0, "inspect: \(run.stderr.text)")
        if code == 0 {
            let json = try JSONParser.parse(run.stdout.text)
            let counts = ["user", "assistant", "system"].compactMap { json["messages"]?[$0]?.intValue }
            #expect(counts.reduce(0, +) > 0, "inspect found nothing: \(run.stdout.text)")
        }
        for format in ExportFormat.allCases {
            let out = temp.file("out-\(format.rawValue)")
            let (code, run) = runExportSession(
                ["--agent", agent, "--session", scenario.id, "--format", format.rawValue, "--out", out], cwd: project,
                home: temp.home, environment: env)
            if format == .native && scenario.nativeRefused {
                #expect(code == 1 && run.stderr.text.contains("no native file"), "\(run.stderr.text)")
                continue
            }
            #expect(code == 0, "export --format \(format.rawValue): \(run.stderr.text)")
            if code == 0 {
                let written = FileInfo.list(out).filter { !$0.hasPrefix(".") }
                #expect(written.count == 1, "export --format \(format.rawValue) wrote \(written)")
            }
        }
    }
}
