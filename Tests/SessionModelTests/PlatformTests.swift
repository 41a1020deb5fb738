import Foundation
import Testing

@testable import SessionModel

@Suite struct ProcessRunnerTests {
    let env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]

    @Test func readsLargeStdoutAndStderrWithoutDeadlock() throws {
        let result = try SpawnProcessRunner().run(
            "sh", ["-c", "head -c 3000000 /dev/zero; head -c 2000000 /dev/zero >&2; exit 3"], workingDirectory: nil,
            environment: env, input: nil, timeout: 60)
        #expect(result.status == 3)
        #expect(result.stdout.count == 3_000_000)
        #expect(result.stderr.count == 2_000_000)
    }

    @Test func feedsStdinAndRunsInTheGivenFolder() throws {
        let dir = TempDir()
        let input = Array(String(repeating: "line\n", count: 200_000).utf8)
        let result = try SpawnProcessRunner().run(
            "sh", ["-c", "pwd; wc -l"], workingDirectory: dir.path,
            environment: env, input: input, timeout: 60)
        #expect(result.succeeded)
        #expect(
            result.stdoutText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                == [dir.path, "200000"])
    }

    /// The child exits without reading its input: the rest of the input cannot be written (EPIPE). That is the
    /// child's business, not a reason for SIGPIPE to end this process (it ended a whole test run once).
    @Test func aChildThatExitsWithoutReadingItsInputIsNoBrokenPipeForUs() throws {
        let input = [UInt8](repeating: 0x61, count: 4_000_000)  // far more than a pipe's buffer
        for _ in 0..<3 {
            let result = try SpawnProcessRunner().run(
                "sh", ["-c", "head -c 1 >/dev/null; echo read-one"], workingDirectory: nil,
                environment: env, input: input, timeout: 60)
            #expect(result.status == 0)
            #expect(result.stdoutText == "read-one\n")
        }
        // The thread's signal mask is as it was: SIGPIPE is not left blocked.
        var mask = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &mask)
        #expect(sigismember(&mask, SIGPIPE) == 0)
    }

    @Test func passesOnlyTheGivenEnvironment() throws {
        let result = try SpawnProcessRunner().run(
            "sh", ["-c", "echo \"$ONLY:$HOME\""], workingDirectory: nil,
            environment: env.merging(["ONLY": "yes"]) { $1 })
        #expect(result.stdoutText == "yes:\n")
    }

    @Test func killsAChildPastItsTimeLimit() throws {
        let result = try SpawnProcessRunner().run(
            "sh", ["-c", "exec cat"], workingDirectory: nil, environment: env,
            input: nil, timeout: 0.2)
        // stdin is /dev/null, so cat ends at once; a child that ignores stdin must be killed:
        #expect(result.status == 0)
        let stuck = try SpawnProcessRunner().run(
            "sh", ["-c", "exec tail -f /dev/null"], workingDirectory: nil,
            environment: env, input: nil, timeout: 0.2)
        #expect(stuck.timedOut)
        #expect(!stuck.succeeded)
        #expect(stuck.status == 128 + 9)
    }

    @Test func missingProgramIsAClearError() {
        #expect {
            _ = try SpawnProcessRunner().run("no-such-program-xyz", [], workingDirectory: nil, environment: env)
        } throws: { ($0 as? SessionError)?.message == "cannot run no-such-program-xyz: not found on PATH" }
    }
}

@Suite struct StorageTests {
    @Test func atomicWriteKeepsPermissionsAndLeavesNoTempFiles() throws {
        let dir = TempDir()
        let path = dir.file("a/b/c.json")
        try AtomicFile.write("one\n", to: path)
        chmod(path, 0o640)
        try AtomicFile.write("two\n", to: path)
        #expect(dir.read("a/b/c.json") == "two\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("a/b")) == ["c.json"])
    }

    @Test func atomicWriteRefusesSymlinksAndFolders() throws {
        let dir = TempDir()
        let target = try dir.write("target.txt", "keep\n")
        try FileManager.default.createSymbolicLink(atPath: dir.file("link"), withDestinationPath: target)
        #expect { try AtomicFile.write("x", to: dir.file("link")) } throws: {
            ($0 as? SessionError).map({ ToolError($0) })?.code == .cantCreate
        }
        #expect(dir.read("target.txt") == "keep\n")
        try FileManager.default.createDirectory(atPath: dir.file("folder"), withIntermediateDirectories: true)
        #expect { try AtomicFile.write("x", to: dir.file("folder")) } throws: {
            ($0 as? SessionError).map({ ToolError($0) })?.code == .cantCreate
        }
    }

    @Test func lockTimesOutWithExit75AndIsRemovedOnRelease() throws {
        let dir = TempDir()
        let file = dir.file("state.json")
        let held = try FileLock.acquire(for: file, timeout: 1)
        #expect(FileManager.default.fileExists(atPath: file + ".lock"))
        #expect {
            _ = try FileLock.acquire(for: file, timeout: 0.05)
        } throws: { error in
            guard let e = (error as? SessionError).map({ ToolError($0) }) else { return false }
            return e.code == .tempFail && e.file == file + ".lock"
        }
        held.release()
        #expect(!FileManager.default.fileExists(atPath: file + ".lock"))
        let again = try FileLock.acquire(for: file, timeout: 0.05)
        again.release()
    }

    @Test func jsonFileErrorsNameTheFileLineAndColumn() throws {
        let dir = TempDir()
        let cases: [(String, String, Int?)] = [
            ("", "file is empty, expected JSON", nil),
            (
                "{\n<<<<<<< HEAD\n\"a\":1\n=======\n\"a\":2\n>>>>>>> other\n}\n",
                "file contains git merge conflict markers", 2
            ),
            ("{\"a\":\"\u{0}\"}", "file contains a NUL byte; it is not JSON text", 1),
            ("{\"a\":\n\n  [1,2}", "invalid JSON: expected ',' or ']' in an array, found '}'", 3),
        ]
        for (i, (text, message, line)) in cases.enumerated() {
            let path = try dir.write("f\(i).json", text)
            #expect {
                _ = try JSONFile.read(path)
            } throws: { error in
                guard let e = (error as? SessionError).map({ ToolError($0) }) else { return false }
                return e.code == .dataError && e.message == message && e.line == line && e.file == path
            }
            #expect(dir.read("f\(i).json") == text)
        }
        try FileManager.default.createDirectory(atPath: dir.file("dir.json"), withIntermediateDirectories: true)
        #expect { _ = try JSONFile.read(dir.file("dir.json")) } throws: {
            ($0 as? SessionError).map({ ToolError($0) })?.code == .dataError
        }
        #expect(try JSONFile.read(dir.file("missing.json")) == nil)
    }

    @Test func lineReaderStreamsLinesOfAnyLength() throws {
        let dir = TempDir()
        let long = String(repeating: "x", count: 3_000_000)
        let path = try dir.write("t.jsonl", "a\r\n\n\(long)\nlast")
        var lines: [(Int, Int)] = []
        try LineReader.forEachLine(path: path, chunkSize: 4096) { line, n in
            lines.append((n, line.count))
            return true
        }
        #expect(lines.map(\.0) == [1, 2, 3, 4])
        #expect(lines.map(\.1) == [1, 0, 3_000_000, 4])
        #expect(LineReader.firstLine(path: path) == Array("a".utf8))
        #expect { try LineReader.forEachLine(path: dir.file("nope")) { _, _ in true } } throws: {
            ($0 as? SessionError).map({ ToolError($0) })?.code == .noInput
        }
    }

    @Test func sqliteWrapperRoundTripsAndReportsBusy() throws {
        let dir = TempDir()
        let path = dir.file("j.db")
        let db = try SQLiteDatabase(path: path, readOnly: false, busyTimeout: 50)
        try db.execute("PRAGMA journal_mode=WAL; CREATE TABLE t(a INTEGER, b TEXT, c BLOB)")
        try db.query("INSERT INTO t VALUES (?, ?, ?)", [.int(7), .text("é"), .blob([1, 2])])
        #expect(try db.rows("SELECT a, b, c FROM t") == [[.int(7), .text("é"), .blob([1, 2])]])
        let other = try SQLiteDatabase(path: path, readOnly: false, busyTimeout: 50)
        try db.execute("BEGIN IMMEDIATE")
        #expect { try other.execute("BEGIN IMMEDIATE") } throws: {
            ($0 as? SessionError).map({ ToolError($0) })?.code == .tempFail
        }
        try db.execute("COMMIT")
        let ro = try SQLiteDatabase(path: path, readOnly: true)
        #expect { try ro.execute("INSERT INTO t VALUES (1, 'x', NULL)") } throws: {
            ($0 as? SessionError).map({ ToolError($0) })?.code == .cantCreate
        }
        #expect { _ = try SQLiteDatabase(path: dir.file("none.db"), readOnly: true) } throws: {
            ($0 as? SessionError).map({ ToolError($0) })?.code == .noInput
        }
    }
}

@Suite struct LeftoverTests {
    @Test func tempFilesOfDeadWritersAreRemovedAndLiveOnesKept() throws {
        let dir = TempDir()
        let path = dir.file("state.json")
        // A pid that cannot exist (above pid_max) stands for a killed writer; our own pid for a live one.
        let dead = try dir.write(".state.json.tmp-2147483646-77", "torn")
        let live = try dir.write(".state.json.tmp-\(getpid())-5", "in flight")
        let other = try dir.write(".other.json.tmp-2147483646-1", "not ours")
        try AtomicFile.write("{}\n", to: path)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other))
        #expect(dir.read("state.json") == "{}\n")
    }

    @Test func lineReaderRefusesDevices() throws {
        let dir = TempDir()
        try FileManager.default.createSymbolicLink(atPath: dir.file("t.jsonl"), withDestinationPath: "/dev/zero")
        #expect {
            try LineReader.forEachLine(path: dir.file("t.jsonl")) { _, _ in true }
        } throws: { ($0 as? SessionError).map({ ToolError($0) })?.code == .dataError }
    }
}

@Suite struct StdinDeadlineTests {
    @Test func aPipeLeftOpenAfterPartOfThePayloadDoesNotHang() throws {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        let partial = Array("{\"session_id\":".utf8)
        _ = partial.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        let input = FileDescriptorInput(fd: fds[0])
        // It returns at the deadline (the writer never closes the pipe) with what had arrived.
        let bytes = input.readAll(timeout: 0.2)
        #expect(bytes == partial)
        #expect(input.readAll(timeout: 0.05) == nil)
    }
}

@Suite struct StreamingFileTempTests {
    static let deadWriter = ".agent-sessions-2147483646-1.tmp"  // a pid above pid_max: a killed writer

    /// A named temp file (what a file system without O_TMPFILE gets): on publishing, the temp files of writers that
    /// no longer exist go, a live writer's stays, and nothing of ours is left.
    @Test func namedWriterRemovesDeadWritersTempsAndKeepsLiveOnes() throws {
        let dir = TempDir()
        let dead = try dir.write(Self.deadWriter, "torn")
        let live = try dir.write(".agent-sessions-\(getpid())-2.tmp", "in flight")
        let file = try StreamingFile(folder: dir.path, scan: false, unnamed: false)
        #expect(file.file.tempPath != nil)
        try file.buffer.write("hello\n")
        let path = try file.commitNew(name: "out.md") { "out-\($0).md" }
        #expect(dir.read("out.md") == "hello\n" && path == dir.file("out.md"))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(Set(FileInfo.list(dir.path)) == ["out.md", ".agent-sessions-\(getpid())-2.tmp"])
    }

    /// An unnamed file (Linux O_TMPFILE) names nothing, so it never lists its folder for dead writers' temp files.
    @Test func unnamedWriterDoesNotListItsFolder() throws {
        let dir = TempDir()
        let dead = try dir.write(Self.deadWriter, "torn")
        let file = try StreamingFile(folder: dir.path)
        guard file.file.tempPath == nil else { return }  // no O_TMPFILE here: the named path above applies
        try file.buffer.write("hello\n")
        _ = try file.commitNew(name: "out.md") { "out-\($0).md" }
        #expect(dir.read("out.md") == "hello\n")
        #expect(FileManager.default.fileExists(atPath: dead), "an unnamed writer swept the folder")
        // Replacing names the file for an instant (link, then rename): that writer sweeps.
        let again = try StreamingFile(folder: dir.path)
        try again.buffer.write("again\n")
        _ = try again.commitReplacing(dir.file("out.md"))
        #expect(dir.read("out.md") == "again\n")
        #expect(Set(FileInfo.list(dir.path)) == ["out.md"])
    }

    /// A replacement is written beside its file and leaves nothing but the file, with the old file's mode.
    @Test func replacementKeepsModeAndLeavesNoTemp() throws {
        let dir = TempDir()
        let path = try dir.write("run.sh", "old\n")
        #expect(PlatformFacts.setMode(path, 0o750))
        try AtomicFile.write("new\n", to: path)
        #expect(dir.read("run.sh") == "new\n")
        #expect(FileCalls.status(path, followLinks: false)?.permissions == 0o750)
        #expect(FileInfo.list(dir.path) == ["run.sh"])
    }
}
