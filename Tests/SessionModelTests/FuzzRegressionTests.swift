import Foundation
import Testing

@testable import SessionModel

/// Every input in Tests/Fixtures/fuzz/<fuzzer>/ (seeds, and each crash `make fuzz` ever found) runs through the same
/// body as the libFuzzer target (FuzzBodies.swift is shared with Fuzz/): a regression traps the test process.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz").path

    struct Input: Sendable, CustomTestStringConvertible {
        var fuzzer: String
        var path: String
        var testDescription: String { fuzzer + "/" + Paths.basename(path) }
    }

    static var inputs: [Input] {
        ["json", "arguments", "linereader", "transcripts"].flatMap { fuzzer in
            FileInfo.list(root + "/" + fuzzer).sorted().filter { !$0.hasPrefix(".") && $0 != "README.md" }.map {
                Input(fuzzer: fuzzer, path: root + "/" + fuzzer + "/" + $0)
            }
        }
    }

    @Test func everyFuzzerHasSavedInputs() {
        for fuzzer in ["json", "arguments", "linereader", "transcripts"] {
            #expect(Self.inputs.contains { $0.fuzzer == fuzzer }, "no inputs for \(fuzzer) in \(Self.root)")
        }
    }

    @Test(arguments: inputs)
    func savedInputStillPasses(_ input: Input) throws {
        let bytes = try #require(FileManager.default.contents(atPath: input.path)).map { $0 }
        bytes.withUnsafeBufferPointer { buffer in
            switch input.fuzzer {
            case "json": FuzzBodies.json(buffer)
            case "arguments": FuzzBodies.arguments(buffer)
            case "linereader": FuzzBodies.lineReader(buffer)
            default: FuzzBodies.transcripts(buffer)
            }
        }
    }
}
