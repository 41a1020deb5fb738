import Foundation
import Testing

@testable import SessionModel

/// The string scanner reads 8 bytes at a time; these check every byte that matters at every offset of a word.
@Suite struct HardeningParserTests {
    /// (JSON text inside the quotes, the string it means)
    static let pieces: [(String, String)] = [
        ("a", "a"), ("plain text ", "plain text "), ("é", "é"), ("日本", "日本"), ("🚀", "🚀"), ("\\n", "\n"),
        ("\\\"", "\""), ("\\\\", "\\"), ("\\/", "/"), ("\\t", "\t"), ("\\u00e9", "é"), ("\\ud83d\\ude80", "🚀"),
        ("\\ud800", "\u{FFFD}"), ("~", "~"), ("\u{7F}", "\u{7F}"), (" ", " "),
    ]

    @Test func stringsDecodeTheSameAtEveryAlignment() throws {
        var rng = SplitMix64Unit(seed: 42)
        for _ in 0..<3000 {
            var json = ""
            var expected = ""
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                let p = Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &rng)]
                json += p.0
                expected += p.1
            }
            let pad = String(repeating: " ", count: Int.random(in: 0...9, using: &rng))
            let text = pad + "[\"" + json + "\"," + "\"" + json + json + "\"]"
            let value = try JSONParser.parse(text)
            #expect(value == .array([.string(expected), .string(expected + expected)]), "\(text.debugDescription)")
        }
    }

    @Test func controlCharactersAndQuotesAreFoundAtEveryOffset() {
        for length in 0..<24 {
            for position in 0...length {
                var bytes = Array("\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: length)
                // a raw control character at `position` must be refused
                var control = bytes
                control.insert(0x01, at: 1 + position)
                control += Array("\"".utf8)
                #expect(throws: JSONParseError.self) { try JSONParser.parse(control) }
                // the closing quote at any offset ends the string exactly there
                bytes += Array("\"".utf8)
                #expect((try? JSONParser.parse(bytes)) == .string(String(repeating: "x", count: length)))
                // invalid UTF-8 at any offset is refused (strict) and named at the string's start
                var bad = Array("\"".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: length)
                bad.insert(0xFF, at: 1 + position)
                bad += Array("\"".utf8)
                #expect(throws: JSONParseError.self) { try JSONParser.parse(bad) }
                // an unterminated string is refused whatever its length
                #expect(throws: JSONParseError.self) {
                    try JSONParser.parse(Array("\"".utf8) + [UInt8](repeating: UInt8(ascii: "z"), count: length))
                }
            }
        }
    }
}

struct SplitMix64Unit: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct HardeningConflictMarkerTests {
    static let cases: [(String, Int?)] = [
        ("", nil), ("<<<<<<<", 1), ("<<<<<<< HEAD\n", 1), ("x\n<<<<<<<\n", 2), ("x\n\n<<<<<<< b", 3),
        (" <<<<<<< HEAD\n", nil), ("<<<<<<<x\n", nil), ("<<<<<<\n", nil), ("a\n<<<<<<<\r\n", nil),
        ("{\n  \"a\": 1\n}\n<<<<<<< ours\n", 4), ("\"<<<<<<< in a string\"", nil), ("\n", nil), ("\n<<<<<<<", 2),
    ]

    @Test func markersAreFoundOnlyAtTheStartOfALine() {
        for (text, line) in Self.cases {
            #expect(ConflictMarkers.firstLine(in: Array(text.utf8)) == line, "\(text.debugDescription)")
        }
    }

    @Test func nulBytesAreReportedWithTheirLine() {
        for (text, line) in [("\u{0}", 1), ("{\n\"a\":\"\u{0}\"}", 2), ("\n\n\n\u{0}\n", 4)] {
            do {
                _ = try JSONFile.parse(Array(text.utf8), path: "/x.json")
                Issue.record("accepted a NUL byte in \(text.debugDescription)")
            } catch {
                #expect(ToolError(error).code == .dataError && error.line == line && error.message.contains("NUL"))
            }
        }
    }
}
