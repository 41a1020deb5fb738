import Testing

@testable import SessionModel

@Suite struct TokenizerTests {
    static let cases: [([String], [ArgumentToken])] = [
        (["--notes", "x"], [.long("notes", value: nil), .positional("x")]),
        (["--notes=x=y"], [.long("notes", value: "x=y")]),
        (["--notes="], [.long("notes", value: "")]),
        (["-h"], [.short("h")]),
        (["-"], [.stdin]),
        (["--", "--json", "-"], [.terminator, .positional("--json"), .positional("-")]),
        (
            ["a", "--pending", "b", "--pending", "c"],
            [
                .positional("a"), .long("pending", value: nil), .positional("b"), .long("pending", value: nil),
                .positional("c"),
            ]
        ),
        (["-12"], [.positional("-12")]),
        (["-abc"], [.long("abc", value: nil)]),
        (["héllo wörld"], [.positional("héllo wörld")]),
        ([], []),
    ]

    @Test(arguments: cases)
    func tokenize(_ input: [String], _ expected: [ArgumentToken]) {
        #expect(Tokenizer.tokenize(input) == expected)
    }
}
