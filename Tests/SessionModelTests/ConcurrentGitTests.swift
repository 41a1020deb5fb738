import Foundation
import Testing

@testable import SessionModel

/// save-state's git queries run side by side (issue #17): the pair gives exactly what the two calls give one after
/// the other.
@Suite struct ConcurrentGitTests {
    @Test func joinWaitsForTheBody() {
        final class Box: @unchecked Sendable { var value: Int? }
        let box = Box()
        let thread = PlatformThread {
            var sum = 0
            for i in 0..<2_000_000 { sum &+= i }  // long enough that a join that did not wait would see nil
            box.value = sum
        }
        thread.join()
        #expect(box.value == (0..<2_000_000).reduce(0, &+))
    }

    @Test func statusAlongsideTheAnchorEqualsBothInTurn() throws {
        let dir = TempDir()
        let repo = try dir.makeRepo()
        try "x\n".write(toFile: repo + "/new.txt", atomically: false, encoding: .utf8)
        let git = Git(context: TestRun("save-state", [], cwd: repo, home: dir.home).context, directory: repo)
        let (status, commit) = try git.status(alongside: { () throws(SessionError) in try StateAnchor.anchor(git) })
        #expect(status == (try git.status()))
        #expect(commit == (try StateAnchor.anchor(git)))
        #expect(commit?.subject == "first commit")
        #expect(status.changedFiles == ["new.txt"])
    }

    @Test func noHeadMeansNoCommit() throws {
        let dir = TempDir()
        let repo = dir.file("empty")
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        _ = try dir.git(["init", "-q", "-b", "main"], in: repo)
        let git = Git(context: TestRun("save-state", [], cwd: repo, home: dir.home).context, directory: repo)
        let (status, commit) = try git.status(alongside: { () throws(SessionError) in try StateAnchor.anchor(git) })
        #expect(status.head == nil)
        #expect(commit == nil)
    }
}
