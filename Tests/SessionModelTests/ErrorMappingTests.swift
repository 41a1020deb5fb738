import Testing

@testable import SessionModel

@Suite struct ErrorMappingTests {
    @Test(arguments: SessionError.Kind.allCases)
    func eachKindIsOneDocumentedExitCode(kind: SessionError.Kind) {
        let expected: [SessionError.Kind: ExitCode] = [
            .refused: .failure, .invalidValue: .usage, .badData: .dataError, .missing: .noInput,
            .cannotCreate: .cantCreate, .busy: .tempFail,
        ]
        #expect(ExitCode(kind) == expected[kind])
        #expect(ToolError(SessionError(kind, "x")).code == expected[kind])
    }

    @Test func theMappingKeepsFileLineDetailsAndWordsTheRemedy() {
        let error = SessionError(
            .badData, "not JSON", remedy: .replaceOnPurpose, file: "a.json", line: 3, column: 7,
            details: .string("d"))
        let mapped = ToolError(error)
        #expect(mapped.description == "a.json:3:7: not JSON (pass --force to replace it)")
        #expect(mapped.details == .string("d"))
        #expect(ToolError(SessionError(.missing, "gone", hint: "plain words")).hint == "plain words")
    }

    @Test func aCoreFailureThrownThroughTheRunnerIsReportedWithItsExitCode() throws {
        func failing() throws(SessionError) -> Int { throw SessionError(.busy, "locked") }
        #expect(throws: ToolError(.tempFail, "locked")) { try core { () throws(SessionError) in try failing() } }
    }
}
