import Foundation
import SessionModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What each fuzzer does with one input. Shared by the libFuzzer targets (Fuzz/) and the regression tests
/// (Tests/SessionModelTests/FuzzRegressionTests.swift, which runs every saved input in Tests/Fixtures/fuzz/ through
/// the same functions). A broken invariant traps: that is the finding.
public enum FuzzBodies {
    /// Strict parse; a parsed value must survive write → parse unchanged, compact and pretty. The file-level reader
    /// must give a 65 error with a line inside the input, never anything else.
    public static func json(_ input: UnsafeBufferPointer<UInt8>) {
        switch JSONParser.parse(input) {
        case .success(let value):
            for bytes in [JSONWriter.compact(value), JSONWriter.pretty(value)] {
                guard let again = try? JSONParser.parse(bytes) else {
                    fatalError("written JSON does not parse: \(String(decoding: bytes, as: UTF8.self))")
                }
                if again != value { fatalError("JSON round trip changed the value") }
            }
        case .failure(let error):
            if error.line < 1 || error.column < 1 || error.offset > input.count {
                fatalError("error position out of range: \(error)")
            }
        }
        let bytes = Array(input)
        do {
            _ = try JSONFile.parse(bytes, path: "/fuzz.json")
        } catch {
            if ToolError(error).code != .dataError {
                fatalError("JSONFile.parse gave \(ToolError(error).code), expected 65")
            }
            if let line = error.line, line < 1 || line > bytes.filter({ $0 == 0x0A }).count + 1 {
                fatalError("line \(line) outside the input")
            }
            if error.description.contains("\n") { fatalError("multi-line error message") }
        }
        // Strict mode accepts a text exactly when its UTF-8 is well-formed as far as the JSON goes: what it accepts
        // is well-formed as a whole (the bulk check never lets a bad string through), and an "invalid UTF-8"
        // refusal names a text that is not.
        let wellFormed = String(validating: input, as: UTF8.self) != nil
        switch JSONParser.parse(input) {
        case .success: if !wellFormed { fatalError("strict parse accepted ill-formed UTF-8") }
        case .failure(let error):
            if error.reason.contains("UTF-8") && wellFormed { fatalError("well-formed UTF-8 refused: \(error)") }
        }
        // Lenient UTF-8 mode must accept whatever strict mode accepts.
        if case .success(let strict) = JSONParser.parse(input),
            case .success(let lenient) = JSONParser.parse(input, strictUTF8: false),
            strict != lenient
        {
            fatalError("strict and lenient parses differ on valid UTF-8")
        }
    }

    /// NUL-separated words are a command line; every tool's command tree must parse it or give a usage error
    /// (exit 64) with one-line text — and help for whatever command it resolves to must render.
    public static func arguments(_ input: UnsafeBufferPointer<UInt8>) {
        let words = input.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self)
        }
        let args = input.isEmpty ? [] : words
        let tokens = Tokenizer.tokenize(args)
        if tokens.count != args.count { fatalError("tokenizer changed the word count") }
        for tool in tools {
            guard let root = ToolRunner.command(for: tool) else { fatalError("no command for \(tool)") }
            do {
                switch try ArgumentParser.parse(args, root: root) {
                case .help(let path):
                    _ = HelpFormatter.help(ArgumentParser.resolve(path, root: root), path: path)
                case .version:
                    break
                case .run(let parsed):
                    if parsed.commandPath.first != tool { fatalError("command path lost the tool") }
                }
            } catch {
                if error.code != .usage { fatalError("parser error with code \(error.code): \(error)") }
                if error.description.contains("\n") && !args.contains(where: { $0.contains("\n") }) {
                    fatalError("multi-line usage error")
                }
            }
        }
    }

    static let tools = ["save-session", "save-state", "load-state", "export-session", "resume-session", "setup-agents"]

    /// The input as a file, read line by line with a tiny buffer (so the buffer grows and shifts): the lines must
    /// add back up to the input.
    public static func lineReader(_ input: UnsafeBufferPointer<UInt8>) {
        // A file of its own: the saved-input tests run these bodies in parallel in one process.
        let path = scratch.file("lines-\(UInt64.random(in: 0...UInt64.max)).txt")
        defer { unlink(path) }
        write(input, to: path)
        for chunk in [1, 3, 64, 1 << 20] {
            var rebuilt: [UInt8] = []
            var count = 0
            do {
                try LineReader.forEachLine(path: path, chunkSize: chunk) { line, number in
                    count += 1
                    if number != count { fatalError("line numbers skip: \(number) after \(count - 1)") }
                    if line.contains(0x0A) { fatalError("a line holds a newline") }
                    rebuilt.append(contentsOf: line)
                    rebuilt.append(0x0A)
                    return true
                }
            } catch {
                fatalError("LineReader failed on a regular file: \(error)")
            }
            // Compare modulo the trimmed \r before each \n and the final newline.
            var expected: [UInt8] = []
            var i = 0
            while i < input.count {
                let b = input[i]
                if b == 0x0D, i + 1 < input.count, input[i + 1] == 0x0A {
                    i += 1
                    continue
                }
                expected.append(b)
                i += 1
            }
            if let last = expected.last, last != 0x0A { expected.append(0x0A) }
            // A final line that is only "\r" is trimmed to empty.
            if expected.count >= 2, expected[expected.count - 2] == 0x0D, input.last == 0x0D {
                expected.remove(at: expected.count - 2)
            }
            if rebuilt != expected { fatalError("lines do not add back up to the input (chunk \(chunk))") }
        }
        let first = LineReader.firstLine(path: path)
        if let first, first.contains(0x0A) { fatalError("firstLine holds a newline") }
    }

    /// The input as a transcript of each agent, streamed through its store's reader: errors are fine (ToolError
    /// with a code), traps are not. Agents whose reader is not built yet throw at once and cost nothing.
    public static func transcripts(_ input: UnsafeBufferPointer<UInt8>) {
        let path = scratch.file("transcript-\(UInt64.random(in: 0...UInt64.max)).jsonl")
        defer { unlink(path) }
        write(input, to: path)
        for agent in AgentRegistry.standard.kinds {
            let store = AgentStores.store(agent, context: scratch.context)
            let summary = SessionSummary(
                agent: agent, id: "5b1c7e2a-3f4d-4c8e-9a6b-0d2e4f6a8c10", path: path,
                projectPath: scratch.path)
            var events = 0
            do {
                let stats = try store.read(summary) { _ in events += 1 }
                if stats.lines < 0 || stats.messages < 0 { fatalError("negative counts") }
            } catch {
                _ = "\(error)"
            }
            _ = try? store.tasks(summary)
        }
    }

    static func write(_ input: UnsafeBufferPointer<UInt8>, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { fatalError("cannot write scratch file \(path)") }
        var offset = 0
        while offset < input.count {
            #if canImport(Glibc)
                let n = Glibc.write(fd, input.baseAddress! + offset, input.count - offset)
            #else
                let n = Darwin.write(fd, input.baseAddress! + offset, input.count - offset)
            #endif
            if n <= 0 { fatalError("short write") }
            offset += n
        }
        close(fd)
    }

    /// One scratch folder (with its own HOME) per process.
    static let scratch = Scratch()

    final class Scratch: Sendable {
        let path: String
        let context: ToolContext

        init() {
            var template = Array((NSTemporaryDirectory() + "/agent-sessions-fuzz-XXXXXX").utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            path = String(cString: made!)
            mkdir(path + "/home", 0o755)
            context = ToolContext(
                tool: "fuzz", arguments: [], environment: ["HOME": path + "/home", "PATH": "/usr/bin:/bin"],
                workingDirectory: path, stdout: BufferSink(), stderr: BufferSink())
        }

        func file(_ name: String) -> String { path + "/" + name }
    }
}
