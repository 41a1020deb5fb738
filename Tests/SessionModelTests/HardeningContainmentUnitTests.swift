import Foundation
import Testing

@testable import SessionModel

#if canImport(Glibc)
    import Glibc
#endif

/// The containment rule and the exact-id rules of issue #12, on their own.
@Suite struct HardeningContainmentUnitTests {
    @Test func linksLeavingTheRootAreRefusedAndLinksStayingInsideAreFollowed() throws {
        let tmp = TempDir()
        let root = tmp.file("project")
        try FileManager.default.createDirectory(atPath: root + "/inside", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tmp.file("outside"), withIntermediateDirectories: true)
        #expect(symlink(root + "/inside", root + "/good") == 0)
        #expect(symlink("../outside", root + "/bad") == 0)  // relative
        #expect(symlink(tmp.file("nowhere/x"), root + "/dangling") == 0)
        #expect(symlink("inside/../../outside", root + "/sneaky") == 0)
        try Containment.check(root + "/good/a/b.json", inside: root)
        try Containment.check(root + "/new/folder/b.json", inside: root)
        try Containment.check(tmp.file("elsewhere/b.json"), inside: root)  // not below the root: the caller's choice
        for link in ["bad", "dangling", "sneaky"] {
            let error = try #require(throws: SessionError.self) {
                try Containment.check(root + "/\(link)/b.json", inside: root)
            }
            #expect(ToolError(error).code == .cantCreate)
            #expect(error.file == root + "/" + link)
        }
        // The file itself is the writers' business; a folder to write in is checked itself.
        try Containment.check(root + "/bad", inside: root)
        #expect(throws: SessionError.self) { try Containment.check(folder: root + "/bad", inside: root) }
    }

    @Test func aLockPathThatIsALinkIsNeverFollowedNorRemoved() throws {
        let tmp = TempDir()
        try FileManager.default.createDirectory(atPath: tmp.file("d"), withIntermediateDirectories: true)
        #expect(symlink(tmp.file("target.lock"), tmp.file("d/f.json.lock")) == 0)
        #expect(throws: SessionError.self) { _ = try FileLock.acquire(for: tmp.file("d/f.json"), timeout: 0) }
        #expect(FileInfo.kind(tmp.file("d/f.json.lock")) == .symlink)
        #expect(FileInfo.kind(tmp.file("target.lock")) == .missing)
        // A lock file replaced while held is not ours any more: release leaves it.
        let lock = try FileLock.acquire(for: tmp.file("e/f.json"), timeout: 0)
        unlink(tmp.file("e/f.json.lock"))
        try tmp.write("e/f.json.lock", "someone else's\n")
        lock.release()
        #expect(FileInfo.isFile(tmp.file("e/f.json.lock")))
    }

    @Test func rolloutNamesGiveTheWholeId() {
        #expect(CodexRolloutName.id("rollout-2026-01-02T03-04-05-0199a1b2-c3d4.jsonl") == "0199a1b2-c3d4")
        #expect(CodexRolloutName.id("rollout-2026-01-02T03-04-05-c3d4.jsonl") == "c3d4")
        #expect(CodexRolloutName.id("rollout-2026-01-02T03-04-05-.jsonl") == nil)
        #expect(CodexRolloutName.id("rollout-2026-01-02X03-04-05-abc.jsonl") == nil)
        #expect(CodexRolloutName.id("notes-2026-01-02T03-04-05-abc.jsonl") == nil)
        #expect(CodexRolloutName.id("rollout-2026-01-02T03-04-05-abc.jsonl.replaced") == nil)
    }

    @Test func duplicateKeysAreAnErrorOnlyWhenAsked() throws {
        let text = Array("{\"a\":1,\n\"b\":{\"c\":1,\"c\":2}}".utf8)
        #expect((try JSONParser.parse(text))["b"]?["c"] == 2)
        let error = try #require(throws: JSONParseError.self) { try JSONParser.parse(text, rejectDuplicateKeys: true) }
        #expect(error.reason == "duplicate key \"c\"" && error.line == 2)
        let file = try #require(throws: SessionError.self) { try JSONFile.parse(text, path: "x.json") }
        #expect(ToolError(file).code == .dataError && file.line == 2)
    }
}
