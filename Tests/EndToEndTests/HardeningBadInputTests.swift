import Foundation
import SessionModel
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A broken thing put where one of our files should be.
struct Defect: Sendable {
    enum Shape: Sendable {
        case bytes([UInt8])
        /// Generated at test time (e.g. 50 MB), never committed.
        case generated(@Sendable () -> [UInt8])
        case directory
        case fifo
        case symlink(to: String)
        /// Valid content with mode 000.
        case unreadable([UInt8])
    }

    var name: String
    var shape: Shape
    /// The documented exit code (docs/exit-codes.md).
    var code: Int32
    /// The 1-based line the message must name, when the defect has one.
    var line: Int?
    /// A few words the one-line message must contain.
    var says: String
}

/// One file we own, the commands that read it, and the defects it is tested against.
struct OwnedFile: Sendable {
    var name: String
    /// Relative to the project folder.
    var relativePath: String
    /// Command lines (tool first) that read the file; each must fail cleanly on every defect.
    var commands: [[String]]
    var defects: [Defect]
}

/// The corpus: add a file we own as a row of `files`; its defects are the JSON ones plus its own wrong types.
enum BadInputCorpus {
    static let validState: [UInt8] = JSONWriter.pretty([
        "version": "1.0", "timestamp": "2026-11-21T08:00:00Z", "completed": ["write the parser"],
        "in_progress": ["fuzz it"], "pending": ["ship it"],
        "context": [
            "branch": "main", "last_commit": nil, "last_commit_message": nil, "modified_files": [],
            "notes": "café ✓",
        ],
    ])

    static func lineOf(offset: Int, in bytes: [UInt8]) -> Int { bytes[..<offset].filter { $0 == 0x0A }.count + 1 }

    /// Defects every JSON file we own must survive, built around a valid document.
    static func jsonDefects(valid: [UInt8]) -> [Defect] {
        let cut = valid.count * 6 / 10
        let conflicted = Array(
            "{\n  \"version\": \"1.0\",\n<<<<<<< HEAD\n  \"pending\": [\"a\"]\n=======\n  \"pending\": [\"b\"]\n>>>>>>> other\n}\n"
                .utf8)
        let badUTF8 =
            Array("{\n  \"version\": \"1.0\",\n  \"timestamp\": \"".utf8) + [0xFF, 0xFE, 0xC3] + Array("\"\n}\n".utf8)
        let nul =
            Array("{\n  \"version\": \"1.0\",\n  \"timestamp\": \"x\",\n  \"pending\": [\"a".utf8) + [0]
            + Array("\"]\n}\n".utf8)
        return [
            Defect(name: "empty file", shape: .bytes([]), code: 65, line: nil, says: "empty"),
            Defect(name: "whitespace only", shape: .bytes(Array(" \n\t\n".utf8)), code: 65, line: nil, says: "empty"),
            Defect(
                name: "truncated JSON", shape: .bytes(Array(valid[..<cut])), code: 65,
                line: lineOf(offset: cut, in: valid), says: "invalid JSON"),
            Defect(name: "git conflict markers", shape: .bytes(conflicted), code: 65, line: 3, says: "conflict"),
            Defect(name: "invalid UTF-8", shape: .bytes(badUTF8), code: 65, line: 3, says: "UTF-8"),
            Defect(name: "NUL byte", shape: .bytes(nul), code: 65, line: 4, says: "NUL"),
            Defect(
                name: "50 MB single line",
                shape: .generated({
                    Array("{\"version\": \"1.0\", \"context\": {\"notes\": \"".utf8)
                        + [UInt8](repeating: UInt8(ascii: "a"), count: 50 << 20)
                }), code: 65, line: 1, says: "unterminated string"),
            Defect(
                name: "nesting 100 000 deep",
                shape: .generated({ [UInt8](repeating: UInt8(ascii: "["), count: 100_000) }),
                code: 65, line: 1, says: "nesting"),
            Defect(
                name: "top level is an array", shape: .bytes(Array("[1, 2]\n".utf8)), code: 65, line: nil,
                says: "expected a JSON object"),
            Defect(name: "a folder where the file should be", shape: .directory, code: 65, line: nil, says: "folder"),
            Defect(
                name: "a FIFO where the file should be", shape: .fifo, code: 65, line: nil, says: "not a regular file"),
            Defect(
                name: "a symlink to /dev/zero", shape: .symlink(to: "/dev/zero"), code: 65, line: nil,
                says: "not a regular file"),
            Defect(name: "unreadable permissions", shape: .unreadable(valid), code: 66, line: nil, says: "cannot read"),
        ]
    }

    static let stateWrongTypes: [Defect] = [
        Defect(
            name: "completed is a string", shape: .bytes(Array("{\"completed\": \"all of it\"}\n".utf8)), code: 65,
            line: nil, says: "\"completed\" must be an array"),
        Defect(
            name: "context is an array", shape: .bytes(Array("{\"context\": []}\n".utf8)), code: 65, line: nil,
            says: "\"context\" must be an object"),
        Defect(
            name: "notes is a number", shape: .bytes(Array("{\"context\": {\"notes\": 5}}\n".utf8)), code: 65,
            line: nil, says: "\"context.notes\" must be a string"),
        Defect(
            name: "timestamp is an object", shape: .bytes(Array("{\"timestamp\": {}}\n".utf8)), code: 65, line: nil,
            says: "\"timestamp\" must be a string"),
    ]

    static let files: [OwnedFile] = [
        OwnedFile(
            name: "claude-state.json", relativePath: ".claude/claude-state.json",
            commands: [
                ["load-state"], ["load-state", "--json"], ["load-state", "--format", "todowrite"],
                ["save-state", "new notes"], ["save-state", "--json", "--pending", "x", "--force"],
            ],
            defects: jsonDefects(valid: validState) + stateWrongTypes),
        // Prepared for save-session (#4): runs as soon as its --help offers --summary.
        OwnedFile(
            name: "sessions.json", relativePath: "docs/.ai/sessions.json",
            commands: [
                [
                    "save-session", "--session-id", "0b7e3f52-9a1c-4d2e-8f60-5a4b3c2d1e0f", "--agent",
                    "claude", "--summary", "hardening",
                ],
                ["save-session", "list"],
            ],
            defects: jsonDefects(valid: JSONWriter.pretty(["sessions": []])) + [
                Defect(
                    name: "sessions is a string", shape: .bytes(Array("{\"sessions\": \"x\"}\n".utf8)),
                    code: 65, line: nil, says: "sessions")
            ]),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var file: OwnedFile
        var defect: Defect
        var testDescription: String { "\(file.name): \(defect.name)" }
    }

    /// Every row × every defect.
    static func cases() -> [Case] {
        files.flatMap { f in f.defects.map { Case(file: f, defect: $0) } }
    }
}

@Suite struct HardeningBadInputTests {
    /// Every defect × every command that reads the file: the documented exit code, one line on stderr naming the
    /// file (and the line), a JSON error with `--json`, no crash, and the input and its folder unchanged.
    @Test(arguments: BadInputCorpus.cases())
    func brokenFileIsReportedAndLeftUntouched(_ c: BadInputCorpus.Case) throws {
        try check(c)
    }

    func check(_ c: BadInputCorpus.Case) throws {
        let sb = Sandbox()
        let repo = try sb.makeRepo()
        let path = repo + "/" + c.file.relativePath
        let folder = Paths.dirname(path)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var expectedCode = c.defect.code
        var expectedSays = c.defect.says
        switch c.defect.shape {
        case .bytes(let b): try Data(b).write(to: URL(fileURLWithPath: path))
        case .generated(let make): try Data(make()).write(to: URL(fileURLWithPath: path))
        case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .fifo: #expect(mkfifo(path, 0o644) == 0)
        case .symlink(let target): try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        case .unreadable(let b):
            try Data(b).write(to: URL(fileURLWithPath: path))
            #expect(chmod(path, 0) == 0)
            if Hardening.isRoot {
                // Root reads through mode 000, so there is nothing to refuse: what matters then is that the file is
                // read normally and a rewrite keeps its mode (AtomicFile copies the old permissions).
                expectedCode = 0
                expectedSays = ""
            }
        }
        let before = snapshot(path)
        let folderBefore = sb.tree(folder)

        for command in c.file.commands {
            let tool = command[0]
            let run = try sb.run(tool, Array(command.dropFirst()), cwd: repo, timeout: 60)
            let label = "\(command.joined(separator: " ")) on \(c.testDescription)"
            #expect(run.status == expectedCode, "\(label): exit \(run.status), stderr: \(run.stderr)")
            if expectedCode == 0 {
                if tool.hasPrefix("save") {
                    var info = stat()
                    #expect(stat(path, &info) == 0 && info.st_mode & 0o7777 == 0, "\(label): mode not kept")
                }
                continue
            }
            let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "\(label): not one line: \(run.stderr)")
            let message = String(lines.first ?? "")
            #expect(message.hasPrefix("\(tool): error: "), "\(label): \(message)")
            // Named absolutely, or relative to the project (the working directory of the run).
            #expect(
                message.contains(Paths.physical(path)) || message.contains(path)
                    || message.contains(": error: " + c.file.relativePath),
                "\(label): file not named: \(message)")
            if let line = c.defect.line {
                #expect(
                    message.contains(":\(line):") || message.contains(":\(line) ") || message.contains("line \(line)"),
                    "\(label): line \(line) not named: \(message)")
            }
            #expect(message.contains(expectedSays), "\(label): expected '\(expectedSays)' in: \(message)")
            if command.contains("--json") {
                let json = try #require(
                    Hardening.parses(Array(run.stdout.utf8)), "\(label): no JSON error: \(run.stdout)")
                #expect(json["ok"] == .bool(false))
                #expect(json["error"]?["code"]?.intValue == Int(expectedCode))
            }
            #expect(snapshot(path) == before, "\(label): the input changed")
        }
        if expectedCode != 0 {
            #expect(sb.tree(folder) == folderBefore, "a command left something in \(folder)")
        }
        _ = chmod(path, 0o644)
    }

    /// Kind, size, mode and content hash of whatever is at `path` (without following a symlink or opening a FIFO).
    func snapshot(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "missing" }
        var text = "mode \(info.st_mode) size \(info.st_size)"
        if info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: path) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in data {
                h = (h ^ UInt64(b)) &* 0x100_0000_01b3
            }
            text += " fnv \(h)"
        } else if info.st_mode & S_IFMT == S_IFLNK {
            text += " -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
        }
        return text
    }
}
